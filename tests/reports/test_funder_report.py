"""The funder report: its periods, its numbers equal those of the pages it summarises, constant queries, and a
printable page and a CSV with no person's name."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import LobbyVisit
from coalition.models import User
from events.models import Event
from events.selectors import checkin_counts
from leadership.models import Training, TrainingCompletion
from members.models import Interaction, RecordClearingReferral
from members.selectors import referral_list
from reports import selectors
from tests.campaigns.factories import LegislatorFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.reports.factories import people_spread, referral

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 14)


def test_quarters_and_years() -> None:
    assert selectors.period_quarter(2026, 1) == selectors.Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert selectors.period_quarter(2026, 4) == selectors.Period(datetime.date(2026, 10, 1),
                                                                 datetime.date(2026, 12, 31))
    assert selectors.period_year(2025) == selectors.Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=selectors.funder.CHICAGO)


def _contact(person: Any, when: datetime.datetime) -> None:
    Interaction.objects.create(person=person, happened_at=when, channel="phone", kind="one_on_one",
                               idempotency_key=uuid.uuid4())


def _world(staff: User, rows: int = 6) -> dict[str, Any]:
    made = people_spread({"17031": rows, "17167": 2})
    quarter = selectors.period_quarter(2026, 2)
    inside, before = _at(TODAY), _at(datetime.date(2026, 3, 20))
    day = EventFactory(kind=Event.Kind.ADVOCACY_DAY, starts_at=inside, ends_at=inside + datetime.timedelta(hours=6),
                       region=made[0].region)
    EventFactory(kind=Event.Kind.ADVOCACY_DAY, starts_at=before, ends_at=before + datetime.timedelta(hours=6))
    training = EventFactory(kind=Event.Kind.TRAINING, starts_at=inside, ends_at=inside + datetime.timedelta(hours=2))
    EventFactory(kind=Event.Kind.TRAINING, starts_at=inside, ends_at=inside + datetime.timedelta(hours=2),
                 status=Event.Status.CANCELLED)
    course = Training.objects.create(name="Telling your story")
    for index, person in enumerate(made):
        RSVPFactory(event=day, person=person, checked_in_at=inside if index % 2 == 0 else None)
        _contact(person, inside)
        if index % 3 == 0:
            TrainingCompletion.objects.create(person=person, training=course, completed_on=TODAY)
        referral(person, RecordClearingReferral.Status.GRANTED if index % 2 else RecordClearingReferral.Status.FILED,
                 referred_on=TODAY)
    _contact(made[0], before)
    referral(made[0], referred_on=datetime.date(2026, 3, 1))
    visit = LobbyVisit.objects.create(legislator=LegislatorFactory(), visited_on=TODAY, asked="Pass it",
                                      resulting_stance="yes", recorded_by=staff)
    LobbyVisit.objects.create(legislator=visit.legislator, visited_on=TODAY, asked="Again",
                              resulting_stance="yes", recorded_by=staff)
    return {"people": made, "quarter": quarter, "day": day, "training": training}


def test_the_report_counts_what_the_pages_it_summarises_show(staff: User) -> None:
    world = _world(staff)
    quarter = world["quarter"]
    report = selectors.funder_report(actor=staff, period=quarter)
    assert report.people_reached == len(world["people"])
    assert report.leaders_trained == report.trainings_completed == len(world["people"][::3])
    assert report.trainings_held == 1
    assert report.advocacy_days == 1
    # The check-in page's number for the one advocacy day in the quarter.
    assert report.advocacy_turnout == checkin_counts(actor=staff, event=world["day"])["checked_in"] == 4
    assert (report.legislators_visited, report.lobby_visits) == (1, 2)
    # The referrals page, filtered by status, over the quarter.
    for status, _label, count in report.referrals:
        assert count == referral_list(actor=staff, status=status).filter(
            referred_on__gte=quarter.start, referred_on__lte=quarter.end).count()
    assert report.referrals_total == len(world["people"])
    assert report.events_total.events == 2  # the advocacy day and the training; not the cancelled one
    assert sum(r.attended for r in report.events) == 4


def test_only_staff_and_admins_read_it(organizer_chicago: User, partner_rep: User) -> None:
    from coalition.access import OutOfReach

    for actor in (organizer_chicago, partner_rep):
        with pytest.raises(OutOfReach):
            selectors.funder_report(actor=actor, period=selectors.period_year(2026))


@pytest.mark.parametrize("rows", [1, 20])
def test_the_report_takes_the_same_queries_however_much_happened(staff: User, rows: int,
                                                                 django_assert_num_queries: Any) -> None:
    world = _world(staff, rows)
    with django_assert_num_queries(9):
        selectors.funder_report(actor=staff, period=world["quarter"])


def test_the_page_prints_and_the_csv_names_nobody(client: Any, staff: User) -> None:
    world = _world(staff)
    client.force_login(staff)
    query = {"kind": "quarter", "year": 2026, "quarter": 2}
    page = client.get(reverse("reports:funder_report"), query)
    html = page.content.decode()
    assert page.status_code == 200
    assert "css/reports.css" in html and "Advocacy-day turnout" in html
    export = client.get(reverse("reports:funder_report_export"), query)
    text = b"".join(export.streaming_content).decode()
    assert '"Advocacy","Advocacy-day turnout (check-ins)","4"' in text
    for person in world["people"]:
        name = f"{person.first_name} {person.last_name}"
        assert name not in text and name not in html


def test_a_custom_period_with_its_dates_the_wrong_way_round_says_so(client: Any, staff: User) -> None:
    client.force_login(staff)
    page = client.get(reverse("reports:funder_report"),
                      {"kind": "custom", "start": "2026-06-01", "end": "2026-05-01"}).content.decode()
    assert "The period ends before it starts" in page


def test_the_print_stylesheet_hides_the_form() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "reports.css").read_text()
    assert "@media print" in css and ".report-form" in css.split("@media print", 1)[1]


def test_a_year_is_the_default_quarter_when_nothing_is_chosen(client: Any, staff: User) -> None:
    client.force_login(staff)
    page = client.get(reverse("reports:funder_report"))
    today = timezone.localdate()
    quarter = selectors.period_quarter(today.year, (today.month - 1) // 3 + 1)
    assert page.context["report"].period == quarter
