"""Every write to the outbox: queue confirmations, notices, event reminders and mentor check-in reminders;
dispatch and send them once.

Exactly once: a row per message with a unique dedupe key (never created twice); a worker claims a row with
`UPDATE ... WHERE status='pending'` (zero rows: someone else has it); what to send is decided from the
database at the moment of sending; the provider's acceptance is recorded in one UPDATE; a row left in
`sending` by a dead worker is put back after a lease and resent with the same dedupe key as the provider's
idempotency key (SMS) or Message-ID (email), so the provider accepts it once.

At most MESSAGE_MAX_ATTEMPTS claims per message, whatever ends an attempt (a provider error, a worker that
died, a tick that hands it out again): the claim refuses a row that has used them up, and the lease fails it
instead of putting it back. A message whose content cannot be built (an invalid header, a template error, no
recipient) is failed at its first attempt with the reason: the next attempt would fail the same way.

Every kind goes through the same claim and send (`message_send`); only the send-time decision differs by
kind (`_why_not`: the event's rules for event messages, the mentorship's for mentor reminders, the request's
for a consent confirmation, the one text that goes to someone who has not agreed to texts yet).

Inbound texts: the webhook's provider message id is recorded once (`inbound_message_record`), so a repeat
changes nothing; what a reply does to consent is the members app's (`members.consent`).

At scale: reminder rows are written set-wise by the services when an RSVP or an event's time changes (a
periodic safety net fills any gap, inserting only missing keys); each dispatch tick hands out every due
message in chunks, one task per chunk, and a chunk still claims and decides one message at a time.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from events.calendar import event_ics
from events.models import RSVP, Event
from leadership.models import Mentorship, MentorshipCheckIn
from leadership.selectors import mentorships_overdue_in
from members.models import ConsentRequest, Person, PersonPhone
from messaging.backends import DeliveryError, MessageBuildError, TransientDeliveryError, get_sms_backend
from messaging.content import Content, compose, one_line
from messaging.models import InboundMessage, Message

logger = logging.getLogger(__name__)
CHICAGO = ZoneInfo("America/Chicago")
ACTIVE = (RSVP.Status.GOING, RSVP.Status.MAYBE)
# A dispatch tick hands out every due message in chunks of this many ids (one task each, so the worker's
# concurrency drains a backlog in parallel), up to a cap that bounds the tick's memory and the queue; a
# larger backlog continues at the next tick.
DISPATCH_CHUNK_SIZE = 100
DISPATCH_MAX_PER_TICK = 50_000
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP", "YES"}


class OutboxError(Exception):
    pass


def channel_for(person: Person) -> tuple[str, str] | None:
    """The channel and address to use now: the preferred one if consented and reachable, else any consented."""
    phone = next((p for p in person.phones.all() if p.stopped_working_on is None), None)
    return _channel(person, str(phone.number) if phone is not None else None)


def _working_phone() -> Subquery:
    """The number `channel_for` would pick (the first working one, primary first), as a column of a message query."""
    phones = PersonPhone.objects.filter(person_id=OuterRef("person_id"), stopped_working_on__isnull=True)
    return Subquery(phones.order_by("-is_primary", "id").values("number")[:1])


def _channel(person: Person, phone: str | None) -> tuple[str, str] | None:
    options: dict[str, str] = {}
    if person.sms_consent and phone:
        options[Message.Channel.SMS] = phone
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


def _off_reporting_day(due: datetime, reporting_day: int | None, starts_at: datetime) -> datetime:
    """Move a reminder that would land on the person's private reporting day to the day before."""
    local = due.astimezone(CHICAGO)
    if reporting_day is None or local.weekday() != reporting_day:
        return due
    if starts_at.astimezone(CHICAGO).date() == local.date():
        return due  # a same-day reminder cannot move off the day of the event
    return due - timedelta(days=1)


# One row of `_REMINDER_FACTS` per active RSVP: what its reminders are computed from.
_REMINDER_FACTS = ("pk", "person_id", "event_id", "event__starts_at", "event__reminder_minutes",
                   "person__sensitive_facts__reporting_day")
# RSVPs per round trip of the set-wise scheduler (one read, one lookup of existing keys, one insert).
_SCHEDULE_BATCH = 500


