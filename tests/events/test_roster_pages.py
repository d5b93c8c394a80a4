"""The roster's pages: the back half read from its end shows the same rows in the same order, a page past the end
shows the last page, an organizer's roster and its count hold their people only, labels follow the language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from coalition.pagination import EitherEndPaginator
from coalition.templatetags.choices import choice_label
from events import selectors
from events.models import RSVP
from members.models import Person
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

STATUSES = ["going", "maybe", "declined", "cancelled", "waitlisted"]


def _big_roster(n: int):  # type: ignore[no-untyped-def]
    """An event with n RSVPs: every status, shared last names (ties broken by first name, then id), some
    waitlisted at the same moment and some never waitlisted."""
    event = EventFactory()
    at = timezone.now() - timedelta(days=2)
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        person = PersonFactory(first_name=f"Ana{i % 4}", last_name=f"Lopez{i % 7}")
        RSVPFactory(event=event, person=person, status=status,
                    waitlisted_at=at + timedelta(minutes=i % 3) if status == "waitlisted" else None)
    return event


def _shown(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="travel-(\d+)"', body)]


def test_every_page_of_the_roster_shows_the_rows_of_the_ordered_list_once_and_past_the_end_the_last(
        regions, staff) -> None:
    event = _big_roster(120)
    expected = list(selectors.event_roster(actor=staff, event=event).values_list("pk", flat=True))
    client = Client()
    client.force_login(staff)
    url = reverse("events:event_detail", kwargs={"pk": event.pk})
    pages = [_shown(client.get(url, {"page": n}).content.decode()) for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [50, 50, 20]
    assert pages[0] + pages[1] + pages[2] == expected
    assert _shown(client.get(url, {"page": 999999}).content.decode()) == pages[2]
    assert _shown(client.get(url, {"page": "x"}).content.decode()) == pages[0]
    # Filtered and searched, the back half is the list's own too.
    going = list(selectors.event_roster(actor=staff, event=event, status="going", q="lopez")
                 .values_list("pk", flat=True))
    assert _shown(client.get(url, {"status": "going", "q": "lopez", "page": 1}).content.decode()) == going


@pytest.mark.parametrize("per_page,orphans", [(7, 0), (10, 3), (50, 0), (1, 0)])
def test_the_either_end_paginator_gives_the_pages_of_the_plain_one(regions, staff, per_page, orphans) -> None:
    from django.core.paginator import Paginator

    event = _big_roster(23)
    qs = selectors.event_roster(actor=staff, event=event)
    plain, either = Paginator(qs, per_page, orphans=orphans), EitherEndPaginator(qs, per_page, orphans=orphans)
    assert either.num_pages == plain.num_pages
    for number in plain.page_range:
        assert [r.pk for r in either.page(number)] == [r.pk for r in plain.page(number)]
    # Not a queryset (nothing to reverse): sliced as before.
    rows = list(range(23))
    assert list(EitherEndPaginator(rows, 5).page(5)) == [20, 21, 22]


def test_an_organizers_roster_and_its_count_hold_only_their_people(regions, organizer_chicago,
                                                                   organizer_central) -> None:
    event = _big_roster(5)  # Cook County people: Chicago's region
    elsewhere = PersonFactory(first_name="Outside", county=None, region=regions["central"])
    RSVPFactory(event=event, person=elsewhere, status="going")
    assigned = PersonFactory(first_name="Assigned", county=None, region=regions["central"],
                             assigned_organizer=organizer_chicago)
    RSVPFactory(event=event, person=assigned, status="going")
    forgotten = PersonFactory(first_name="Gone")
    Person.objects.filter(pk=forgotten.pk).update(forgotten_at=timezone.now())
    RSVPFactory(event=event, person=forgotten, status="going")
    roster = selectors.event_roster(actor=organizer_chicago, event=event)
    names = {rsvp.person.first_name for rsvp in roster}
    assert "Outside" not in names and "Gone" not in names and "Assigned" in names
    assert roster.count() == len(list(roster)) == 6
    central = selectors.event_roster(actor=organizer_central, event=event)
    assert {rsvp.person.first_name for rsvp in central} == {"Outside", "Assigned"}  # the region's people


def test_choice_labels_are_those_of_get_display_in_each_language(regions) -> None:
    rsvp = RSVPFactory(status=RSVP.Status.WAITLISTED, source=RSVP.Source.PUBLIC)
    for language in ("en", "es"):
        with translation.override(language):
            assert choice_label(rsvp, "status") == rsvp.get_status_display()
            assert choice_label(rsvp, "source") == rsvp.get_source_display()
    # The same process serves both languages: one language's labels never show on the other's page.
    with translation.override("es"):
        assert choice_label(rsvp, "status") == "En lista de espera"
    with translation.override("en"):
        assert choice_label(rsvp, "status") == "Waitlisted"
    rsvp.status = "not-a-choice"
    assert choice_label(rsvp, "status") == "not-a-choice" == rsvp.get_status_display()
