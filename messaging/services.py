"""Every write to the outbox: queue confirmations, notices, event reminders and mentor check-in reminders;
dispatch and send them once.

Exactly once: a row per message with a unique dedupe key (never created twice); a worker claims a row with
`UPDATE ... WHERE status='pending'` (zero rows: someone else has it); what to send is decided from the
database at the moment of sending; the provider's acceptance is recorded in one UPDATE; a row left in
`sending` by a dead worker is put back after a lease and resent with the same dedupe key as the provider's
idempotency key (SMS) or Message-ID (email), so the provider accepts it once.

Every kind goes through the same claim and send (`message_send`); only the send-time decision differs by
kind (`_why_not`: the event's rules for event messages, the mentorship's for mentor reminders).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from events.calendar import event_ics
from events.models import RSVP, Event
from members.models import Mentorship, MentorshipCheckIn, Person
from members.selectors import mentorships_overdue_in
from messaging.backends import DeliveryError, TransientDeliveryError, get_sms_backend
from messaging.content import compose
from messaging.models import Message

logger = logging.getLogger(__name__)
CHICAGO = ZoneInfo("America/Chicago")
ACTIVE = (RSVP.Status.GOING, RSVP.Status.MAYBE)
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}


class OutboxError(Exception):
    pass


def channel_for(person: Person) -> tuple[str, str] | None:
    """The channel and address to use now: the preferred one if consented and reachable, else any consented."""
    phone = next((p for p in person.phones.all() if p.stopped_working_on is None), None)
    options = {}
    if person.sms_consent and phone is not None:
        options[Message.Channel.SMS] = str(phone.number)
    if person.email_consent and person.email:
        options[Message.Channel.EMAIL] = person.email
    if not options:
        return None
    if person.preferred_channel in options:
        return person.preferred_channel, options[person.preferred_channel]
    channel = Message.Channel.SMS if Message.Channel.SMS in options else Message.Channel.EMAIL
    return channel, options[channel]


def _queue(*, rsvp: RSVP, kind: str, dedupe_key: str, due_at: datetime | None = None, **extra: object) -> Message:
    message, _created = Message.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"person_id": rsvp.person_id, "kind": kind, "event_id": rsvp.event_id, "rsvp": rsvp,
                  "due_at": due_at or timezone.now(), **extra},
    )
    return message


def _dispatch_on_commit(message: Message) -> None:
    from messaging.tasks import send_message

    if message.status == Message.Status.PENDING and message.due_at <= timezone.now():
        transaction.on_commit(lambda: send_message.delay(message.pk))


@transaction.atomic
def notice_queue(*, rsvp: RSVP, kind: str) -> Message:
    """Queue a confirmation, change, cancellation or promotion notice for one RSVP; sent after commit.

    Called by the events services. Idempotent: one notice per RSVP, kind, status and event version.
    """
    key = f"{kind}:{rsvp.pk}:{rsvp.status}:{rsvp.event.sequence}"
    message = _queue(rsvp=rsvp, kind=kind, dedupe_key=key)
    _dispatch_on_commit(message)
    return message


def _avoid_reporting_day(due: datetime, person: Person, event: Event) -> datetime:
    """Move a reminder that would land on the person's private reporting day to the day before."""
    facts = getattr(person, "sensitive_facts", None)
    local = due.astimezone(CHICAGO)
    if facts is None or facts.reporting_day is None or local.weekday() != facts.reporting_day:
        return due
    if event.starts_at.astimezone(CHICAGO).date() == local.date():
        return due  # a same-day reminder cannot move off the day of the event
    return due - timedelta(days=1)


def reminders_schedule(*, rsvp: RSVP, now: datetime | None = None) -> list[Message]:
    """Ensure the event's reminders exist for this RSVP (future ones only). Idempotent: the dedupe key
    is RSVP + offset + event start, so a changed time gives new rows and the old ones are skipped at send time.
    """
    now = now or timezone.now()
    event = rsvp.event
    if event.status == Event.Status.CANCELLED or rsvp.status not in ACTIVE:
        return []
    created = []
    stamp = int(event.starts_at.timestamp())
    for minutes in sorted({int(m) for m in event.reminder_minutes or []}, reverse=True):
        due = event.starts_at - timedelta(minutes=minutes)
        if minutes >= 24 * 60:
            due = _avoid_reporting_day(due, rsvp.person, event)
        if due <= now:
            continue
        created.append(_queue(
            rsvp=rsvp, kind=Message.Kind.REMINDER, dedupe_key=f"reminder:{rsvp.pk}:{minutes}:{stamp}",
            due_at=due, event_starts_at=event.starts_at, offset_minutes=minutes,
        ))
    return created


