"""One-tap check-in and cancelling an RSVP, each with a short undo (coalition/undo.py): the undo reverses it,
is its maker's alone (404 for anyone else), refused in plain words when late or when things changed, and a
second undo changes nothing."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry
from coalition.undo import UNDO_SECONDS
from events.models import RSVP
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notice(response: Any) -> dict[str, str]:
    """The undo notice a page shows: where its button posts and its token."""
    body = response.content.decode()
    assert "Done:" in body and ">Undo<" in body
    form = body.split('class="message message--success undo-notice"')[1]
    url = form.split('action="')[1].split('"')[0]
    token = form.split('name="token" value="')[1].split('"')[0]
    return {"url": url, "token": token}


@pytest.fixture
def waiting(region_chicago: Any) -> RSVP:
    return RSVPFactory(event=EventFactory(), person=PersonFactory(first_name="Rosa", last_name="Vega"),
                       status=RSVP.Status.WAITLISTED)


def test_check_in_then_undo_puts_it_back_as_it_was(organizer_chicago: Any, waiting: RSVP) -> None:
    client = client_for(organizer_chicago)
    done = client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True)
    waiting.refresh_from_db()
    assert waiting.checked_in_at is not None and waiting.status == RSVP.Status.GOING
    assert "1 of 1 checked in" in done.content.decode()
    notice = _notice(done)
    undone = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None and waiting.status == RSVP.Status.WAITLISTED
    assert "Undone: Rosa" in undone.content.decode() and "0 of 1 checked in" in undone.content.decode()
    assert AuditEntry.objects.filter(object_id=str(waiting.pk), summary__startswith="Undid the check-in").count() == 1
    # A second undo changes nothing and says why.
    again = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    assert "Nothing to undo" in again.content.decode()
    assert AuditEntry.objects.filter(object_id=str(waiting.pk), summary__startswith="Undid the check-in").count() == 1
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None and waiting.status == RSVP.Status.WAITLISTED


def test_undo_by_another_user_is_not_found(organizer_chicago: Any, staff: Any, waiting: RSVP) -> None:
    notice = _notice(client_for(organizer_chicago).post(reverse("events:checkin_toggle", args=[waiting.pk]),
                                                        follow=True))
    assert client_for(staff).post(notice["url"], {"token": notice["token"]}).status_code == 404
    assert client_for(staff).post(notice["url"], {"token": "forged"}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.checked_in_at is not None


def test_late_undo_is_refused_in_plain_words(organizer_chicago: Any, waiting: RSVP,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_for(organizer_chicago)
    notice = _notice(client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True))
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + UNDO_SECONDS + 5)
    answer = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    assert f"Too late to undo: undo works for {UNDO_SECONDS} seconds" in answer.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at is not None


def test_undo_is_refused_when_the_check_in_changed_since(organizer_chicago: Any, waiting: RSVP) -> None:
    client = client_for(organizer_chicago)
    notice = _notice(client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True))
    # Someone corrects it by hand, then checks them in again: a different check-in from the one the token names.
    client.post(reverse("events:checkin_toggle", args=[waiting.pk]), {"undo": "1"})
    client.post(reverse("events:checkin_toggle", args=[waiting.pk]))
    waiting.refresh_from_db()
    checked_at = waiting.checked_in_at
    answer = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    assert "Nothing to undo" in answer.content.decode()
    waiting.refresh_from_db()
    assert waiting.checked_in_at == checked_at


def test_second_tap_offers_no_undo(organizer_chicago: Any, waiting: RSVP) -> None:
    client = client_for(organizer_chicago)
    client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True)  # shows its own undo
    again = client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True)
    assert "undo-notice" not in again.content.decode()


def test_htmx_check_in_answers_the_row_with_its_undo_and_the_count(organizer_chicago: Any, waiting: RSVP) -> None:
    client = client_for(organizer_chicago)
    answer = client.post(reverse("events:checkin_toggle", args=[waiting.pk]), headers={"HX-Request": "true"})
    body = answer.content.decode()
    assert f'id="checkin-{waiting.pk}"' in body and "Done: Rosa Vega is checked in." in body
    assert f'data-hx-target="#checkin-{waiting.pk}"' in body
    assert 'id="checkin-count"' in body and 'data-hx-swap-oob="true"' in body and "1 of 1 checked in" in body
    token = body.split('name="token" value="')[1].split('"')[0]
    undone = client.post(reverse("events:checkin_undo", args=[waiting.pk]), {"token": token},
                         headers={"HX-Request": "true"}).content.decode()
    assert "0 of 1 checked in" in undone and f"Check in {waiting.person.display_name}" in undone


def test_cancel_rsvp_then_undo_brings_it_back(organizer_chicago: Any, region_chicago: Any) -> None:
    rsvp = RSVPFactory(event=EventFactory(), person=PersonFactory(first_name="Luis", last_name="Ortiz"),
                       status=RSVP.Status.GOING)
    client = client_for(organizer_chicago)
    done = client.post(reverse("events:rsvp_cancel", args=[rsvp.pk]), follow=True)
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.CANCELLED
    notice = _notice(done)
    assert client.post(notice["url"], {"token": "forged"}).status_code == 404
    undone = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.GOING
    assert "Undone: the RSVP of Luis Ortiz is back (Going)" in undone.content.decode()
    again = client.post(notice["url"], {"token": notice["token"]}, follow=True)
    assert "Nothing to undo" in again.content.decode()
    assert AuditEntry.objects.filter(object_id=str(rsvp.pk), summary__startswith="Undid the cancellation").count() == 1


def test_undo_of_a_cancel_whose_seat_went_to_the_waitlist_waitlists(organizer_chicago: Any,
                                                                   region_chicago: Any) -> None:
    event = EventFactory(capacity=1)
    rsvp = RSVPFactory(event=event, person=PersonFactory(), status=RSVP.Status.GOING)
    next_one = RSVPFactory(event=event, person=PersonFactory(), status=RSVP.Status.WAITLISTED)
    client = client_for(organizer_chicago)
    notice = _notice(client.post(reverse("events:rsvp_cancel", args=[rsvp.pk]), follow=True))
    next_one.refresh_from_db()
    assert next_one.status == RSVP.Status.GOING  # told they have the seat: not taken back
    client.post(notice["url"], {"token": notice["token"]})
    rsvp.refresh_from_db()
    next_one.refresh_from_db()
    assert rsvp.status == RSVP.Status.WAITLISTED and next_one.status == RSVP.Status.GOING


def test_no_show_then_undo_and_a_late_check_in_clears_it(organizer_chicago: Any, waiting: RSVP) -> None:
    client = client_for(organizer_chicago)
    done = client.post(reverse("events:no_show", args=[waiting.pk]), follow=True)
    waiting.refresh_from_db()
    assert waiting.no_show_at is not None and "1 no-show" in done.content.decode()
    notice = _notice(done)
    assert client.post(notice["url"], {"token": "forged"}).status_code == 404
    client.post(notice["url"], {"token": notice["token"]})
    waiting.refresh_from_db()
    assert waiting.no_show_at is None
    assert "Nothing to undo" in client.post(notice["url"], {"token": notice["token"]}, follow=True).content.decode()
    # Marked again, then they turn up: the check-in clears the mark, and its undo puts the mark back.
    client.post(reverse("events:no_show", args=[waiting.pk]))
    waiting.refresh_from_db()
    marked = waiting.no_show_at
    checked = _notice(client.post(reverse("events:checkin_toggle", args=[waiting.pk]), follow=True))
    waiting.refresh_from_db()
    assert waiting.no_show_at is None and waiting.checked_in_at is not None
    client.post(checked["url"], {"token": checked["token"]})
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None and waiting.no_show_at == marked
