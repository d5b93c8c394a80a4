"""Events on a person's page (RSVP by proxy starts there) and on a member's home page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import RSVP
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_person_page_lists_rsvps_and_links_to_rsvp_by_proxy(organizer_chicago, region_chicago) -> None:  # type: ignore[no-untyped-def]
    person = PersonFactory(first_name="Andre")
    going = EventFactory(title="Springfield Advocacy Day")
    RSVPFactory(event=going, person=person, status=RSVP.Status.GOING)
    other = EventFactory(title="Know Your Rights training")
    body = client_for(organizer_chicago).get(reverse("members:person_detail", args=[person.pk])).content.decode()
    assert "Springfield Advocacy Day" in body
    proxy = reverse("events:rsvp_proxy", args=[other.pk]) + f"?person={person.pk}"
    assert proxy in body
    # An event they already answered is not offered again.
    assert reverse("events:rsvp_proxy", args=[going.pk]) + f"?person={person.pk}" not in body
    # Following the link opens the proxy form for that person.
    assert client_for(organizer_chicago).get(proxy).status_code == 200


def test_member_home_shows_only_their_own_events(member, region_chicago) -> None:  # type: ignore[no-untyped-def]
    mine = EventFactory(title="Chicago 400 conference")
    RSVPFactory(event=mine, person=member.person, status=RSVP.Status.GOING)
    RSVPFactory(event=EventFactory(title="Someone else's clinic"), status=RSVP.Status.GOING)
    cancelled = EventFactory(title="A cancelled RSVP")
    RSVPFactory(event=cancelled, person=member.person, status=RSVP.Status.CANCELLED)
    body = client_for(member).get("/").content.decode()
    # "Your events" lists their RSVPs; the events they may still join come after it, in their own panel.
    yours = body.split('id="my-events-heading"')[1].split('id="join-events-heading"')[0]
    assert "Chicago 400 conference" in yours
    assert "Someone else" not in yours and "A cancelled RSVP" not in yours


def test_other_roles_get_no_member_events_panel(staff) -> None:  # type: ignore[no-untyped-def]
    assert 'id="my-events-heading"' not in client_for(staff).get("/").content.decode()
