"""'Stopped working' on a phone in one tap, with a short undo that puts the number back as it was."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry
from members.models import PersonPhone
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notice(response: Any) -> tuple[str, str]:
    body = response.content.decode()
    form = body.split('class="message message--success undo-notice"')[1]
    return form.split('action="')[1].split('"')[0], form.split('name="token" value="')[1].split('"')[0]


def test_stopped_then_undo_restores_the_number_to_call_first(organizer_chicago: Any, staff: Any,
                                                             region_chicago: Any) -> None:
    person = PersonFactory()
    first = add_phone(person, "+13125550101", is_primary=True)
    second = add_phone(person, "+13125550102")
    client = client_for(organizer_chicago)
    done = client.post(reverse("members:phone_stopped", args=[person.pk, first.pk]), follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.stopped_working_on is not None and second.is_primary
    url, token = _notice(done)
    assert "is marked as no longer working" in done.content.decode()
    # Someone else's undo does not exist for them.
    assert client_for(staff).post(url, {"token": token}).status_code == 404
    undone = client.post(url, {"token": token}, follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.stopped_working_on is None and first.is_primary and not second.is_primary
    assert "works again" in undone.content.decode()
    again = client.post(url, {"token": token}, follow=True)
    assert "Nothing to undo" in again.content.decode()
    assert AuditEntry.objects.filter(summary__startswith="Undid “stopped working”").count() == 1
    assert PersonPhone.objects.filter(person=person, is_primary=True).count() == 1


def test_member_can_undo_on_their_own_page(member: Any) -> None:
    phone = add_phone(member.person, "+17735550144", is_primary=True)
    client = client_for(member)
    url, token = _notice(client.post(reverse("members:phone_mine_stopped", args=[phone.pk]), follow=True))
    client.post(url, {"token": token})
    phone.refresh_from_db()
    assert phone.stopped_working_on is None and phone.is_primary
