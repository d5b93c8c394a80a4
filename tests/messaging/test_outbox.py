"""The outbox: decided at the moment of sending, quiet hours, retries, STOP, the Twilio-shaped backend."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from events import notices as event_notices
from events import services as event_services
from events.models import RSVP
from messaging import services
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from messaging.tasks import dispatch_due, send_message
from tests.events.factories import EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about
from tests.messaging.webhook import inbound_data, signed_post

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
NOON = datetime(2030, 3, 6, 12, 0, tzinfo=CHICAGO)


def rsvp_for(event=None, consent: bool = True, **person):  # type: ignore[no-untyped-def]
    person = person_with_phone(**person)
    person.sms_consent = consent
    person.save()
    return event_services.rsvp_record(event=event or EventFactory(), person=person, source="proxy")[0]


def due_reminders(rsvp: RSVP) -> list[Message]:
    return list(Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER).order_by("due_at"))


def test_a_due_reminder_is_sent_once_even_when_the_task_runs_twice(regions) -> None:
    rsvp = rsvp_for()
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    LocmemSmsBackend.outbox = []
    assert send_message(reminder.pk) == Message.Status.SENT
    assert send_message(reminder.pk) == "not-claimed"
    dispatch_due()
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.SENT and reminder.attempts == 1 and reminder.provider_id
    assert len([m for m in LocmemSmsBackend.outbox if m["key"] == reminder.dedupe_key]) == 1


def test_the_same_reminder_can_never_be_created_twice(regions) -> None:
    rsvp = rsvp_for()
    event_notices.reminders_schedule(rsvp=rsvp)
    event_notices.reminders_schedule_upcoming()
    assert len(due_reminders(rsvp)) == 3


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("cancel_rsvp", "RSVP was cancelled"),
        ("withdraw_consent", "No consent"),
        ("cancel_event", "event is cancelled"),
        ("delete_event", "event was deleted"),
        ("move_event", "Replaced: the event's time"),
    ],
)
def test_what_changed_since_queueing_stops_the_message(regions, staff, change, reason) -> None:
    rsvp = rsvp_for()
    reminder = due_reminders(rsvp)[-1]
    event = rsvp.event
    if change == "cancel_rsvp":
        event_services.rsvp_cancel(actor=staff, rsvp=rsvp)
    elif change == "withdraw_consent":
        rsvp.person.sms_consent = False
        rsvp.person.save()
    elif change == "cancel_event":
        event_services.event_cancel(actor=staff, event=event)
    elif change == "delete_event":
        event.delete()
    else:
        event.starts_at += timedelta(hours=1)
        event.ends_at += timedelta(hours=1)
        event.save()
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    assert services.message_send(message_id=reminder.pk) == Message.Status.SKIPPED
    reminder.refresh_from_db()
    assert reason in reminder.skip_reason
    if change == "move_event":
        assert Message.objects.filter(**about(rsvp), kind="reminder", planned_for=event.starts_at).count() == 3


@pytest.mark.quiet_hours
def test_quiet_hours_hold_an_sms_until_eight_unless_the_event_is_sooner() -> None:
    night = datetime(2030, 3, 6, 22, 30, tzinfo=CHICAGO)
    assert services.quiet_until(NOON, NOON + timedelta(days=1)) is None
    assert services.quiet_until(night, night + timedelta(days=1)) == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO)
    assert services.quiet_until(night, night + timedelta(hours=2)) is None  # sooner than 08:00: send now
    early = datetime(2030, 3, 7, 6, 0, tzinfo=CHICAGO)
    assert services.quiet_until(early, early + timedelta(days=1)) == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO)


@pytest.mark.quiet_hours
def test_an_sms_due_at_night_is_held_not_sent(regions) -> None:
    night = datetime(2030, 3, 6, 23, 0, tzinfo=CHICAGO)
    rsvp = rsvp_for(EventFactory(starts_at=night + timedelta(days=2), ends_at=night + timedelta(days=2, hours=3)))
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(due_at=night - timedelta(minutes=1))
    assert services.message_send(message_id=reminder.pk, now=night) == Message.Status.PENDING
    reminder.refresh_from_db()
    assert reminder.due_at == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO) and reminder.attempts == 0


def test_a_one_day_reminder_moves_off_the_private_reporting_day(regions) -> None:
    from members.models import SensitiveFacts

    start = datetime(2030, 3, 7, 10, 0, tzinfo=CHICAGO)  # a Thursday; the 1-day reminder lands on Wednesday
    person = person_with_phone()
    SensitiveFacts.objects.create(person=person, reporting_day=2)
    rsvp, _ = event_services.rsvp_record(
        event=EventFactory(starts_at=start, ends_at=start + timedelta(hours=2)), person=person, source="proxy")
    one_day = Message.objects.get(**about(rsvp), offset_minutes=1440)
    assert one_day.due_at.astimezone(CHICAGO).weekday() == 1


def test_email_reminders_carry_the_dedupe_key_as_message_id_and_confirmations_an_ics(
    regions, django_capture_on_commit_callbacks
) -> None:
    person = person_with_phone(email="ana@example.org")
    person.email_consent, person.preferred_channel = True, "email"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp, _ = event_services.rsvp_record(event=EventFactory(), person=person, source="proxy")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.extra_headers["Message-ID"].startswith("<confirmation.")
    assert sent.attachments[0][0] == "event.ics" and "UID:event-" in str(sent.attachments[0][1])
    assert Message.objects.get(**about(rsvp), kind="confirmation").channel == "email"


def test_transient_failures_are_retried_with_backoff_then_recorded_as_failed(regions, settings, monkeypatch) -> None:
    from messaging import backends

    def fail(self, **kwargs):  # type: ignore[no-untyped-def]
        raise backends.TransientDeliveryError("HTTP 503: try later")

    monkeypatch.setattr(backends.LocmemSmsBackend, "send", fail)
    settings.MESSAGE_MAX_ATTEMPTS = 2
    rsvp = rsvp_for()
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    assert services.message_send(message_id=reminder.pk) == Message.Status.PENDING
    reminder.refresh_from_db()
    assert reminder.due_at > timezone.now() and "503" in reminder.last_error
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    assert services.message_send(message_id=reminder.pk) == Message.Status.FAILED
    reminder.refresh_from_db()
    assert reminder.attempts == 2 and reminder.status == Message.Status.FAILED


def test_a_stale_sending_row_is_recovered_after_the_lease(regions, settings) -> None:
    settings.MESSAGE_LEASE_SECONDS = 60
    rsvp = rsvp_for()
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(status="sending", claimed_at=timezone.now() - timedelta(minutes=5))
    assert services.messages_recover_stale() == 1
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.PENDING


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "CANCEL", "END", "QUIT", "STOPALL"])
def test_stop_withdraws_sms_consent_at_once_and_pending_texts_are_skipped(regions, settings, word) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    rsvp = rsvp_for(number="+13125550177")
    response = signed_post(Client(), settings, inbound_data("+13125550177", word))
    assert response.status_code == 200
    person = rsvp.person
    person.refresh_from_db()
    assert not person.sms_consent and person.sms_consent_at and word.upper() in person.sms_consent_how
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    assert services.message_send(message_id=reminder.pk) == Message.Status.SKIPPED


def test_an_unsigned_or_forged_webhook_changes_nothing(regions, settings) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    rsvp = rsvp_for(number="+13125550177")
    assert Client().post("/messages/sms/inbound/", {"From": "+13125550177", "Body": "STOP"}).status_code == 403
    forged = signed_post(Client(), settings, inbound_data("+13125550177", "STOP"), token="wrong")
    assert forged.status_code == 403
    rsvp.person.refresh_from_db()
    assert rsvp.person.sms_consent


class FakeTwilio(BaseHTTPRequestHandler):
    received: list[dict] = []
    fail_next = 0

    def do_POST(self) -> None:  # noqa: N802
        body = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if FakeTwilio.fail_next:
            FakeTwilio.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        key = self.headers.get("I-Twilio-Idempotency-Token")
        known = next((m for m in FakeTwilio.received if m["key"] == key), None)
        if known is None:
            known = {"key": key, "to": body["To"][0], "body": body["Body"][0], "auth": self.headers["Authorization"],
                     "path": self.path, "sid": f"SM{len(FakeTwilio.received):032d}",
                     "status_callback": body.get("StatusCallback", [""])[0]}
            FakeTwilio.received.append(known)
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"sid": known["sid"], "status": "queued"}).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_twilio(settings):  # type: ignore[no-untyped-def]
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    FakeTwilio.received, FakeTwilio.fail_next = [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "messaging.backends.TwilioSmsBackend"
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = "AC123", "tok"
    settings.TWILIO_FROM_NUMBER = "+12175550100"
    yield FakeTwilio
    server.shutdown()


def test_the_twilio_backend_posts_to_the_rest_api_and_retries_a_503(regions, settings, fake_twilio) -> None:
    rsvp = rsvp_for(number="+13125550188")
    reminder = due_reminders(rsvp)[0]
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    fake_twilio.fail_next = 1
    assert services.message_send(message_id=reminder.pk) == Message.Status.PENDING
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    assert services.message_send(message_id=reminder.pk) == Message.Status.SENT
    received = fake_twilio.received
    assert len(received) == 1
    assert received[0]["to"] == "+13125550188" and received[0]["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert received[0]["auth"].startswith("Basic ") and "STOP" in received[0]["body"]
    assert received[0]["status_callback"] == settings.SITE_URL.rstrip("/") + "/messages/sms/status/"
    reminder.refresh_from_db()
    assert reminder.provider_id == received[0]["sid"] and reminder.attempts == 2
