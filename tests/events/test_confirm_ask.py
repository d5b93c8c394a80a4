"""The day-before question, "Reply YES to confirm or NO to cancel" (events/confirm_ask.py), and what a reply does
(events/confirm_replies.py): planned with the reminders, consent checked at sending, a YES or NO only from the
number it went to, before the event starts, once; NO frees the seat and moves the waitlist; the roster says
"Confirmed"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.models import AuditEntry
from events import confirm_ask, notices, services
from events.confirm_replies import rsvp_confirm_reply
from events.manage_links import manage_url
from events.models import RSVP
from members.models import ConsentChange
from messaging import services as outbox
from messaging.backends import LocmemSmsBackend
from messaging.content import compose
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about
from tests.messaging.webhook import inbound_data, signed_post

pytestmark = pytest.mark.django_db
PHONE = "+13125550142"
OTHER = "+13125550199"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"


def _in_two_days() -> Any:
    """Two days from now at 10:00 Chicago time, so that "tomorrow" is the day before wherever the clock is."""
    return (timezone.now() + timedelta(days=2)).astimezone(confirm_ask.CHICAGO).replace(
        hour=10, minute=0, second=0, microsecond=0)


def _going(event: Any = None, number: str = PHONE, **kwargs: Any) -> RSVP:
    event = event or EventFactory(starts_at=_in_two_days())
    person = person_with_phone(number, sms_consent=True)
    rsvp, _created = services.rsvp_record(event=event, person=person, source=RSVP.Source.PUBLIC, **kwargs)
    return rsvp


def _asks(rsvp: RSVP) -> Any:
    return Message.objects.filter(kind=confirm_ask.ASK, **about(rsvp))


def _replies(rsvp: RSVP) -> Any:
    return Message.objects.filter(kind=confirm_ask.REPLY, **about(rsvp))


def _send_ask(rsvp: RSVP) -> Message:
    ask = _asks(rsvp).get()
    assert outbox.message_send(message_id=ask.pk, now=ask.due_at + timedelta(minutes=1)) == Message.Status.SENT
    ask.refresh_from_db()
    return ask


def _reply(client: Client, settings: Any, number: str, body: str) -> None:
    assert signed_post(client, settings, inbound_data(number, body)).status_code == 200


# Planning ------------------------------------------------------------------------------------------------------

def test_one_question_per_going_rsvp_due_a_day_before_its_planned_start(regions) -> None:
    rsvp = _going()
    ask = _asks(rsvp).get()
    assert ask.due_at == rsvp.event.starts_at - timedelta(hours=24)
    assert ask.planned_for == rsvp.event.starts_at and ask.status == Message.Status.PENDING
    notices.reminders_schedule_upcoming()
    notices.reminders_schedule_upcoming()
    assert _asks(rsvp).count() == 1


def test_a_bus_rider_is_asked_a_day_before_the_bus_leaves(regions) -> None:
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    bus = BusFactory(event=event, departs_at=event.starts_at - timedelta(hours=3))
    rsvp = _going(event, bus=bus)
    assert _asks(rsvp).get().due_at == bus.departs_at - timedelta(hours=24)


def test_no_question_for_the_waitlisted_the_cancelled_the_maybe_or_a_late_rsvp(regions, staff) -> None:
    event = EventFactory(starts_at=_in_two_days(), capacity=1)
    going = _going(event)
    waitlisted = _going(event, number="+13125550111")
    maybe = _going(EventFactory(starts_at=event.starts_at), number="+13125550112", status=RSVP.Status.MAYBE)
    late = _going(EventFactory(starts_at=timezone.now() + timedelta(hours=20)), number="+13125550113")
    assert waitlisted.status == RSVP.Status.WAITLISTED
    assert not _asks(waitlisted).exists() and not _asks(maybe).exists() and not _asks(late).exists()
    services.rsvp_cancel(actor=staff, rsvp=going)
    ask = _asks(going).get()
    assert outbox.message_send(message_id=ask.pk, now=ask.due_at) == Message.Status.SKIPPED
    ask.refresh_from_db()
    assert "not going" in ask.skip_reason


def test_consent_is_checked_when_the_question_is_sent(regions) -> None:
    rsvp = _going()
    rsvp.person.sms_consent = False
    rsvp.person.save(update_fields=["sms_consent"])
    ask = _asks(rsvp).get()
    assert outbox.message_send(message_id=ask.pk, now=ask.due_at) == Message.Status.SKIPPED
    ask.refresh_from_db()
    assert "No consent" in ask.skip_reason and LocmemSmsBackend.outbox == []


def test_a_new_time_replaces_the_pending_question(regions, staff) -> None:
    rsvp = _going()
    event = rsvp.event
    services.event_update(actor=staff, event=event, starts_at=event.starts_at + timedelta(days=1),
                          ends_at=event.ends_at + timedelta(days=1))
    event.refresh_from_db()
    assert list(_asks(rsvp).order_by("planned_for").values_list("status", flat=True)) == [
        Message.Status.SKIPPED, Message.Status.PENDING]
    assert _asks(rsvp).get(status=Message.Status.PENDING).due_at == event.starts_at - timedelta(hours=24)


@pytest.mark.quiet_hours
def test_a_question_due_at_night_waits_for_the_morning(regions) -> None:
    rsvp = _going()
    ask = _asks(rsvp).get()
    night = (ask.due_at.astimezone(confirm_ask.CHICAGO)).replace(hour=23, minute=0)
    Message.objects.filter(pk=ask.pk).update(due_at=night - timedelta(minutes=1))
    assert outbox.message_send(message_id=ask.pk, now=night) == Message.Status.PENDING
    ask.refresh_from_db()
    assert ask.due_at.astimezone(confirm_ask.CHICAGO).hour == 8


def test_the_question_names_the_event_the_day_and_the_manage_link(regions) -> None:
    rsvp = _going()
    _send_ask(rsvp)
    (text,) = [sms["body"] for sms in LocmemSmsBackend.outbox]
    assert rsvp.event.title in text and "tomorrow" in text and "Reply YES to confirm or NO to cancel" in text
    assert manage_url(rsvp) in text


# Replies -------------------------------------------------------------------------------------------------------

def test_yes_from_the_phone_that_was_asked_confirms_once_and_answers_once(regions, settings) -> None:
    rsvp = _going()
    ask = _send_ask(rsvp)
    assert ask.to and ask.channel == Message.Channel.SMS
    consent_history = ConsentChange.objects.filter(person=rsvp.person).count()
    client = Client()
    _reply(client, settings, PHONE, "Yes!")
    rsvp.refresh_from_db()
    confirmed_at = rsvp.confirmed_at
    assert confirmed_at is not None and rsvp.status == RSVP.Status.GOING
    reply = _replies(rsvp).get()
    assert outbox.message_send(message_id=reply.pk) == Message.Status.SENT
    assert "Thanks, see you" in LocmemSmsBackend.outbox[-1]["body"]
    day_before = rsvp.event.starts_at - timedelta(hours=24)
    assert compose(reply, "en", now=day_before).sms == "Thanks, see you tomorrow."
    _reply(client, settings, PHONE, "YES")  # twice: nothing more
    rsvp.refresh_from_db()
    assert rsvp.confirmed_at == confirmed_at and _replies(rsvp).count() == 1
    # YES is a START word too; texts were on, so consent is untouched.
    rsvp.person.refresh_from_db()
    assert rsvp.person.sms_consent and ConsentChange.objects.filter(person=rsvp.person).count() == consent_history
    assert AuditEntry.objects.filter(detail__via="text_reply", object_id=str(rsvp.pk)).count() == 1


def test_no_cancels_frees_the_seat_moves_the_waitlist_and_keeps_texts_on(regions, settings) -> None:
    event = EventFactory(starts_at=_in_two_days(), capacity=1)
    rsvp = _going(event)
    waiting = _going(event, number="+13125550177")
    assert waiting.status == RSVP.Status.WAITLISTED
    _send_ask(rsvp)
    _reply(Client(), settings, PHONE, "no")
    rsvp.refresh_from_db()
    waiting.refresh_from_db()
    assert rsvp.status == RSVP.Status.CANCELLED and rsvp.confirmed_at is None
    assert waiting.status == RSVP.Status.GOING
    assert Message.objects.filter(kind=notices.Kind.PROMOTION, **about(waiting)).exists()
    assert AuditEntry.objects.filter(detail__via="text_reply", object_id=str(rsvp.pk)).count() == 1
    reply = _replies(rsvp).get()
    assert outbox.message_send(message_id=reply.pk) == Message.Status.SENT
    assert "is cancelled" in LocmemSmsBackend.outbox[-1]["body"]
    rsvp.person.refresh_from_db()
    assert rsvp.person.sms_consent  # NO is not STOP
    _reply(Client(), settings, PHONE, "YES")  # an answer after the first changes nothing
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.CANCELLED and rsvp.confirmed_at is None and _replies(rsvp).count() == 1


def test_a_yes_or_no_from_another_number_changes_nothing(regions, settings) -> None:
    rsvp = _going()
    _send_ask(rsvp)
    person_with_phone(OTHER, sms_consent=True)
    _reply(Client(), settings, OTHER, "NO")
    _reply(Client(), settings, OTHER, "YES")
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.GOING and rsvp.confirmed_at is None and not _replies(rsvp).exists()


def test_a_reply_without_a_question_or_after_the_start_changes_nothing(regions) -> None:
    rsvp = _going()
    sent_at = timezone.now()
    assert rsvp_confirm_reply(from_number=PHONE, body="YES", message_sid="SM1", sent_at=sent_at) is None
    _send_ask(rsvp)
    after_start = rsvp.event.starts_at + timedelta(minutes=1)
    assert rsvp_confirm_reply(from_number=PHONE, body="NO", message_sid="SM2", sent_at=sent_at,
                              now=after_start) is None
    assert rsvp_confirm_reply(from_number=PHONE, body="maybe", message_sid="SM3", sent_at=sent_at) is None
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.GOING and rsvp.confirmed_at is None and not _replies(rsvp).exists()
    assert rsvp_confirm_reply(from_number=PHONE, body="sí", message_sid="SM4", sent_at=sent_at) == "confirmed"


def test_cancel_stays_a_stop_word_and_is_not_an_answer(regions, settings) -> None:
    rsvp = _going()
    _send_ask(rsvp)
    _reply(Client(), settings, PHONE, "CANCEL")
    rsvp.refresh_from_db()
    rsvp.person.refresh_from_db()
    assert rsvp.status == RSVP.Status.GOING and not _replies(rsvp).exists()
    assert not rsvp.person.sms_consent


def test_the_roster_shows_confirmed(regions, staff) -> None:
    confirmed, other = _going(), None
    other = _going(confirmed.event, number="+13125550155")
    RSVP.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("events:event_detail", kwargs={"pk": confirmed.event_id})).content.decode()
    assert page.count('<span class="badge">Confirmed</span>') == 1
    assert other.person.display_name in page


def test_the_question_and_the_answer_in_spanish(regions, settings) -> None:
    rsvp = _going(language="es")
    _send_ask(rsvp)
    assert "mañana" in LocmemSmsBackend.outbox[-1]["body"]
    assert "Responda SÍ para confirmar o NO para cancelar" in LocmemSmsBackend.outbox[-1]["body"]
    _reply(Client(), settings, PHONE, "Sí")
    reply = _replies(rsvp).get()
    day_before = rsvp.event.starts_at - timedelta(hours=24)
    assert compose(reply, "es", now=day_before).sms == "Gracias, nos vemos mañana."
