"""An organization leaving a table and a representative stepping down: a short form with the date (the
confirmation step), then "Done. Undo" for a few seconds, its maker's alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry
from tests.campaigns.factories import RepresentativeFactory
from tests.coalition.factories import OrganizationFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notice(response: Any) -> tuple[str, str]:
    body = response.content.decode()
    form = body.split('class="message message--success undo-notice"')[1]
    return form.split('action="')[1].split('"')[0], form.split('name="token" value="')[1].split('"')[0]


def test_leaving_the_table_then_undo_seats_it_again_with_its_representatives(staff: Any, coalition_admin: Any,
                                                                             regions: Any) -> None:
    rep = RepresentativeFactory(person=PersonFactory(first_name="Ines", last_name="Soto"),
                                seat__organization=OrganizationFactory(name="Kolbe House (test)"))
    seat = rep.seat
    client = client_for(staff)
    done = client.post(reverse("coalition:table_seat_end", args=[seat.pk]), {"left_on": "2025-10-01"}, follow=True)
    assert "Done: Kolbe House (test) has left the table." in done.content.decode()
    seat.refresh_from_db()
    rep.refresh_from_db()
    assert seat.left_on == datetime.date(2025, 10, 1) and rep.until == datetime.date(2025, 10, 1)
    url, token = _notice(done)
    assert client_for(coalition_admin).post(url, {"token": token}).status_code == 404
    undone = client.post(url, {"token": token}, follow=True)
    assert "Undone: Kolbe House (test) sits at the table again." in undone.content.decode()
    seat.refresh_from_db()
    rep.refresh_from_db()
    assert seat.left_on is None and rep.until is None
    assert "Nothing to undo" in client.post(url, {"token": token}, follow=True).content.decode()
    assert AuditEntry.objects.filter(summary__startswith="Undid: Kolbe House").count() == 1


def test_stepping_down_then_undo_and_undo_refused_once_named_again(staff: Any, regions: Any) -> None:
    rep = RepresentativeFactory(person=PersonFactory(first_name="Marcus", last_name="Bell"))
    client = client_for(staff)
    done = client.post(reverse("coalition:table_representative_end", args=[rep.pk]), {"until": "2025-09-30"},
                       follow=True)
    url, token = _notice(done)
    client.post(url, {"token": token})
    rep.refresh_from_db()
    assert rep.until is None
    # Stepped down again and named again meanwhile: the old undo cannot bring back a second line.
    done = client.post(reverse("coalition:table_representative_end", args=[rep.pk]), {"until": "2025-09-30"},
                       follow=True)
    url, token = _notice(done)
    client.post(reverse("coalition:table_representative_add", args=[rep.seat.pk]),
                {"person": rep.person.pk, "person_search": "Marcus Bell", "person_shown": "Marcus Bell",
                 "since": "2025-10-01"})
    assert rep.seat.representatives.filter(until__isnull=True).count() == 1
    refused = client.post(url, {"token": token}, follow=True)
    assert "Nothing to undo" in refused.content.decode()
    rep.refresh_from_db()
    assert rep.until == datetime.date(2025, 9, 30)