def _reminders_wanted(
    rsvp_id: int, person_id: int, event_id: int, starts_at: datetime, minutes_list: list[int] | None,
    reporting_day: int | None, *, now: datetime,
) -> list[tuple[str, dict[str, object]]]:
    """The future reminders one RSVP should have, as (dedupe key, row values). The key is RSVP + offset + event
    start, so a changed time wants new rows (the old ones are skipped at send time)."""
    stamp = int(starts_at.timestamp())
    wanted = []
    for minutes in sorted({int(m) for m in minutes_list or []}, reverse=True):
        due = starts_at - timedelta(minutes=minutes)
        if minutes >= 24 * 60:
            due = _off_reporting_day(due, reporting_day, starts_at)
        if due <= now:
            continue
        wanted.append((f"reminder:{rsvp_id}:{minutes}:{stamp}", {
            "person_id": person_id, "event_id": event_id, "rsvp_id": rsvp_id, "due_at": due,
            "event_starts_at": starts_at, "offset_minutes": minutes,
        }))
    return wanted


def _reminders_insert_missing(rsvps: QuerySet[RSVP], *, now: datetime) -> int:
    """Insert the missing future reminders of the active RSVPs in `rsvps` (of events not cancelled), set-wise.

    Per batch of RSVPs: one read of their facts, one read of the reminder keys they already have, one bulk
    insert of the rest. `ignore_conflicts` with the unique dedupe key makes a concurrent run harmless: a row
    another run inserted in between is simply not inserted again. Returns how many rows were missing.
    """
    facts = (
        rsvps.filter(status__in=ACTIVE, event__starts_at__gt=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .order_by("pk").values_list(*_REMINDER_FACTS)
    )
    missing_total, after = 0, 0
    while True:
        batch = list(facts.filter(pk__gt=after)[:_SCHEDULE_BATCH])
        if not batch:
            return missing_total
        after = batch[-1][0]
        wanted = [row for fact in batch for row in _reminders_wanted(*fact, now=now)]
        if wanted:
            have = set(Message.objects.filter(kind=Message.Kind.REMINDER, rsvp_id__in=[f[0] for f in batch])
                       .order_by().values_list("dedupe_key", flat=True))
            missing = [Message(kind=Message.Kind.REMINDER, dedupe_key=key, **values)
                       for key, values in wanted if key not in have]
            Message.objects.bulk_create(missing, ignore_conflicts=True)
            missing_total += len(missing)
        if len(batch) < _SCHEDULE_BATCH:
            return missing_total


def reminders_schedule(*, rsvp: RSVP, now: datetime | None = None) -> int:
    """Ensure the event's future reminders exist for this (saved) RSVP; none for an inactive RSVP or a cancelled
    event. Called by the events services when an RSVP is recorded or promoted, in their transaction, so the
    rows commit with the RSVP. Idempotent (the dedupe key). Returns how many rows were missing. Three queries.
    """
    return _reminders_insert_missing(RSVP.objects.filter(pk=rsvp.pk), now=now or timezone.now())


def reminders_schedule_event(*, event: Event, now: datetime | None = None) -> int:
    """Ensure every active RSVP of this (saved) event has its future reminders: called by `event_update` when
    the time or the reminder offsets change. Set-wise (three queries per 500 RSVPs). Idempotent.
    """
    return _reminders_insert_missing(RSVP.objects.filter(event_id=event.pk), now=now or timezone.now())


def reminders_schedule_upcoming(*, now: datetime | None = None) -> int:
    """The safety net (a periodic job, every few minutes, not on every dispatch tick): insert whatever reminder
    rows are missing for active RSVPs of upcoming events. The services schedule reminders as RSVPs and events
    change, so this normally inserts nothing. Set-wise; safe to run twice or concurrently (the unique dedupe
    key). Returns how many rows were missing.
    """
    return _reminders_insert_missing(RSVP.objects.all(), now=now or timezone.now())


def messages_recover_stale(*, now: datetime | None = None) -> int:
    """Put back rows left in `sending` longer than the lease (a worker died); they are resent idempotently.
    A row that has used all its attempts is failed instead, so a message that kills its worker every time
    stops. Called by the dispatch tick; safe to run twice. Returns how many rows were put back."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)
    stale = Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - lease)
    limit = settings.MESSAGE_MAX_ATTEMPTS
    stale.filter(attempts__gte=limit).update(
        status=Message.Status.FAILED,
        last_error=f"Gave up after {limit} attempts: the last one did not finish (the worker stopped answering; "
        "it may have been delivered).",
    )
    return stale.filter(attempts__lt=limit).update(
        status=Message.Status.PENDING, last_error="Recovered after the worker stopped answering."
    )


def messages_due(*, now: datetime | None = None, limit: int | None = DISPATCH_MAX_PER_TICK) -> list[int]:
    """Ids of pending messages that are due, oldest first: all of them, up to `limit` (one index range scan)."""
    now = now or timezone.now()
    due = Message.objects.filter(status=Message.Status.PENDING, due_at__lte=now).order_by("due_at", "id")
    return list(due.values_list("pk", flat=True)[:limit])


def messages_due_chunks(*, now: datetime | None = None, size: int = DISPATCH_CHUNK_SIZE) -> list[list[int]]:
    """Every due message's id, oldest first, in chunks of `size`: what one dispatch tick hands out."""
    ids = messages_due(now=now)
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def messages_send(*, message_ids: list[int]) -> dict[str, int]:
    """Send a chunk of messages one after another, each through `message_send` (claimed just before it is sent,
    decided from the database at that moment), so a worker killed mid-chunk leaves at most one row in
    `sending` until the lease ends. Called by the chunk task. Safe to run twice: the claims. Returns the
    count of each outcome. One message that raises does not stop the others: it is logged and stays claimed
    until the lease ends (its attempts still count). A message that cannot be built is failed, not raised.
    """
    outcome: dict[str, int] = {}
    for message_id in message_ids:
        try:
            result = message_send(message_id=message_id)
        except Exception:
            logger.exception("Sending message %s failed; it is retried after the lease.", message_id)
            result = "error"
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


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
    if message.kind == Message.Kind.CONSENT_CONFIRMATION:
        return _why_not_consent_confirmation(message, now)
    return _why_not_event_message(message, now)


def _why_not_consent_confirmation(message: Message, now: datetime) -> str | None:
    """The one "reply YES" text goes out only while its request is pending and not expired, the person has not
    decided about texts since (a STOP or any withdrawal ends the request) and the number is still theirs."""
    request = message.consent_request
    if request is None:
        return "The request was deleted."
    if request.status != ConsentRequest.Status.PENDING:
        return "The request was answered or withdrawn."
    if request.expires_at <= now:
        return "The request expired."
    if message.person.sms_consent:
        return "They already agree to texts."
    if message.person.sms_consent_at is not None and message.person.sms_consent_at > request.created_at:
        return "They decided about texts since it was asked."
    return None


def _confirmation_channel(message: Message) -> tuple[str, str] | None:
    """A consent confirmation goes by text to the number it asks about, and only while that number is one of
    the person's working phones; never to their other numbers or by email."""
    request = message.consent_request
    if request is None:
        return None
    phone = PersonPhone.objects.filter(
        person_id=message.person_id, digits=request.phone_digits, stopped_working_on__isnull=True
    ).values_list("number", flat=True).first()
    return (Message.Channel.SMS, str(phone)) if phone else None


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
    limit = settings.MESSAGE_MAX_ATTEMPTS
    claimed = Message.objects.filter(
        pk=message_id, status=Message.Status.PENDING, due_at__lte=now, attempts__lt=limit
    ).update(status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        # A pending row with no attempts left (the limit was lowered) is closed here rather than handed out
        # at every tick; any other unclaimed row is someone else's, or not due.
        exhausted = Message.objects.filter(
            pk=message_id, status=Message.Status.PENDING, due_at__lte=now, attempts__gte=limit
        ).update(status=Message.Status.FAILED,
                 last_error=Concat(Value(f"Gave up after {limit} attempts. "), F("last_error")))
        return Message.Status.FAILED if exhausted else "not-claimed"
    # Read after the claim, so consent, phones and the event are as they are now, in one query with all that the
    # content of an event message needs (a mentor reminder's mentorship is read fresh by its own check).
    message = (
        Message.objects.select_related("person", "event__venue", "rsvp__bus__pickup_point", "consent_request")
        .annotate(working_phone=_working_phone()).get(pk=message_id)
    )
    reason = _why_not(message, now)
    if reason:
        if reason.startswith("The event time changed") and message.rsvp is not None:
            reminders_schedule(rsvp=message.rsvp, now=now)
        return _skip(message, reason)
    person = message.person
    if message.kind == Message.Kind.CONSENT_CONFIRMATION:
        chosen = _confirmation_channel(message)
    else:
        chosen = _channel(person, str(message.working_phone) if message.working_phone is not None else None)
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
    language = (
        (message.rsvp.language if message.rsvp else "")
        or (message.consent_request.language if message.consent_request else "")
        or person.preferred_language or "en"
    )
    try:
        content, email = _build(message, channel, to, language, now)
    except MessageBuildError as error:
        return _failed_attempt(message, str(error), transient=False)
    try:
        if email is None:
            backend = get_sms_backend()
            provider_id = backend.send(to=to, body=content.sms, idempotency_key=message.dedupe_key).provider_id
        else:
            email.send(fail_silently=False)
            provider_id = email.extra_headers["Message-ID"]
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


def _build(
    message: Message, channel: str, to: str, language: str, now: datetime
) -> tuple[Content, EmailMessage | None]:
    """Everything the provider will be handed (the text; or the whole email with its headers, None for a text),
    built and checked before anything goes out. Raises MessageBuildError when the message cannot be built; a
    database error is not the message's fault and is raised as it is (the attempt ends, the lease returns it)."""
    if not to.strip():
        raise MessageBuildError("The message could not be built: there is no address to send it to.")
    try:
        content = compose(message, language, now=now)
        if channel == Message.Channel.SMS:
            if not content.sms.strip():
                raise MessageBuildError("The message could not be built: the text is empty.")
            return content, None
        email = _email(message, to, content)
        email.message()  # the MIME message: an invalid header fails here, not halfway through a provider's call
        sanitize_address(to, email.encoding or settings.DEFAULT_CHARSET)
        return content, email
    except (MessageBuildError, DatabaseError):
        raise
    except Exception as error:
        raise MessageBuildError(f"The message could not be built: {type(error).__name__}: {error}") from error


def _email(message: Message, to: str, content: Content) -> EmailMessage:
    message_id = "<" + re.sub(r"[^A-Za-z0-9.\-]", ".", message.dedupe_key) + "@coalition-crm>"
    email = EmailMessage(
        subject=one_line(content.subject), body=content.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        headers={"Message-ID": message_id, "X-Idempotency-Key": one_line(message.dedupe_key)},
    )
    if message.event is not None and message.kind != Message.Kind.REMINDER:
        cancelled = message.kind == Message.Kind.CANCELLATION
        email.attach("event.ics", event_ics(message.event, method="CANCEL" if cancelled else "REQUEST"),
                     "text/calendar; method=" + ("CANCEL" if cancelled else "REQUEST"))
    return email


def mentor_checkin_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue a reminder to the mentor of every mentorship whose check-in is overdue (the periodic job).

    "Overdue" is the leadership selector's (`mentorships_overdue_in`), never re-derived here. One message per
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
def consent_confirmation_queue(*, request: ConsentRequest) -> Message:
    """Queue the one text that asks a person to confirm a pending consent request by replying YES; sent after
    commit. Called by the members consent services. Idempotent: one message per request (the dedupe key).
    """
    message, _created = Message.objects.get_or_create(
        dedupe_key=f"consent:{request.pk}",
        defaults={"person_id": request.person_id, "kind": Message.Kind.CONSENT_CONFIRMATION,
                  "consent_request": request, "due_at": timezone.now()},
    )
    _dispatch_on_commit(message)
    return message


def sms_keyword(body: str) -> tuple[str, str] | None:
    """What an inbound text asks for: ("stop", word) for STOP and its synonyms, ("start", word) for START, UNSTOP
    or YES, None for anything else. The first word counts, in any case, trailing punctuation ignored."""
    words = (body or "").split()
    word = words[0].strip(".!,;:").upper() if words else ""
    if word in STOP_WORDS:
        return "stop", word
    if word in START_WORDS:
        return "start", word
    return None


def inbound_message_record(*, provider_id: str, sent_at: datetime) -> bool:
    """Record that the provider delivered this inbound text. False when it was recorded before (a retry or a
    replay): the caller then changes nothing. Run inside the caller's transaction, so the record and what the
    text does commit together; the unique provider id makes two concurrent deliveries record one.
    """
    try:
        with transaction.atomic():
            InboundMessage.objects.create(provider_id=provider_id[:64], sent_at=sent_at)
    except IntegrityError:
        return False
    return True


def inbound_messages_prune(*, now: datetime | None = None) -> int:
    """Forget inbound message ids whose signed time is older than the accepted window (and a day's margin): the
    webhook refuses a replay of those by its time alone. The periodic job; idempotent. Returns how many went."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SMS_INBOUND_MAX_AGE_SECONDS) - timedelta(days=1)
    deleted, _by_model = InboundMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
