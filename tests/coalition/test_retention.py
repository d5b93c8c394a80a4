"""Retention: what is past its time goes, once; what is not stays; the admin sees the schedule and what is due."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition import tasks
from coalition.models import AuditEntry
from members.models import SensitiveFacts
from messaging.models import InboundReply, Message
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _facts(days_old: int) -> SensitiveFacts:
    facts = SensitiveFacts.objects.create(person=PersonFactory(), registry_status="current",
                                          supervision_status="parole", reporting_day=1, housing_unstable=True)
    SensitiveFacts.objects.filter(pk=facts.pk).update(updated_at=timezone.now() - timedelta(days=days_old))
    return facts


def _message(days_old: int, status: str = Message.Status.SENT, **fields: Any) -> Message:
    message = Message.objects.create(
        person=PersonFactory(), kind="test", due_at=timezone.now(), status=status, to="+13125550142",
        last_error="", dedupe_key=f"retention-{Message.objects.count()}", **fields)
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return message


def _audit(days_old: int) -> AuditEntry:
    entry = AuditEntry.objects.create(action=AuditEntry.Action.VIEW, summary="Saw something")
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - timedelta(days=days_old))
    return entry


def _reply(days_old: int, status: str) -> InboundReply:
    return InboundReply.objects.create(provider_id=f"SMret{InboundReply.objects.count()}", from_number="+1312555",
                                       from_digits="1312555", body="Hi", status=status,
                                       received_at=timezone.now() - timedelta(days=days_old))


def test_the_nightly_job_removes_what_is_past_its_time_once(regions: Any) -> None:
    stale, fresh = _facts(400), _facts(30)
    old_sent, old_pending, new_sent = _message(120), _message(120, Message.Status.PENDING), _message(10)
    ancient, recent = _audit(8 * 365), _audit(365)
    old_answered, old_open, new_answered = _reply(120, "answered"), _reply(120, "open"), _reply(10, "handled")

    removed = tasks.retention_apply.delay().get()
    assert removed == {"audit_entries": 1, "circumstances": 1, "message_addresses": 1, "inbox_replies": 1}
    assert not InboundReply.objects.filter(pk=old_answered.pk).exists()
    assert InboundReply.objects.filter(pk__in=[old_open.pk, new_answered.pk]).count() == 2  # unanswered: kept

    cleared = SensitiveFacts.objects.get(pk=stale.pk)
    assert (cleared.supervision_status, cleared.reporting_day, cleared.housing_unstable) == ("", None, False)
    assert cleared.registry_status == "current"  # a lasting fact: forget-me removes it, not the clock
    kept = SensitiveFacts.objects.get(pk=fresh.pk)
    assert (kept.supervision_status, kept.reporting_day, kept.housing_unstable) == ("parole", 1, True)
    assert Message.objects.get(pk=old_sent.pk).to == ""
    assert Message.objects.get(pk=old_pending.pk).to == "+13125550142"  # still to be sent: it needs its address
    assert Message.objects.get(pk=new_sent.pk).to == "+13125550142"
    assert not AuditEntry.objects.filter(pk=ancient.pk).exists() and AuditEntry.objects.filter(pk=recent.pk).exists()
    run = AuditEntry.objects.filter(detail__kind="retention").get()
    assert run.detail["removed"] == removed

    assert tasks.retention_apply.delay().get() == {"audit_entries": 0, "circumstances": 0, "message_addresses": 0,
                                                   "inbox_replies": 0}


def test_a_period_of_zero_keeps_forever(settings: Any, regions: Any) -> None:
    settings.RETENTION_CIRCUMSTANCES_DAYS = 0
    stale = _facts(4000)
    assert tasks.retention_apply.delay().get()["circumstances"] == 0
    assert SensitiveFacts.objects.get(pk=stale.pk).supervision_status == "parole"


def test_the_admin_sees_each_rule_what_is_due_and_the_last_run(coalition_admin: Any, regions: Any) -> None:
    _facts(400)
    _message(120)
    client = Client()
    client.force_login(coalition_admin)
    page = client.get(reverse("coalition:retention")).content.decode()
    assert "RETENTION_CIRCUMSTANCES_DAYS" in page and "365 days" in page and "It has not run yet." in page
    tasks.retention_apply.delay()
    page = client.get(reverse("coalition:retention")).content.decode()
    assert "Last run:" in page and "It has not run yet." not in page
