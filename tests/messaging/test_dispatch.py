"""Reminders at scale: scheduled by the services as RSVPs and events change, a set-wise safety net that only
fills gaps, and a dispatch tick that hands out every due message in chunks. Exactly once throughout."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.utils import timezone

from events import confirm_ask
from events import notices as event_notices
from events import services as event_services
from events import tasks as event_tasks
from events.models import RSVP
from members.models import PersonPhone, SensitiveFacts
from messaging import services, tasks
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
FIELDS = ("dedupe_key", "person_id", "topic", "subject_id", "due_at", "planned_for", "offset_minutes", "status")


def _rsvps(n: int, event: Any = None) -> list[RSVP]:
    event = event or EventFactory()
    rsvps = []
    for i in range(n):
        person = person_with_phone(f"+1312666{i:04d}")
        person.sms_consent = True
        person.save()
        rsvps.append(event_services.rsvp_record(event=event, person=person, source="proxy")[0])
    return rsvps


def _reminders() -> list[tuple[Any, ...]]:
    return list(Message.objects.filter(kind=event_notices.Kind.REMINDER).order_by("dedupe_key").values_list(*FIELDS))


def _one_per_key() -> bool:
    reminders = Message.objects.filter(kind=event_notices.Kind.REMINDER)
    counts = reminders.values("subject_id", "offset_minutes", "planned_for")
    return all(row["n"] == 1 for row in counts.annotate(n=Count("id")))


def test_two_ticks_and_the_safety_net_run_twice_give_one_message_per_reminder(regions) -> None:
    rsvps = _rsvps(4)
    made_by_the_services = _reminders()
    assert len(made_by_the_services) == 4 * 3
    Message.objects.filter(**about(rsvps[0]), kind=event_notices.Kind.REMINDER).delete()  # a gap for the safety net
    tasks.dispatch_due()
    tasks.dispatch_due()
    assert event_tasks.reminders_schedule_upcoming() == 3
    assert event_tasks.reminders_schedule_upcoming() == 0
    tasks.dispatch_due()
    assert _reminders() == made_by_the_services and _one_per_key()


def test_the_safety_net_rebuilds_exactly_the_rows_the_services_make(regions) -> None:
    thursday = datetime(2030, 3, 7, 10, 0, tzinfo=CHICAGO)  # the one-day reminder lands on a Wednesday
    event = EventFactory(starts_at=thursday, ends_at=thursday + timedelta(hours=2), reminder_minutes=[60, 1440, 120])
    rsvps = _rsvps(3, event)
    SensitiveFacts.objects.create(person=rsvps[1].person, reporting_day=2)
    Message.objects.filter(kind=event_notices.Kind.REMINDER).delete()
    for rsvp in rsvps:
        event_notices.reminders_schedule(rsvp=rsvp)  # what rsvp_record does, one RSVP at a time
    one_at_a_time = _reminders()
    moved = Message.objects.get(**about(rsvps[1]), offset_minutes=1440)
    assert moved.due_at.astimezone(CHICAGO).weekday() == 1  # off the reporting day, as before
    Message.objects.filter(kind=event_notices.Kind.REMINDER).delete()
    assert event_notices.reminders_schedule_upcoming() == 9
    assert _reminders() == one_at_a_time


def test_past_times_are_recorded_skipped_and_inactive_rsvps_or_cancelled_events_get_none(regions, staff) -> None:
    soon = timezone.now() + timedelta(minutes=90)  # only the one-hour reminder is still ahead
    event = EventFactory(starts_at=soon, ends_at=soon + timedelta(hours=1), reminder_minutes=[1440, 60])
    going, waitlisted, cancelled = _rsvps(3, event)
    RSVP.objects.filter(pk=waitlisted.pk).update(status=RSVP.Status.WAITLISTED)
    RSVP.objects.filter(pk=cancelled.pk).update(status=RSVP.Status.CANCELLED)
    other = _rsvps(1)[0]
    event_services.event_cancel(actor=staff, event=other.event)
    Message.objects.filter(kind=event_notices.Kind.REMINDER).delete()
    assert event_notices.reminders_schedule_upcoming() == 2
    reminders = Message.objects.filter(kind=event_notices.Kind.REMINDER).order_by("offset_minutes")
    assert list(reminders.values_list("subject_id", "offset_minutes", "status")) == [
        (going.pk, 60, Message.Status.PENDING), (going.pk, 1440, Message.Status.SKIPPED)]
    assert "had passed" in reminders.get(offset_minutes=1440).skip_reason


def test_scheduling_takes_the_same_queries_for_one_rsvp_or_fifteen(regions, django_assert_num_queries) -> None:
    one = EventFactory()
    _rsvps(1, one)
    fifteen = EventFactory()
    _rsvps(15, fifteen)  # 45 rows: within one INSERT on SQLite too (it splits at 999 parameters)
    Message.objects.filter(kind__in=[event_notices.Kind.REMINDER, confirm_ask.ASK]).delete()
    # The RSVPs' facts; for the reminders and for the day-before questions, the keys they have and one insert.
    with django_assert_num_queries(5):
        assert event_notices.reminders_schedule_event(event=one) == 3
    with django_assert_num_queries(5):
        assert event_notices.reminders_schedule_event(event=fifteen) == 45
    with django_assert_num_queries(3):  # nothing missing: nothing inserted
        assert event_notices.reminders_schedule_event(event=fifteen) == 0


def test_a_new_time_or_new_offsets_schedule_reminders_at_once(regions, staff) -> None:
    rsvp = _rsvps(1)[0]
    event = rsvp.event
    event_services.event_update(actor=staff, event=event, starts_at=event.starts_at + timedelta(days=1),
                                ends_at=event.ends_at + timedelta(days=1))
    event.refresh_from_db()
    assert Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER,
                                  planned_for=event.starts_at).count() == 3
    event_services.event_update(actor=staff, event=event, reminder_minutes=[*event.reminder_minutes, 30])
    assert Message.objects.filter(**about(rsvp), planned_for=event.starts_at, offset_minutes=30).count() == 1
    assert event_notices.reminders_schedule_upcoming() == 0  # nothing left for the safety net


def test_a_cancelled_then_renewed_rsvp_gets_its_reminder_once(regions, staff) -> None:
    rsvp = _rsvps(1)[0]
    event_services.rsvp_cancel(actor=staff, rsvp=rsvp)
    again, _new = event_services.rsvp_record(event=rsvp.event, person=rsvp.person, source="proxy")
    assert again.pk == rsvp.pk and event_notices.reminders_schedule_upcoming() == 0
    reminder = Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER).order_by("due_at").first()
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    tasks.dispatch_due()
    tasks.dispatch_due()
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.SENT
    assert [m["key"] for m in LocmemSmsBackend.outbox].count(reminder.dedupe_key) == 1


def _make_due(rsvps: list[RSVP]) -> list[int]:
    """Each RSVP's first reminder made due; their confirmations count as sent (they go out on commit)."""
    Message.objects.filter(kind=event_notices.Kind.CONFIRMATION).update(status=Message.Status.SENT)
    reminders = Message.objects.filter(kind=event_notices.Kind.REMINDER).order_by("due_at")
    ids = [reminders.filter(**about(r)).first().pk for r in rsvps]
    Message.objects.filter(pk__in=ids).update(due_at=timezone.now() - timedelta(seconds=1))
    return ids


