"""A message that cannot be built fails once, with its reason; no path lets a message pass the attempt limit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from events import notices as event_notices
from events import services as event_services
from members.models import Person
from messaging import content, services, tasks
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db


def _email_reminder(*, title: str = "Lobby day", email: str = "ana@example.org") -> Message:
    """A due email reminder for one person, her confirmation already counted as sent."""
    person = person_with_phone(email=email)
    person.email_consent, person.preferred_channel = True, "email"
    person.save()
    rsvp, _ = event_services.rsvp_record(event=EventFactory(title=title), person=person, source="proxy")
    Message.objects.filter(kind=event_notices.Kind.CONFIRMATION).update(status=Message.Status.SENT)
    reminder = Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER).order_by("due_at").first()
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    return reminder


def _sms_reminder() -> Message:
    person = person_with_phone()
    person.sms_consent = True
    person.save()
    rsvp, _ = event_services.rsvp_record(event=EventFactory(), person=person, source="proxy")
    Message.objects.filter(kind=event_notices.Kind.CONFIRMATION).update(status=Message.Status.SENT)
    reminder = Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER).order_by("due_at").first()
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    return reminder


def test_a_line_break_in_an_event_title_gives_a_one_line_subject_sent_once(regions) -> None:
    reminder = _email_reminder(title="Lobby day\r\nBcc: everyone@example.org\u2028and more")
    assert tasks.send_message(reminder.pk) == Message.Status.SENT
    assert tasks.send_message(reminder.pk) == "not-claimed"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert "Lobby day Bcc: everyone@example.org and more" in sent.subject
    assert sent.subject == " ".join(sent.subject.split())
    assert "Bcc" not in sent.message().keys() and sent.recipients() == ["ana@example.org"]
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.SENT and reminder.attempts == 1


def test_the_subject_of_every_kind_is_one_line(regions) -> None:
    reminder = _email_reminder(title="Know\nYour\n\nRights")
    message = Message.objects.get(pk=reminder.pk)
    for kind in (event_notices.Kind.CONFIRMATION, event_notices.Kind.REMINDER, event_notices.Kind.CHANGE,
                 event_notices.Kind.CANCELLATION, event_notices.Kind.PROMOTION):
        message.kind = kind
        subject = content.compose(message, "en").subject
        assert "Know Your Rights" in subject and subject == " ".join(subject.split())


def _break_the_translation(monkeypatch: Any) -> None:
    # A catalogue whose translator renamed a placeholder: formatting the sentence raises KeyError.
    monkeypatch.setattr(event_notices, "_", lambda text: text.replace("%(title)s", "%(titulo)s"))


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        ("address_with_a_line_break", "newlines"),
        ("blank_address", "no address"),
        ("broken_translation", "KeyError"),
    ],
)
def test_a_message_that_cannot_be_built_fails_at_once_with_the_reason(
    regions, settings, monkeypatch, breakage, reason
) -> None:
    settings.MESSAGE_MAX_ATTEMPTS = 5
    reminder = _email_reminder()
    if breakage == "address_with_a_line_break":
        # Written past the form's validation (an old import, the back office's raw fields).
        Person.objects.filter(pk=reminder.person_id).update(email="ana@example.org\nBcc: everyone@example.org")
    elif breakage == "blank_address":
        Person.objects.filter(pk=reminder.person_id).update(email="   ")
    else:
        _break_the_translation(monkeypatch)
    assert tasks.send_message(reminder.pk) == Message.Status.FAILED
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.FAILED and reminder.attempts == 1
    assert "could not be built" in reminder.last_error and reason in reminder.last_error
    assert mail.outbox == []
    # Run again, and by every periodic path: nothing more happens to it.
    assert tasks.send_message(reminder.pk) == "not-claimed"
    settings.MESSAGE_LEASE_SECONDS = 0
    for _tick in range(3):
        tasks.dispatch_due()
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.FAILED and reminder.attempts == 1 and mail.outbox == []


def test_a_message_that_cannot_be_built_fails_and_its_chunk_goes_on(regions) -> None:
    broken, fine = _email_reminder(), _sms_reminder()
    Person.objects.filter(pk=broken.person_id).update(email="ana@example.org\r\nX-Injected: yes")
    assert tasks.send_messages([broken.pk, fine.pk]) == {Message.Status.FAILED: 1, Message.Status.SENT: 1}
    assert tasks.send_messages([broken.pk, fine.pk]) == {"not-claimed": 2}
    assert [m["key"] for m in LocmemSmsBackend.outbox] == [Message.objects.get(pk=fine.pk).dedupe_key]
    assert mail.outbox == [] and "newlines" in Message.objects.get(pk=broken.pk).last_error


def test_a_message_that_kills_its_worker_stops_at_the_attempt_limit(regions, settings, monkeypatch) -> None:
    settings.MESSAGE_MAX_ATTEMPTS = 3
    settings.MESSAGE_LEASE_SECONDS = 0  # every tick finds the previous attempt's claim expired
    reminder = _sms_reminder()
    calls: list[str] = []

    def die(self: LocmemSmsBackend, *, to: str, body: str, idempotency_key: str) -> Any:
        calls.append(idempotency_key)
        raise RuntimeError("the worker fell over in the middle of the provider's call")

    monkeypatch.setattr(LocmemSmsBackend, "send", die)
    for _tick in range(8):
        tasks.dispatch_due()
        tasks.dispatch_due()  # two ticks at once
        reminder.refresh_from_db()
        assert reminder.attempts <= 3
    assert reminder.status == Message.Status.FAILED and reminder.attempts == 3 and len(calls) == 3
    assert "Gave up after 3 attempts" in reminder.last_error


def test_provider_errors_stop_at_the_limit_through_the_periodic_dispatcher(regions, settings, monkeypatch) -> None:
    from messaging import backends

    settings.MESSAGE_MAX_ATTEMPTS = 3
    settings.MESSAGE_RETRY_BASE_SECONDS = 0  # the backoff lands in the past: every tick retries
    reminder = _sms_reminder()
    calls: list[str] = []

    def busy(self: LocmemSmsBackend, *, to: str, body: str, idempotency_key: str) -> Any:
        calls.append(idempotency_key)
        raise backends.TransientDeliveryError("HTTP 503: try later")

    monkeypatch.setattr(LocmemSmsBackend, "send", busy)
    for _tick in range(6):
        tasks.dispatch_due()
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.FAILED and reminder.attempts == 3 and len(calls) == 3
    assert "503" in reminder.last_error


def test_a_lease_never_puts_back_a_message_that_used_its_attempts(regions, settings) -> None:
    settings.MESSAGE_MAX_ATTEMPTS = 2
    settings.MESSAGE_LEASE_SECONDS = 60
    spent, fresh = _sms_reminder(), _sms_reminder()
    long_ago = timezone.now() - timedelta(minutes=5)
    Message.objects.filter(pk=spent.pk).update(status="sending", claimed_at=long_ago, attempts=2)
    Message.objects.filter(pk=fresh.pk).update(status="sending", claimed_at=long_ago, attempts=1)
    assert services.messages_recover_stale() == 1
    assert services.messages_recover_stale() == 0
    spent.refresh_from_db()
    fresh.refresh_from_db()
    assert spent.status == Message.Status.FAILED and "Gave up after 2 attempts" in spent.last_error
    assert fresh.status == Message.Status.PENDING and fresh.attempts == 1


def test_a_pending_message_past_a_lowered_limit_is_failed_not_sent(regions, settings) -> None:
    reminder = _sms_reminder()
    Message.objects.filter(pk=reminder.pk).update(attempts=4, last_error="HTTP 503: try later")
    settings.MESSAGE_MAX_ATTEMPTS = 3
    assert tasks.dispatch_due() == 1
    assert tasks.dispatch_due() == 0
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.FAILED and reminder.attempts == 4
    assert reminder.last_error == "Gave up after 3 attempts. HTTP 503: try later"
    assert LocmemSmsBackend.outbox == []