def reminders_schedule_upcoming(*, now: datetime | None = None) -> int:
    """Recompute reminder rows for every active RSVP of every upcoming event (the periodic job)."""
    now = now or timezone.now()
    rsvps = (
        RSVP.objects.filter(status__in=ACTIVE, event__starts_at__gt=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event", "person__sensitive_facts")
    )
    count = 0
    for rsvp in rsvps.iterator(chunk_size=500):
        count += len(reminders_schedule(rsvp=rsvp, now=now))
    return count


def messages_recover_stale(*, now: datetime | None = None) -> int:
    """Put back rows left in `sending` longer than the lease (a worker died); they are resent idempotently."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
    return Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - lease).update(
        status=Message.Status.PENDING, last_error="Recovered after the worker stopped answering."
    )


def messages_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of pending messages that are due, oldest first."""
    now = now or timezone.now()
    return list(
        Message.objects.filter(status=Message.Status.PENDING, due_at__lte=now)
        .order_by("due_at", "id").values_list("pk", flat=True)[:limit]
    )


def _next_morning(now: datetime, end_hour: int) -> datetime:
    local = now.astimezone(CHICAGO)
    morning = local.replace(hour=end_hour, minute=0, second=0, microsecond=0)
    if local.hour >= end_hour:
        morning += timedelta(days=1)
    return morning


def quiet_until(now: datetime, event_start: datetime | None) -> datetime | None:
    """When an SMS may go out: None for now; the next 08:00 in quiet hours unless the event is sooner.
    Without an event (a mentor reminder) there is nothing sooner: it simply waits for 08:00."""
    if not settings.SMS_QUIET_HOURS:
        return None
    start_hour, end_hour = settings.SMS_QUIET_HOURS
    hour = now.astimezone(CHICAGO).hour
    if end_hour <= hour < start_hour:
        return None
    morning = _next_morning(now, end_hour)
    return None if event_start is not None and event_start <= morning else morning


def _skip(message: Message, reason: str) -> str:
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.SKIPPED, skip_reason=reason[:200]
    )
    return Message.Status.SKIPPED


def _why_not(message: Message, now: datetime) -> str | None:
    """The reason this message must not go out, read fresh from the database; None means send it."""
    if message.kind == Message.Kind.MENTOR_CHECKIN:
        return _why_not_mentor_checkin(message, now)
    return _why_not_event_message(message, now)


def _why_not_mentor_checkin(message: Message, now: datetime) -> str | None:
    """A mentor reminder goes out only while its mentorship is current and its check-in still overdue, and
    no check-in was logged since it was queued. On the way, `message.mentorship` is replaced by the fresh row
    with `last_on` (the last check-in's date or the start), which the content needs."""
    mentorship = message.mentorship
    if mentorship is None:
        return "The mentorship was deleted."
    if mentorship.ended_on is not None:
        return "The mentorship has ended."
    logged_since = MentorshipCheckIn.objects.filter(
        mentorship=mentorship, interaction__created_at__gte=message.created_at
    )
    if logged_since.exists():
        return "A check-in was logged since this reminder was queued."
    overdue = mentorships_overdue_in(Mentorship.objects.filter(pk=mentorship.pk), today=timezone.localdate(now))
    if not overdue:
        return "The check-in is no longer overdue."
    message.mentorship = overdue[0]
    return None


def _why_not_event_message(message: Message, now: datetime) -> str | None:
    event, rsvp = message.event, message.rsvp
    if event is None:
        return "The event was deleted."
    if message.kind == Message.Kind.CANCELLATION:
        return None if event.status == Event.Status.CANCELLED else "The event is no longer cancelled."
    if event.status == Event.Status.CANCELLED:
        return "The event is cancelled."
    if rsvp is None or rsvp.status in (RSVP.Status.CANCELLED, RSVP.Status.DECLINED):
        return "The RSVP was cancelled."
    if message.kind == Message.Kind.REMINDER:
        if rsvp.status == RSVP.Status.WAITLISTED:
            return "The person is on the waitlist."
        if message.event_starts_at != event.starts_at:
            return "The event time changed; a new reminder was scheduled."
        if event.starts_at <= now:
            return "The event has already started."
    return None