def test_a_backlog_larger_than_a_chunk_is_fully_dispatched_by_one_tick(regions, monkeypatch) -> None:
    ids = _make_due(_rsvps(services.DISPATCH_CHUNK_SIZE + 30))
    chunks: list[list[int]] = []
    real_delay = tasks.send_messages.delay

    def record(message_ids: list[int]) -> Any:
        chunks.append(message_ids)
        return real_delay(message_ids)

    monkeypatch.setattr(tasks.send_messages, "delay", record)
    LocmemSmsBackend.outbox = []
    assert tasks.dispatch_due() == len(ids)
    assert [len(chunk) for chunk in chunks] == [services.DISPATCH_CHUNK_SIZE, 30]
    assert sorted(id_ for chunk in chunks for id_ in chunk) == sorted(ids)
    statuses = set(Message.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {Message.Status.SENT}
    keys = [m["key"] for m in LocmemSmsBackend.outbox]
    assert len(keys) == len(ids) == len(set(keys))
    assert tasks.dispatch_due() == 0


def test_a_chunk_sent_twice_sends_each_message_once(regions) -> None:
    ids = _make_due(_rsvps(5))
    LocmemSmsBackend.outbox = []
    assert tasks.send_messages(ids) == {Message.Status.SENT: 5}
    assert tasks.send_messages(ids) == {"not-claimed": 5}
    assert len(LocmemSmsBackend.outbox) == 5


def test_sending_takes_four_queries_for_one_message_or_a_chunk_whatever_the_content_needs(
    regions, django_assert_num_queries
) -> None:
    event = EventFactory()
    rsvps = _rsvps(6, event)
    bus = BusFactory(event=event)
    RSVP.objects.filter(pk__in=[r.pk for r in rsvps]).update(bus=bus)
    event_notices.reminders_schedule_event(event=event)  # their reminders now count from the bus's departure
    PersonPhone.objects.create(person=rsvps[1].person, number="+13125550999", stopped_working_on=date(2024, 1, 1))
    ids = _make_due(rsvps)
    # The claim; the messages, their people and working phones; their subjects (the RSVPs, event, venue, bus);
    # the results: the same four for one message and for a chunk.
    with django_assert_num_queries(4):
        assert services.message_send(message_id=ids[0]) == Message.Status.SENT
    with django_assert_num_queries(4):
        assert services.messages_send(message_ids=ids[1:]) == {Message.Status.SENT: 5}
    assert all("Your bus leaves" in m["body"] for m in LocmemSmsBackend.outbox)
    sent_to = dict(Message.objects.filter(pk__in=ids).values_list("person_id", "to"))
    assert sent_to == {r.person_id: services.channel_for(r.person)[1] for r in rsvps}  # the working number


def test_one_broken_message_does_not_stop_its_chunk(regions, monkeypatch) -> None:
    ids = _make_due(_rsvps(3))
    real_compose = services.compose

    def compose(message: Message, language: str, **kwargs: Any) -> Any:
        if message.pk == ids[0]:
            raise RuntimeError("a bug in one message's content")
        return real_compose(message, language, **kwargs)

    monkeypatch.setattr(services, "compose", compose)
    assert services.messages_send(message_ids=ids) == {Message.Status.FAILED: 1, Message.Status.SENT: 2}
    broken = Message.objects.get(pk=ids[0])
    assert broken.status == Message.Status.FAILED and broken.attempts == 1
    assert "could not be built" in broken.last_error and "a bug in one message's content" in broken.last_error


def test_a_message_that_raises_while_sending_does_not_stop_its_chunk(regions, monkeypatch) -> None:
    ids = _make_due(_rsvps(3))
    broken_key = Message.objects.get(pk=ids[0]).dedupe_key
    real_send = LocmemSmsBackend.send

    def send(self: LocmemSmsBackend, *, to: str, body: str, idempotency_key: str) -> Any:
        if idempotency_key == broken_key:
            raise RuntimeError("the worker fell over")
        return real_send(self, to=to, body=body, idempotency_key=idempotency_key)

    monkeypatch.setattr(LocmemSmsBackend, "send", send)
    assert services.messages_send(message_ids=ids) == {"error": 1, Message.Status.SENT: 2}
    assert Message.objects.get(pk=ids[0]).status == Message.Status.SENDING  # put back after the lease


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_safety_nets_running_at_once_insert_each_missing_reminder_once(regions) -> None:
    rsvps = _rsvps(30)
    expected = _reminders()
    Message.objects.filter(kind=event_notices.Kind.REMINDER).delete()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            event_notices.reminders_schedule_upcoming()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert _reminders() == expected and len(expected) == 3 * len(rsvps)
