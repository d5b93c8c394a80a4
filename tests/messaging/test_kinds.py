"""The registry of message kinds: an app registers a kind and the outbox sends it by the kind's rules; a row whose
kind nobody registers fails with the reason; a kind's why-not is asked at the moment of sending; inbound texts
reach the registered handlers once; every periodic task run twice has one effect."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from events import notices as event_notices
from events import services as event_services
from events import tasks as event_tasks
from leadership import tasks as leadership_tasks
from members.models import Person
from messaging import inbound, kinds, services, tasks
from messaging.backends import LocmemSmsBackend
from messaging.content import Content
from messaging.models import InboundMessage, Message
from tests.events.factories import EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about
from tests.messaging.test_mentor_reminders import overdue_mentorship

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
WELCOME = "test_welcome"


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a test registers ends with it: the apps' kinds and handlers stay, the test's go."""
    monkeypatch.setattr(kinds, "_registry", dict(kinds._registry))
    monkeypatch.setattr(inbound, "_handlers", list(inbound._handlers))


class Welcome:
    """A kind an app might add: a welcome text about the person themself, unless they asked to be left alone."""

    def __init__(self) -> None:
        self.loaded: list[Person | None] = []
        self.asked: list[tuple[int, str]] = []

    def load(self, message: Message) -> Person | None:
        person = Person.objects.filter(pk=message.subject_id).first()
        self.loaded.append(person)
        return person

    def why_not(self, message: Message, person: Person | None, now: datetime) -> str | None:
        self.asked.append((message.pk, person.first_name if person is not None else ""))
        if person is None:
            return "The person was deleted."
        return "They asked to be left alone." if person.first_name == "Alone" else None

    def compose(self, message: Message, person: Person | None, language: str, now: datetime) -> Content:
        assert person is not None
        greeting = "Bienvenida" if get_language() == "es" else "Welcome"
        return Content(subject=f"{greeting}, {person.first_name}", body=f"{greeting}!\n", sms=f"{greeting}! STOP")

    def language(self, message: Message, person: Person | None) -> str:
        return "es"

    def kind(self, **changes: Any) -> kinds.MessageKind:
        kind = kinds.MessageKind(
            key=WELCOME, label="Welcome text", subject_model="members.person", load=self.load, why_not=self.why_not,
            compose=self.compose, language=self.language, about=lambda person: f"the welcome of {person.first_name}",
            listing=Person.objects.all,
        )
        return replace(kind, **changes)


def _texting(first_name: str = "Ana", number: str = "+13125550142") -> Person:
    person = person_with_phone(number, first_name=first_name)
    person.sms_consent = True
    person.save()
    return person


def _queue(person: Person, **fields: Any) -> Message:
    message, _created = services.message_queue(kind=WELCOME, person_id=person.pk, subject=person,
                                               dedupe_key=f"welcome:{person.pk}", **fields)
    return message


def test_a_registered_kind_is_sent_by_its_own_rules_and_listed_with_its_label(
    regions, staff, client, django_capture_on_commit_callbacks
) -> None:
    welcome = Welcome()
    kinds.register(welcome.kind())
    person = _texting()
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(person)  # due now: sent after commit
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.to == "+13125550142"
    assert message.topic == f"members.person:{person.pk}" and message.subject == person
    text = {"to": "+13125550142", "body": "Bienvenida! STOP", "key": f"welcome:{person.pk}"}  # in the kind's language
    assert LocmemSmsBackend.outbox == [text]
    assert welcome.loaded == [person] and welcome.asked == [(message.pk, "Ana")]
    client.force_login(staff)
    page = client.get(reverse("messaging:outbox")).content.decode()
    assert "Welcome text" in page and "the welcome of Ana" in page


def test_a_kind_is_registered_once_under_its_key(regions) -> None:
    welcome = Welcome()
    kind = kinds.register(welcome.kind())
    assert kinds.register(kind) is kind  # the same kind again: nothing changes
    with pytest.raises(ImproperlyConfigured):
        kinds.register(welcome.kind(label="Another welcome"))
    with pytest.raises(ImproperlyConfigured):
        kinds.register(welcome.kind(key=event_notices.Kind.REMINDER))  # the events app's
    assert kinds.get(WELCOME) is kind and kinds.label(WELCOME) == "Welcome text"
    assert kinds.label("nobody_registers_this") == "nobody_registers_this"


def test_the_outbox_refuses_to_queue_a_kind_nobody_registers_or_about_the_wrong_model(regions) -> None:
    kinds.register(Welcome().kind())
    person = _texting()
    with pytest.raises(services.OutboxError):
        services.message_queue(kind="nobody_registers_this", person_id=person.pk, subject=person, dedupe_key="x:1")
    with pytest.raises(services.OutboxError):
        services.message_queue(kind=WELCOME, person_id=person.pk, subject=EventFactory(), dedupe_key="x:2")
    assert not Message.objects.exists()