def message_send(*, message_id: int, now: datetime | None = None) -> str:
    """Claim one due message, decide from the database whether it still goes out, send it, record the result.

    Called by the send task. Safe to run any number of times: only the claimant sends. Returns the status.
    """
    now = now or timezone.now()
    claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING, due_at__lte=now).update(
        status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not-claimed"
    message = (
        Message.objects.select_related(
            "person", "event__venue", "rsvp__bus__pickup_point", "rsvp__event", "mentorship"
        ).get(pk=message_id)
    )
    reason = _why_not(message, now)
    if reason:
        if reason.startswith("The event time changed") and message.rsvp is not None:
            reminders_schedule(rsvp=message.rsvp, now=now)
        return _skip(message, reason)
    person = Person.objects.prefetch_related("phones").get(pk=message.person_id)  # consent, read fresh
    chosen = channel_for(person)
    if chosen is None:
        return _skip(message, "No consent to text or email, or no way to reach them.")
    channel, to = chosen
    if channel == Message.Channel.SMS:
        later = quiet_until(now, message.event.starts_at if message.event is not None else None)
        if later is not None:
            Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
                status=Message.Status.PENDING, due_at=later, attempts=F("attempts") - 1,
                last_error="Held for quiet hours (21:00-08:00 Chicago time).",
            )
            return Message.Status.PENDING
    language = (message.rsvp.language if message.rsvp else "") or person.preferred_language or "en"
    content = compose(message, language, now=now)
    try:
        if channel == Message.Channel.SMS:
            backend = get_sms_backend()
            provider_id = backend.send(to=to, body=content.sms, idempotency_key=message.dedupe_key).provider_id
        else:
            provider_id = _send_email(message, to, content)
    except TransientDeliveryError as error:
        return _failed_attempt(message, str(error), transient=True)
    except (DeliveryError, OSError) as error:
        return _failed_attempt(message, str(error), transient=isinstance(error, OSError))
    # The provider accepted it: one UPDATE records that; the claim makes sure it is ours to record.
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING, claimed_at=now).update(
        status=Message.Status.SENT, sent_at=timezone.now(), provider_id=provider_id[:200], channel=channel,
        to=to, last_error="",
    )
    return Message.Status.SENT


def _send_email(message: Message, to: str, content) -> str:  # type: ignore[no-untyped-def]
    message_id = "<" + re.sub(r"[^A-Za-z0-9.\-]", ".", message.dedupe_key) + "@coalition-crm>"
    email = EmailMessage(
        subject=content.subject, body=content.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        headers={"Message-ID": message_id, "X-Idempotency-Key": message.dedupe_key},
    )
    if message.event is not None and message.kind != Message.Kind.REMINDER:
        cancelled = message.kind == Message.Kind.CANCELLATION
        email.attach("event.ics", event_ics(message.event, method="CANCEL" if cancelled else "REQUEST"),
                     "text/calendar; method=" + ("CANCEL" if cancelled else "REQUEST"))
    email.send(fail_silently=False)
    return message_id


def mentor_checkin_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue a reminder to the mentor of every mentorship whose check-in is overdue (the periodic job).

    "Overdue" is the members selector's (`mentorships_overdue_in`), never re-derived here. One message per
    mentorship per overdue period: the dedupe key is the mentorship and the date the period started from (the
    last check-in, or the start), so running it every hour creates nothing new until a check-in is logged and
    the next period falls overdue. A new message is dispatched after commit; consent, quiet hours and whether
    it is still overdue are decided when it is sent. Returns how many messages were created.
    """
    now = now or timezone.now()
    created = 0
    for mentorship in mentorships_overdue_in(Mentorship.objects.all(), today=timezone.localdate(now)):
        with transaction.atomic():
            message, new = Message.objects.get_or_create(
                dedupe_key=f"mentor:{mentorship.pk}:{mentorship.last_on.isoformat()}",
                defaults={"person_id": mentorship.mentor_id, "kind": Message.Kind.MENTOR_CHECKIN,
                          "mentorship": mentorship, "due_at": now},
            )
            if new:
                created += 1
                _dispatch_on_commit(message)
    return created


def _failed_attempt(message: Message, error: str, *, transient: bool) -> str:
    attempts = Message.objects.values_list("attempts", flat=True).get(pk=message.pk)
    if transient and attempts < settings.MESSAGE_MAX_ATTEMPTS:
        backoff = timedelta(seconds=settings.MESSAGE_RETRY_BASE_SECONDS * (2 ** (attempts - 1)))
        Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
            status=Message.Status.PENDING, due_at=timezone.now() + backoff, last_error=error[:1000]
        )
        return Message.Status.PENDING
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.FAILED, last_error=error[:1000]
    )
    return Message.Status.FAILED


@transaction.atomic
def sms_inbound_record(*, from_number: str, body: str) -> str | None:
    """An inbound text: STOP (and its synonyms) withdraws SMS consent of everyone on that number at once;
    START gives it back. Returns "stop", "start" or None. Idempotent.
    """
    word = (body or "").strip().split(" ")[0].upper() if body else ""
    digits = "".join(ch for ch in from_number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if word not in STOP_WORDS | START_WORDS or not digits:
        return None
    people = Person.objects.filter(phones__digits=digits).distinct()
    now = timezone.now()
    if word in STOP_WORDS:
        people.filter(sms_consent=True).update(
            sms_consent=False, sms_consent_at=now, sms_consent_how=f"Replied {word} by text", updated_at=now
        )
        return "stop"
    people.filter(sms_consent=False).update(
        sms_consent=True, sms_consent_at=now, sms_consent_how=f"Replied {word} by text", updated_at=now
    )
    return "start"
