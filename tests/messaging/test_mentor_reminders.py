"""Mentor check-in reminders go through the outbox: queued once per overdue period, decided when sent."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events import notices as event_notices
from leadership import notices as leadership_notices
from leadership import services as leadership_services
from leadership.models import Mentorship
from leadership.tasks import mentor_checkin_reminders
from members import consent
from members.models import Interaction
from messaging import services
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from messaging.tasks import send_message
from tests.events.factories import person_with_phone
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def overdue_mentorship(staff: Any, *, sms: bool = True, email: bool = False, **mentor: Any) -> Mentorship:
    """A mentorship started 30 days ago with a 14-day cadence and no check-in: overdue."""
    mentor_person = person_with_phone(**{"first_name": "Rosa", "last_name": "Mentor", **mentor})
    mentor_person.sms_consent = sms
    mentor_person.email_consent = email
    mentor_person.email = "rosa@example.org" if email else ""
    mentor_person.preferred_channel = "sms" if sms else "email"
    mentor_person.save()
    mentee = PersonFactory(first_name="Daniel", last_name="Secretlastname", preferred_name="Dani")
    return leadership_services.mentorship_start(
        actor=staff, mentor=mentor_person, mentee=mentee, cadence_days=14,
        started_on=timezone.localdate() - timedelta(days=30),
    )


def check_in(staff: Any, mentorship: Mentorship, happened_at: datetime | None = None) -> None:
    leadership_services.mentorship_check_in(
        actor=staff, mentorship=mentorship, idempotency_key=uuid.uuid4(), channel=Interaction.Channel.PHONE,
        happened_at=happened_at or timezone.now(),
    )


def reminders(mentorship: Mentorship) -> list[Message]:
    return list(Message.objects.filter(mentorship=mentorship, kind=leadership_notices.MENTOR_CHECKIN).order_by("id"))


def test_queueing_twice_or_every_hour_gives_one_message_per_overdue_period(regions, staff) -> None:
    mentorship = overdue_mentorship(staff)
    on_time = overdue_mentorship(staff, first_name="Ana", number="+13125550143")
    check_in(staff, on_time)  # checked in today: not overdue, nothing to queue
    assert leadership_notices.mentor_checkin_reminders_queue() == 1
    assert leadership_notices.mentor_checkin_reminders_queue() == 0
    assert mentor_checkin_reminders() == 0  # the periodic task, as beat runs it every hour
    [message] = reminders(mentorship)
    assert not reminders(on_time)
    assert message.person_id == mentorship.mentor_id and message.subject == mentorship
    assert message.topic == f"leadership.mentorship:{mentorship.pk}"  # about no event
    assert message.dedupe_key == f"mentor:{mentorship.pk}:{mentorship.started_on.isoformat()}"
    # A check-in 20 days ago (logged now) starts a new period, overdue again: one new message for it.
    check_in(staff, mentorship, happened_at=timezone.now() - timedelta(days=20))
    assert leadership_notices.mentor_checkin_reminders_queue() == 1
    assert leadership_notices.mentor_checkin_reminders_queue() == 0
    assert len(reminders(mentorship)) == 2


def test_the_periodic_task_is_scheduled_hourly(settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["leadership-mentor-checkin-reminders"]
    assert entry == {"task": "leadership.mentor_checkin_reminders", "schedule": 3600.0}


def test_a_queued_reminder_is_dispatched_on_commit_and_texted_once_through_the_file_backend(
    regions, staff, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.SMS_BACKEND = "messaging.backends.FileSmsBackend"
    settings.SMS_FILE_DIR = tmp_path
    mentorship = overdue_mentorship(staff)
    with django_capture_on_commit_callbacks(execute=True):
        leadership_notices.mentor_checkin_reminders_queue()  # dispatched after commit; tasks run in-process in tests
    [message] = reminders(mentorship)
    assert message.status == Message.Status.SENT and message.channel == "sms" and message.attempts == 1
    assert send_message(message.pk) == "not-claimed"
    assert services.message_send(message_id=message.pk) == "not-claimed"
    assert (tmp_path / "accepted.log").read_text().splitlines() == [message.dedupe_key]
    [text] = list(tmp_path.glob("*.txt"))
    body = text.read_text()
    assert "Dani" in body and "30 days since your last check-in" in body and "Reply STOP" in body
    assert "Secretlastname" not in body and "Daniel" not in body  # the preferred first name only


def test_an_email_reminder_goes_once_without_a_calendar_file_and_names_the_organizer(
    regions, staff, organizer_chicago
) -> None:
    organizer_chicago.first_name, organizer_chicago.last_name = "Olga", "Organizer"
    organizer_chicago.save()
    mentorship = overdue_mentorship(staff, sms=False, email=True)
    mentorship.mentee.assigned_organizer = organizer_chicago
    mentorship.mentee.save()
    leadership_notices.mentor_checkin_reminders_queue()
    [message] = reminders(mentorship)
    assert send_message(message.pk) == Message.Status.SENT
    assert send_message(message.pk) == "not-claimed"
    [email] = mail.outbox
    assert email.to == ["rosa@example.org"] and not email.attachments
    assert "Dani" in email.subject and "Hello Rosa," in email.body
    assert "30 days since your last check-in with Dani" in email.body and "Olga Organizer" in email.body
    assert "Secretlastname" not in email.body + email.subject
    assert email.extra_headers["X-Idempotency-Key"] == message.dedupe_key


def test_the_reminder_is_composed_in_the_mentors_language(regions, staff, monkeypatch) -> None:
    mentorship = overdue_mentorship(staff, preferred_language="es")
    leadership_notices.mentor_checkin_reminders_queue()
    [message] = reminders(mentorship)
    seen = []
    original = services.compose

    def spy(message: Message, language: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        seen.append(language)
        return original(message, language, **kwargs)

    monkeypatch.setattr(services, "compose", spy)
    assert send_message(message.pk) == Message.Status.SENT
    assert seen == ["es"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("check_in", "A check-in was logged since this reminder was queued"),
        ("withdraw_consent", "No consent"),
        ("end", "The mentorship has ended"),
        ("cadence", "no longer overdue"),
    ],
)
def test_what_changed_since_queueing_stops_the_reminder(regions, staff, change, reason) -> None:
    mentorship = overdue_mentorship(staff)
    leadership_notices.mentor_checkin_reminders_queue()
    [message] = reminders(mentorship)
    if change == "check_in":
        check_in(staff, mentorship)
    elif change == "withdraw_consent":
        consent.consent_sms_reply(from_number="+13125550142", body="STOP", message_sid=f"SM{uuid.uuid4().hex}",
                                  sent_at=timezone.now())
    elif change == "end":
        leadership_services.mentorship_end(actor=staff, mentorship=mentorship)
    else:
        Mentorship.objects.filter(pk=mentorship.pk).update(cadence_days=60)
    LocmemSmsBackend.outbox = []
    assert send_message(message.pk) == Message.Status.SKIPPED
    message.refresh_from_db()
    assert reason in message.skip_reason and message.sent_at is None
    assert not LocmemSmsBackend.outbox and not mail.outbox
    assert leadership_notices.mentor_checkin_reminders_queue() == 0  # nothing new for the same period


@pytest.mark.quiet_hours
def test_quiet_hours_hold_a_mentor_text_until_eight(regions, staff) -> None:
    mentorship = overdue_mentorship(staff)
    today = timezone.localdate()
    night = datetime.combine(today, time(22, 30), tzinfo=CHICAGO)
    eight = datetime.combine(today + timedelta(days=1), time(8, 0), tzinfo=CHICAGO)
    assert services.quiet_until(night, None) == eight  # no event start: simply wait for 08:00
    leadership_notices.mentor_checkin_reminders_queue(now=night)
    [message] = reminders(mentorship)
    assert services.message_send(message_id=message.pk, now=night) == Message.Status.PENDING
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.due_at == eight and message.attempts == 0
    assert not LocmemSmsBackend.outbox
    assert services.message_send(message_id=message.pk, now=eight - timedelta(minutes=1)) == "not-claimed"
    assert services.message_send(message_id=message.pk, now=eight) == Message.Status.SENT
    assert len(LocmemSmsBackend.outbox) == 1


def test_the_outbox_refuses_a_mentor_reminder_about_anything_but_a_mentorship_or_an_event_message_about_one(
    regions, staff
) -> None:
    mentorship = overdue_mentorship(staff)
    with pytest.raises(services.OutboxError):
        services.message_queue(kind=leadership_notices.MENTOR_CHECKIN, person_id=mentorship.mentor_id,
                               subject=mentorship.mentee, dedupe_key="mentor:none")
    with pytest.raises(services.OutboxError):
        services.message_queue(kind=event_notices.Kind.REMINDER, person_id=mentorship.mentor_id, subject=mentorship,
                               dedupe_key="reminder:with-mentorship")
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses half a subject
        Message.objects.create(person=mentorship.mentor, kind=leadership_notices.MENTOR_CHECKIN, due_at=timezone.now(),
                               subject_type=ContentType.objects.get_for_model(mentorship), dedupe_key="mentor:half")
    assert not Message.objects.exists()


def test_staff_see_mentor_reminders_in_the_outbox(regions, staff, client) -> None:
    mentorship = overdue_mentorship(staff)
    leadership_notices.mentor_checkin_reminders_queue()
    client.force_login(staff)
    page = client.get(reverse("messaging:outbox")).content.decode()
    assert "Mentor check-in reminder" in page and "Rosa Mentor" in page
    assert escape(str(mentorship)) in page