def test_a_row_whose_kind_nobody_registers_fails_at_sending_with_the_reason_once(regions, settings) -> None:
    settings.MESSAGE_MAX_ATTEMPTS = 5
    settings.MESSAGE_LEASE_SECONDS = 0
    person = _texting()
    # A row left by an app that no longer registers its kind (removed, or renamed without a data migration).
    message = Message.objects.create(person=person, kind="retired_kind", subject=person,
                                     due_at=timezone.now() - timedelta(seconds=1), dedupe_key="retired:1")
    assert tasks.send_message(message.pk) == Message.Status.FAILED
    assert tasks.send_message(message.pk) == "not-claimed"
    for _tick in range(3):
        tasks.dispatch_due()
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 1
    assert "retired_kind" in message.last_error and "No app registers" in message.last_error
    assert LocmemSmsBackend.outbox == []
    assert message.kind_label == "retired_kind"


def test_the_kinds_why_not_is_asked_at_sending_with_the_subject_as_it_is_then(regions) -> None:
    welcome = Welcome()
    kinds.register(welcome.kind())
    later = timezone.now() + timedelta(hours=1)
    alone, ana = _texting("Bea", "+13125550101"), _texting("Ana", "+13125550102")
    quiet, sent = _queue(alone, due_at=later), _queue(ana, due_at=later)
    assert welcome.asked == []  # queueing decides nothing
    Person.objects.filter(pk=alone.pk).update(first_name="Alone")  # after queueing, before sending
    assert services.messages_send(message_ids=[quiet.pk, sent.pk]) == {"not-claimed": 2}  # not due yet
    Message.objects.filter(pk__in=[quiet.pk, sent.pk]).update(due_at=timezone.now() - timedelta(seconds=1))
    assert services.messages_send(message_ids=[quiet.pk, sent.pk]) == {Message.Status.SKIPPED: 1,
                                                                       Message.Status.SENT: 1}
    assert welcome.asked == [(quiet.pk, "Alone"), (sent.pk, "Ana")]
    quiet.refresh_from_db()
    assert quiet.skip_reason == "They asked to be left alone." and quiet.sent_at is None
    assert [m["to"] for m in LocmemSmsBackend.outbox] == ["+13125550102"]


@pytest.mark.quiet_hours
def test_quiet_hours_a_cut_off_and_a_fixed_recipient_are_the_kinds(regions) -> None:
    night = datetime(2030, 3, 6, 23, 0, tzinfo=CHICAGO)
    welcome = Welcome()
    person = _texting()
    kinds.register(welcome.kind())
    held = _queue(person, due_at=night - timedelta(minutes=1))
    assert services.message_send(message_id=held.pk, now=night) == Message.Status.PENDING
    held.refresh_from_db()
    assert held.due_at == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO) and held.attempts == 0

    kinds._registry.pop(WELCOME)
    kinds.register(welcome.kind(quiet_cutoff=lambda message, subject: night + timedelta(hours=2),
                                recipient=lambda message, subject: (Message.Channel.SMS, "+13125550199")))
    Message.objects.filter(pk=held.pk).update(due_at=night - timedelta(minutes=1))
    assert services.message_send(message_id=held.pk, now=night) == Message.Status.SENT  # its moment comes first
    assert [m["to"] for m in LocmemSmsBackend.outbox] == ["+13125550199"]


def test_a_verified_inbound_text_reaches_each_registered_handler_once(regions) -> None:
    heard: list[dict[str, Any]] = []

    def handler(**text: Any) -> None:
        heard.append(text)

    inbound.register(handler)
    inbound.register(handler)  # registered twice: called once
    at = timezone.now()
    assert services.inbound_text_receive(from_number="+13125550142", body="Hello", message_sid="SM1", sent_at=at)
    assert not services.inbound_text_receive(from_number="+13125550142", body="Hello", message_sid="SM1", sent_at=at)
    assert heard == [{"from_number": "+13125550142", "body": "Hello", "message_sid": "SM1", "sent_at": at}]
    assert InboundMessage.objects.filter(provider_id="SM1").count() == 1


def test_every_task_run_twice_has_one_effect(regions, staff) -> None:
    kinds.register(Welcome().kind())
    message = _queue(_texting())
    assert tasks.send_message(message.pk) == Message.Status.SENT
    assert tasks.send_message(message.pk) == "not-claimed"
    assert tasks.send_messages([message.pk]) == {"not-claimed": 1}
    assert len(LocmemSmsBackend.outbox) == 1

    rsvp, _new = event_services.rsvp_record(event=EventFactory(), person=_texting("Cy", "+13125550103"),
                                            source="proxy")
    reminders = Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER)
    made = sorted(reminders.values_list("dedupe_key", flat=True))
    reminders.delete()
    assert event_tasks.reminders_schedule_upcoming() == len(made) == 3
    assert event_tasks.reminders_schedule_upcoming() == 0
    assert sorted(reminders.values_list("dedupe_key", flat=True)) == made

    mentorship = overdue_mentorship(staff, number="+13125550104")
    assert leadership_tasks.mentor_checkin_reminders() == 1
    assert leadership_tasks.mentor_checkin_reminders() == 0
    assert Message.objects.filter(mentorship=mentorship).count() == 1

    InboundMessage.objects.create(provider_id="SMold", sent_at=timezone.now() - timedelta(days=30))
    assert tasks.inbound_messages_prune() == 1
    assert tasks.inbound_messages_prune() == 0
