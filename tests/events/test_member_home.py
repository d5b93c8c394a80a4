"""A member's home: greeted by the name they go by, their own RSVPs, their region's events joinable in one tap,
their trainings and next step on the ladder; a fixed number of queries whatever they have."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coalition.models import Region
from events.models import RSVP
from leadership.models import Stage, StageCriterion, Training, TrainingCompletion
from members.models import ConsentRequest
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def home(user: Any) -> str:
    return client_for(user).get(reverse("coalition:home")).content.decode()


def test_member_is_greeted_by_preferred_name_never_the_legal_one(member: Any) -> None:
    member.person.preferred_name = "Dee"
    member.person.save(update_fields=["preferred_name"])
    body = home(member)
    assert "Hi, Dee" in body and "Dolores" not in body


def test_member_without_preferred_name_is_greeted_by_first_name(member: Any) -> None:
    assert "Hi, Dolores" in home(member)


def test_rsvp_row_shows_time_place_bus_and_calendar_file(member: Any) -> None:
    event = EventFactory(title="Springfield Advocacy Day", is_public=False)
    bus = BusFactory(event=event, pickup_point=PickupPointFactory(name="St. Sabina lot"),
                     departs_at=event.starts_at - timedelta(hours=3))
    RSVPFactory(event=event, person=member.person, bus=bus, status=RSVP.Status.GOING)
    body = home(member)
    assert "Springfield Advocacy Day" in body and event.venue.name in body
    assert "Your bus leaves from St. Sabina lot" in body
    ics = reverse("events:member_event_ics", args=[event.pk])
    assert ics in body
    answer = client_for(member).get(ics)
    assert answer.status_code == 200 and b"BEGIN:VCALENDAR" in answer.content
    vevent = next(c for c in Calendar.from_ical(answer.content).walk() if c.name == "VEVENT")
    assert vevent.decoded("dtstart") == bus.departs_at.replace(microsecond=0)
    assert "St. Sabina lot" in str(vevent.get("location"))
    manage = re.search(r'href="(/r/[^"]+/)"', body)
    assert manage is not None and "Springfield Advocacy Day" in client_for(member).get(manage.group(1)).content.decode()


def test_member_sees_only_their_own_rsvps_and_calendar_files(member: Any) -> None:
    other = EventFactory(title="Someone else's training", is_public=False)
    RSVPFactory(event=other, person=PersonFactory(), status=RSVP.Status.GOING)
    assert "Someone else" not in home(member)
    assert client_for(member).get(reverse("events:member_event_ics", args=[other.pk])).status_code == 404


def test_only_public_events_of_their_region_or_statewide_are_offered(member: Any) -> None:
    central = Region.objects.get(slug="central")
    EventFactory(title="Chicago clinic", region=Region.objects.get(slug="chicago"))
    EventFactory(title="Statewide webinar", region=None)
    EventFactory(title="Peoria training", region=central)
    EventFactory(title="Private meeting", is_public=False, region=None)
    going = EventFactory(title="Already going", region=None)
    RSVPFactory(event=going, person=member.person, status=RSVP.Status.GOING)
    offered = home(member).split('id="join-events-heading"')[1]
    assert "Chicago clinic" in offered and "Statewide webinar" in offered
    assert "Peoria training" not in offered and "Private meeting" not in offered and "Already going" not in offered
    peoria = EventFactory(title="Peoria only", region=central)
    assert client_for(member).post(reverse("events:member_join", args=[peoria.pk])).status_code == 404


def test_one_tap_join_records_one_rsvp_even_on_a_double_tap(member: Any) -> None:
    event = EventFactory(title="Clean Slate town hall", region=None)
    client = client_for(member)
    url = reverse("events:member_join", args=[event.pk])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    assert RSVP.objects.filter(event=event, person=member.person).count() == 1
    rsvp = RSVP.objects.get(event=event, person=member.person)
    assert rsvp.status == RSVP.Status.GOING and rsvp.source == RSVP.Source.PUBLIC
    assert "You are going to Clean Slate town hall" in first.content.decode()
    assert "You are going to Clean Slate town hall" in second.content.decode()
    # Joined: it is now among their events, not among those to join.
    body = second.content.decode()
    assert url not in body and reverse("events:member_event_ics", args=[event.pk]) in body


def test_full_event_offers_the_waitlist_and_joining_waitlists(member: Any) -> None:
    event = EventFactory(title="Small workshop", region=None, capacity=1)
    RSVPFactory(event=event, person=PersonFactory(), status=RSVP.Status.GOING)
    offered = home(member).split('id="join-events-heading"')[1]
    assert "Join the waitlist" in offered
    answer = client_for(member).post(reverse("events:member_join", args=[event.pk]), follow=True)
    assert RSVP.objects.get(event=event, person=member.person).status == RSVP.Status.WAITLISTED
    assert "You are on the waitlist for Small workshop" in answer.content.decode()


def test_joining_gives_no_consent(member: Any) -> None:
    """Like the public form without its reminder box: consent stays what the person gave."""
    event = EventFactory(region=None)
    client_for(member).post(reverse("events:member_join", args=[event.pk]))
    member.person.refresh_from_db()
    assert RSVP.objects.filter(event=event, person=member.person).exists()
    assert not member.person.sms_consent and not member.person.email_consent
    assert not ConsentRequest.objects.exists()


def test_closed_event_says_so_in_plain_words(member: Any) -> None:
    event = EventFactory(region=None, rsvp_deadline=timezone.now() + timedelta(days=1))
    page = home(member)
    assert reverse("events:member_join", args=[event.pk]) in page
    event.rsvp_deadline = timezone.now() - timedelta(minutes=1)
    event.save(update_fields=["rsvp_deadline"])
    answer = client_for(member).post(reverse("events:member_join", args=[event.pk]), follow=True)
    assert "RSVPs for this event closed" in answer.content.decode()
    assert not RSVP.objects.filter(event=event, person=member.person).exists()


def test_other_roles_cannot_join_from_home(staff: Any) -> None:
    event = EventFactory(region=None)
    assert client_for(staff).post(reverse("events:member_join", args=[event.pk])).status_code == 404


def test_trainings_done_and_next_step_in_plain_words(member: Any, regions: Any) -> None:
    stages = list(Stage.objects.filter(active=True).order_by("order"))
    member.person.stage = stages[-3]
    member.person.save(update_fields=["stage"])
    nxt = stages[-2]
    criterion, _created = StageCriterion.objects.get_or_create(stage=nxt)
    story = Training.objects.create(name="Telling your story")
    done = Training.objects.create(name="Organizing 101")
    criterion.trainings.set([story, done])
    TrainingCompletion.objects.create(person=member.person, training=done, completed_on=date(2026, 3, 1))
    body = home(member)
    assert "Organizing 101" in body
    assert f"Next: {nxt.name}." in body and "Finish the “Telling your story” training." in body
    assert "Finish the “Organizing 101” training." not in body


# The session and the user, the greeting, then each panel's own reads (the call lists a member calls for among
# them): the same for 1 RSVP or 20.
QUERIES = 10


@pytest.mark.parametrize("rows", [1, 20])
def test_member_home_queries_are_constant(member: Any, regions: Any, rows: int,
                                          django_assert_num_queries: Any) -> None:
    pickup = PickupPointFactory()
    for n in range(rows):
        event = EventFactory(title=f"Going {n}", region=None)
        RSVPFactory(event=event, person=member.person, status=RSVP.Status.GOING,
                    bus=BusFactory(event=event, pickup_point=pickup))
        EventFactory(title=f"Open {n}", region=None)
        TrainingCompletion.objects.create(person=member.person, training=Training.objects.create(name=f"T{n}"),
                                          completed_on=date(2026, 1, 1))
    client = client_for(member)
    client.get(reverse("coalition:home"))  # warm the session
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("coalition:home"))
    body = response.content.decode()
    assert body.count('class="card member-rsvp"') == min(rows, 10)
    assert body.count(">I'll go<") == min(rows, 10) or body.count("I&#x27;ll go") == min(rows, 10)

