"""The organizer who planned an event is asked, on their home page, to record who came once it has ended: one
prompt per event, with the check-in page's link, until a check-in or a no-show is recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import selectors, services
from events.models import RSVP
from tests.events.factories import EventFactory, RSVPFactory

pytestmark = pytest.mark.django_db


def _ended(by: Any, **kwargs: Any) -> Any:
    ended = timezone.now() - timedelta(hours=2)
    event = EventFactory(starts_at=ended - timedelta(hours=3), ends_at=ended, created_by=by, **kwargs)
    RSVPFactory(event=event, status=RSVP.Status.GOING)
    return event


def _home(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("coalition:home")).content.decode()


def test_the_organizer_is_asked_once_per_ended_event_until_attendance_is_recorded(regions, organizer_chicago,
                                                                                  staff) -> None:
    event = _ended(organizer_chicago, title="Rockford training")
    checkin = reverse("events:checkin", kwargs={"pk": event.pk})
    page = _home(organizer_chicago)
    assert page.count("Record who came to Rockford training") == 1 and checkin in page
    assert "Rockford training" not in _home(staff)  # someone else planned it
    rsvp = event.rsvps.get()
    services.rsvp_check_in(actor=organizer_chicago, rsvp=rsvp)
    assert "Record who came" not in _home(organizer_chicago)
    assert selectors.attendance_to_record(actor=organizer_chicago) == []


def test_no_prompt_before_the_end_for_a_cancelled_or_empty_event_or_after_two_weeks(regions, staff) -> None:
    upcoming = EventFactory(created_by=staff)
    RSVPFactory(event=upcoming, status=RSVP.Status.GOING)
    cancelled = _ended(staff)
    services.event_cancel(actor=staff, event=cancelled)
    ended = timezone.now() - timedelta(hours=1)
    EventFactory(starts_at=ended - timedelta(hours=1), ends_at=ended, created_by=staff)  # nobody was going
    _ended(staff).rsvps.update(no_show_at=timezone.now())  # recorded: a no-show counts
    old = _ended(staff)
    assert selectors.attendance_to_record(actor=staff) == [old]
    assert selectors.attendance_to_record(actor=staff, now=timezone.now() + timedelta(days=15)) == []


def test_members_and_partners_get_no_prompt(regions, member, partner_rep) -> None:
    _ended(member)
    assert selectors.attendance_to_record(actor=member) == []
    assert "Record who came" not in _home(member)
    assert "Record who came" not in _home(partner_rep)


def test_the_prompt_takes_one_query_for_one_event_or_five(regions, staff, django_assert_num_queries) -> None:
    _ended(staff)
    with django_assert_num_queries(1):
        assert len(selectors.attendance_to_record(actor=staff)) == 1
    for _ in range(4):
        _ended(staff)
    with django_assert_num_queries(1):
        assert len(selectors.attendance_to_record(actor=staff)) == 5
