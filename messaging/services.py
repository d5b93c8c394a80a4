"""Every write to the outbox: queue messages of any registered kind, dispatch and send them once, record inbound
texts and hand them to their handlers.

Exactly once: a row per message with a unique dedupe key (never created twice); a worker claims a row with
`UPDATE ... WHERE status='pending'` (zero rows: someone else has it); what to send is decided from the
database at the moment of sending; the provider's acceptance is recorded in one UPDATE; a row left in
`sending` by a dead worker is put back after a lease and resent with the same dedupe key as the provider's
idempotency key (SMS) or Message-ID (email), so the provider accepts it once.

At most MESSAGE_MAX_ATTEMPTS claims per message, whatever ends an attempt (a provider error, a worker that
died, a tick that hands it out again): the claim refuses a row that has used them up, and the lease fails it
instead of putting it back. A message whose content cannot be built (an invalid header, a template error, no
recipient) or whose kind no app registers is failed at its first attempt with the reason: the next attempt
would fail the same way.

Every kind goes through the same claim and send (`messages_send`); what differs by kind is asked of the
registry (`messaging/kinds.py`): the subject read fresh, why not to send it now, the language, the text, a
fixed recipient, quiet hours. Consent on the channel and quiet hours are decided here, for every kind.

The apps queue messages with `message_queue` (one, dispatched after commit when due) and
`messages_insert_missing` (set-wise, for schedules such as event reminders); each dispatch tick hands out every
due message in chunks, one task per chunk; a chunk claims, reads and records its rows set-wise, in a constant
number of queries, and decides and sends them one at a time (`messages_send`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_noop

from messaging import inbound, kinds
from messaging.backends import DeliveryError, MessageBuildError, TransientDeliveryError, get_sms_backend
from messaging.content import Content, UnknownKind, compose, one_line
from messaging.models import InboundMessage, Message, topic_for

logger = logging.getLogger(__name__)
CHICAGO = ZoneInfo("America/Chicago")
# A dispatch tick hands out every due message in chunks of this many ids (one task each, so the worker's
# concurrency drains a backlog in parallel), up to a cap that bounds the tick's memory and the queue; a
# larger backlog continues at the next tick.
DISPATCH_CHUNK_SIZE = 100
DISPATCH_MAX_PER_TICK = 50_000
# The carriers' keywords, in English and Spanish. YES is also the answer to "reply YES" questions (a consent
# confirmation, the day-before question), which is why it counts as a START word.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
              "ALTO", "PARAR", "PARE", "DETENER", "BAJA", "CANCELAR"}
START_WORDS = {"START", "UNSTOP", "YES", "COMENZAR", "INICIAR", "ALTA"}
HELP_WORDS = {"HELP", "INFO", "AYUDA"}
SPANISH_WORDS = {"ALTO", "PARAR", "PARE", "DETENER", "BAJA", "CANCELAR", "COMENZAR", "INICIAR", "ALTA", "AYUDA"}


class OutboxError(Exception):
    pass


# The recipient: read through the person's own fields and phones (the person model is the members app's).

def channel_for(person: Any) -> tuple[str, str] | None:
    """The channel and address to use now: the preferred one if consented and reachable, else any consented.
    A number that texted STOP is never used, whatever the person's consent says."""
    phone = next((p for p in person.phones.all() if p.stopped_working_on is None and p.sms_stopped_at is None), None)
    return _channel(person, str(phone.number) if phone is not None else None)


def _working_phone() -> Subquery:
    """The number `channel_for` would pick (the first working one that has not texted STOP, primary first), as a
    column of a message query."""
    person_model: Any = Message._meta.get_field("person").related_model
    phone_model: Any = person_model._meta.get_field("phones").related_model  # through the person's `phones`
    phones = phone_model._default_manager.filter(person_id=OuterRef("person_id"), stopped_working_on__isnull=True,
                                                 sms_stopped_at__isnull=True)
    return Subquery(phones.order_by("-is_primary", "id").values("number")[:1])


def _channel(person: Any, phone: str | None) -> tuple[str, str] | None:
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


# Queueing ---------------------------------------------------------------------------------------------------

def _kind_for(key: str, subject_model: type[models.Model]) -> kinds.MessageKind:
    kind = kinds.get(key)
    if kind is None:
        raise OutboxError(f"No app registers the message kind {key!r}.")
    if subject_model._meta.label_lower != kind.subject_model:
        raise OutboxError(f"A {key!r} message is about a {kind.subject_model}, "
                          f"not a {subject_model._meta.label_lower}.")
    return kind


def _dispatch_on_commit(message: Message) -> None:
    from messaging.tasks import send_message

    if message.status == Message.Status.PENDING and message.due_at <= timezone.now():
        transaction.on_commit(lambda: send_message.delay(message.pk))


@transaction.atomic
def message_queue(
    *, kind: str, person_id: int, subject: models.Model, dedupe_key: str, topic: str = "",
    due_at: datetime | None = None, planned_for: datetime | None = None, offset_minutes: int | None = None,
) -> tuple[Message, bool]:
    """Queue one message of a registered kind about `subject` (a saved row of the kind's subject model), to
    `person_id`; `topic` defaults to the subject itself. A message already due is dispatched after commit.
    Called by the apps' services. Idempotent: one message per dedupe key (the first one's values stay).
    Returns the message and whether it is new.
    """
    _kind_for(kind, type(subject))
    message, created = Message.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"person_id": person_id, "kind": kind, "subject_type": ContentType.objects.get_for_model(subject),
                  "subject_id": subject.pk, "topic": topic or topic_for(subject), "due_at": due_at or timezone.now(),
                  "planned_for": planned_for, "offset_minutes": offset_minutes},
    )
    _dispatch_on_commit(message)
    return message, created


@dataclass(frozen=True)
class Planned:
    """One message a schedule wants: `messages_insert_missing` inserts it unless its dedupe key exists. With a
    `skip_reason` it is recorded as skipped at once (its time passed before it was planned), never sent."""

    dedupe_key: str
    person_id: int
    subject_id: int
    due_at: datetime
    topic: str = ""
    planned_for: datetime | None = None
    offset_minutes: int | None = None
    skip_reason: str = ""


def messages_insert_missing(
    *, kind: str, subject_model: type[models.Model], planned: Sequence[Planned],
    replace_for: Collection[int] = (), replaced_reason: str = "",
) -> int:
    """Insert the planned messages of one kind whose dedupe keys do not exist yet, set-wise: one read of the keys
    their subjects already have, one bulk insert of the rest (nothing when nothing is missing). They are not
    dispatched here: the dispatch tick sends them when due. `ignore_conflicts` with the unique dedupe key makes a
    concurrent run harmless. Called by the apps' schedules, in their transaction. Returns how many were missing.

    `replace_for` names subjects whose whole plan `planned` is: their pending messages of this kind that it no
    longer has (an old time) are skipped with `replaced_reason`, in one more update, only when there are some.
    """
    subject_ids = {p.subject_id for p in planned} | set(replace_for)
    if not subject_ids:
        return 0
    _kind_for(kind, subject_model)
    subject_type = ContentType.objects.get_for_model(subject_model)
    rows = list(
        Message.objects.filter(subject_type=subject_type, subject_id__in=subject_ids, kind=kind)
        .order_by().values_list("dedupe_key", "status", "subject_id")
    )
    have = {key for key, _status, _subject in rows}
    wanted, replacing = {p.dedupe_key for p in planned}, set(replace_for)
    replaced = [key for key, status, subject in rows
                if status == Message.Status.PENDING and subject in replacing and key not in wanted]
    if replaced:
        # Still pending: a row a worker has claimed meanwhile is decided at sending, like any other.
        Message.objects.filter(dedupe_key__in=replaced, status=Message.Status.PENDING).update(
            status=Message.Status.SKIPPED, skip_reason=replaced_reason[:200])
    missing = [
        Message(kind=kind, dedupe_key=p.dedupe_key, person_id=p.person_id, subject_type=subject_type,
                subject_id=p.subject_id, topic=p.topic or f"{subject_model._meta.label_lower}:{p.subject_id}",
                due_at=p.due_at, planned_for=p.planned_for, offset_minutes=p.offset_minutes,
                status=Message.Status.SKIPPED if p.skip_reason else Message.Status.PENDING,
                skip_reason=p.skip_reason[:200])
        for p in planned if p.dedupe_key not in have
    ]
    if missing:
        Message.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


# Dispatching ------------------------------------------------------------------------------------------------

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
        status=Message.Status.PENDING, last_error=gettext_noop("Recovered after the worker stopped answering.")
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


def messages_send(*, message_ids: Sequence[int], now: datetime | None = None) -> dict[str, int]:
    """Send a chunk of due messages, set-wise: one UPDATE ... RETURNING claims every id still pending, due and
    under the attempt limit; one query reads the claimed rows with their person and working phone; each kind's
    `load_many` reads its subjects in one go (a kind without one loads each row's); what to send is decided per
    row from that fresh read; each goes through the backend with its dedupe key; the results are written in one
    UPDATE per outcome, each guarded by the claim (status `sending` and this claim's time).

    A chunk that takes a third of the lease writes what it has and renews its claim on the rows it has not sent
    (a row recovered meanwhile is someone else's and is not sent here), so the lease never ends under a live
    sender; a worker killed mid-chunk leaves its rows in `sending` until the lease ends, and they are sent again
    with the same idempotency key, which the provider accepts once. One message that raises does not stop the
    others: it is logged and stays claimed until the lease ends (its attempts still count). A message that
    cannot be built is failed, not raised. Called by the chunk task and by `message_send`. Safe to run twice, or
    twice at once over the same ids: the claim. Returns the count of each outcome.
    """
    return _send_chunk(message_ids, now or timezone.now(), raise_errors=False)


def _send_chunk(message_ids: Sequence[int], now: datetime, *, raise_errors: bool) -> dict[str, int]:
    outcome: dict[str, int] = {}

    def count(result: str, n: int = 1) -> None:
        if n:
            outcome[result] = outcome.get(result, 0) + n

    ids = list(dict.fromkeys(message_ids))
    count("not-claimed", len(message_ids) - len(ids))  # an id given twice is claimed once
    if not ids:
        return outcome
    chunk = _Chunk(now)
    claimed = chunk.claim(ids)
    unclaimed = [pk for pk in ids if pk not in claimed]
    if unclaimed:
        # A pending row with no attempts left (the limit was lowered) is closed here rather than handed out
        # at every tick; any other unclaimed row is someone else's, or not due.
        limit = settings.MESSAGE_MAX_ATTEMPTS
        exhausted = Message.objects.filter(
            pk__in=unclaimed, status=Message.Status.PENDING, due_at__lte=now, attempts__gte=limit
        ).update(status=Message.Status.FAILED,
                 last_error=Concat(Value(f"Gave up after {limit} attempts. "), F("last_error")))
        count(Message.Status.FAILED, exhausted)
        count("not-claimed", len(unclaimed) - exhausted)
    if not claimed:
        return outcome
    # Read after the claim, so consent and phones are as they are now (one query); then the subjects, by kind.
    messages = list(Message.objects.select_related("person").annotate(working_phone=_working_phone())
                    .filter(pk__in=claimed).order_by("due_at", "id"))
    subjects = _load_subjects(messages)
    sms_backend = None
    for message in messages:
        if not chunk.still_ours(message.pk):
            count("not-claimed")
            continue
        try:
            if sms_backend is None:
                sms_backend = get_sms_backend()
            result = chunk.send(message, subjects, sms_backend)
        except Exception:
            if raise_errors:
                chunk.write()
                raise
            logger.exception("Sending message %s failed; it is retried after the lease.", message.pk)
            result = "error"
        count(result)
    chunk.write()
    return outcome


def _load_subjects(messages: Sequence[Message]) -> dict[int, Any]:
    """The subjects of the messages whose kinds read them set-wise (`load_many`), by message id; the other
    messages' subjects are loaded one by one when they are sent. A `load_many` that raises is logged and its
    messages fall back to their kind's `load`."""
    groups: dict[Any, list[Message]] = {}
    for message in messages:
        kind = kinds.get(message.kind)
        if kind is not None and kind.load_many is not None:
            groups.setdefault(kind.load_many, []).append(message)
    subjects: dict[int, Any] = {}
    for load_many, group in groups.items():
        try:
            subjects.update(load_many(group))
        except Exception:
            logger.exception("Reading the subjects of %s messages at once failed; each is read alone.", len(group))
    return subjects


class _Chunk:
    """One sender's claim on a chunk of rows and the results it has yet to write.

    `claimed_at` is the claim's token: every write is guarded by it (and by status `sending`), so a row that the
    lease gave to another sender is never written by this one."""

    def __init__(self, now: datetime) -> None:
        self.now = now  # the moment the decisions are made at
        self.claimed_at = now
        self.claimed_clock = time.monotonic()
        self.ours: set[int] = set()
        self.pending: dict[str, dict[int, dict[str, Any]]] = {}

    def _update_returning(self, ids: Collection[int], *, sets: str, set_params: list[Any], where: str,
                          where_params: list[Any]) -> set[int]:
        table = connection.ops.quote_name(Message._meta.db_table)
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            # Only our own table, columns and placeholders are formatted in; every value is a parameter.
            cursor.execute(f"UPDATE {table} SET {sets} WHERE id IN ({placeholders}) AND {where} RETURNING id",  # noqa: S608
                           [*set_params, *ids, *where_params])
            return {row[0] for row in cursor.fetchall()}

    def claim(self, ids: Collection[int]) -> set[int]:
        """Claim, in one UPDATE ... RETURNING, every row among `ids` that is pending, due and under the limit."""
        stamp = connection.ops.adapt_datetimefield_value(self.claimed_at)
        self.ours = self._update_returning(
            ids, sets="status = %s, claimed_at = %s, attempts = attempts + 1",
            set_params=[str(Message.Status.SENDING), stamp],
            where="status = %s AND due_at <= %s AND attempts < %s",
            where_params=[str(Message.Status.PENDING), connection.ops.adapt_datetimefield_value(self.now),
                          settings.MESSAGE_MAX_ATTEMPTS],
        )
        return set(self.ours)

    def still_ours(self, message_id: int) -> bool:
        """Whether this row may be sent now: when a third of the lease has gone, the results so far are written
        and the claim on the rows not yet sent is renewed first (those recovered meanwhile are no longer ours)."""
        elapsed = time.monotonic() - self.claimed_clock
        if elapsed >= settings.MESSAGE_LEASE_SECONDS / 3:
            self.write()
            left = set(self.ours)  # a row leaves `ours` when its result is kept; a row that raised stays claimed
            renewed_at = self.claimed_at + timedelta(seconds=elapsed)
            self.ours = self._update_returning(
                left, sets="claimed_at = %s", set_params=[connection.ops.adapt_datetimefield_value(renewed_at)],
                where="status = %s AND claimed_at = %s",
                where_params=[str(Message.Status.SENDING), connection.ops.adapt_datetimefield_value(self.claimed_at)],
            ) if left else set()
            self.claimed_at, self.claimed_clock = renewed_at, time.monotonic()
        return message_id in self.ours

    def record(self, message: Message, outcome: str, **values: Any) -> str:
        self.pending.setdefault(outcome, {})[message.pk] = values
        self.ours.discard(message.pk)
        return {"held": Message.Status.PENDING, "retry": Message.Status.PENDING}.get(outcome, outcome)

    def write(self) -> None:
        """Write the results so far: one UPDATE per outcome, guarded by the claim, each column set to the group's
        one value or to a CASE by id (written out here: built with the ORM it took 40% of a chunk)."""
        id_column = connection.ops.quote_name(Message._meta.pk.column)
        for rows in self.pending.values():
            if not rows:
                continue
            ids = list(rows)
            sets, set_params = [], []
            for name in rows[ids[0]]:
                field = cast("models.Field[Any, Any]", Message._meta.get_field(name))
                values = [field.get_db_prep_save(rows[pk][name], connection) for pk in ids]
                values = [str(value) if isinstance(value, str) else value for value in values]  # a choice: its value
                column = connection.ops.quote_name(field.column)
                if all(value == values[0] for value in values):
                    sets.append(f"{column} = %s")
                    set_params.append(values[0])
                else:
                    sets.append(f"{column} = CASE {id_column} {' '.join(['WHEN %s THEN %s'] * len(ids))} END")
                    set_params.extend(param for pair in zip(ids, values, strict=True) for param in pair)
            self._update_returning(
                ids, sets=", ".join(sets), set_params=set_params, where="status = %s AND claimed_at = %s",
                where_params=[str(Message.Status.SENDING), connection.ops.adapt_datetimefield_value(self.claimed_at)],
            )
        self.pending = {}

    def failed(self, message: Message, error: str, *, transient: bool) -> str:
        attempts = message.attempts  # read after the claim: this attempt included
        if transient and attempts < settings.MESSAGE_MAX_ATTEMPTS:
            backoff = timedelta(seconds=settings.MESSAGE_RETRY_BASE_SECONDS * (2 ** (attempts - 1)))
            return self.record(message, "retry", status=Message.Status.PENDING, due_at=timezone.now() + backoff,
                               last_error=error[:1000])
        return self.record(message, Message.Status.FAILED, status=Message.Status.FAILED, last_error=error[:1000])

    def skip(self, message: Message, reason: str) -> str:
        return self.record(message, Message.Status.SKIPPED, status=Message.Status.SKIPPED, skip_reason=reason[:200])

    def send(self, message: Message, subjects: dict[int, Any], sms_backend: Any) -> str:
        """Decide one claimed row from the fresh read, send it, and keep its result to write."""
        now = self.now
        if message.person.forgotten_at is not None:  # what stays of a forgotten person is counted, never written to
            return self.skip(message, gettext_noop("The person was forgotten at their request."))
        kind = kinds.get(message.kind)
        if kind is None:
            return self.failed(message, f"No app registers the message kind {message.kind!r}: nothing can say "
                                        "whether or what to send.", transient=False)
        subject = subjects[message.pk] if message.pk in subjects else kind.load(message)
        reason = kind.why_not(message, subject, now)
        if reason:
            return self.skip(message, reason)
        person = message.person
        if kind.recipient is not None:
            chosen = kind.recipient(message, subject)
        else:
            phone = message.working_phone  # type: ignore[attr-defined]
            chosen = _channel(person, str(phone) if phone is not None else None)
        if chosen is None:
            return self.skip(message, gettext_noop("No consent to text or email, or no way to reach them."))
        channel, to = chosen
        if channel == Message.Channel.SMS and kind.quiet_hours:
            later = quiet_until(now, kind.quiet_cutoff(message, subject) if kind.quiet_cutoff is not None else None)
            if later is not None:
                return self.record(message, "held", status=Message.Status.PENDING, due_at=later,
                                   attempts=message.attempts - 1,  # held: the attempt is given back
                                   last_error=gettext_noop("Held for quiet hours (21:00-08:00 Chicago time)."))
        language = kind.language(message, subject) or person.preferred_language or "en"
        try:
            content, email = _build(message, subject, channel, to, language, now)
        except MessageBuildError as error:
            return self.failed(message, str(error), transient=False)
        try:
            if email is None:
                provider_id = sms_backend.send(to=to, body=content.sms, idempotency_key=message.dedupe_key).provider_id
            else:
                email.send(fail_silently=False)
                provider_id = email.extra_headers["Message-ID"]
        except TransientDeliveryError as error:
            return self.failed(message, str(error), transient=True)
        except (DeliveryError, OSError) as error:
            return self.failed(message, str(error), transient=isinstance(error, OSError))
        # The provider accepted it: written with the chunk's other results, guarded by the claim.
        result = self.record(message, Message.Status.SENT, status=Message.Status.SENT, sent_at=timezone.now(),
                             provider_id=provider_id[:200], channel=channel, to=to, last_error="")
        if email is not None:
            # A mail server takes no idempotency key, so an accepted email is written at once: a worker killed
            # after it can resend only the one email it was sending, never the chunk's earlier ones.
            self.write()
        return result


def _next_morning(now: datetime, end_hour: int) -> datetime:
    local = now.astimezone(CHICAGO)
    morning = local.replace(hour=end_hour, minute=0, second=0, microsecond=0)
    if local.hour >= end_hour:
        morning += timedelta(days=1)
    return morning


def quiet_until(now: datetime, cutoff: datetime | None) -> datetime | None:
    """When an SMS may go out: None for now; the next 08:00 in quiet hours unless `cutoff` (the kind's: an
    event's start) comes sooner. Without a cut-off (a mentor reminder) it simply waits for 08:00."""
    if not settings.SMS_QUIET_HOURS:
        return None
    start_hour, end_hour = settings.SMS_QUIET_HOURS
    hour = now.astimezone(CHICAGO).hour
    if end_hour <= hour < start_hour:
        return None
    morning = _next_morning(now, end_hour)
    return None if cutoff is not None and cutoff <= morning else morning


def message_send(*, message_id: int, now: datetime | None = None) -> str:
    """Claim one due message, decide from the database whether it still goes out, send it, record the result:
    the chunk's path with one id (four queries for an event reminder). An error while sending is raised once
    the row's claim is left for the lease to recover.

    Called by the send task. Safe to run any number of times: only the claimant sends. Returns the status.
    """
    outcome = _send_chunk([message_id], now or timezone.now(), raise_errors=True)
    return next(iter(outcome))


def _build(
    message: Message, subject: Any, channel: str, to: str, language: str, now: datetime
) -> tuple[Content, EmailMessage | None]:
    """Everything the provider will be handed (the text; or the whole email with its headers, None for a text),
    built and checked before anything goes out. Raises MessageBuildError when the message cannot be built; a
    database error is not the message's fault and is raised as it is (the attempt ends, the lease returns it)."""
    if not to.strip():
        raise MessageBuildError("The message could not be built: there is no address to send it to.")
    try:
        content = compose(message, language, subject=subject, now=now)
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
    except UnknownKind as error:
        raise MessageBuildError(f"The message could not be built: no app registers the kind {error}.") from error
    except Exception as error:
        raise MessageBuildError(f"The message could not be built: {type(error).__name__}: {error}") from error


def _email(message: Message, to: str, content: Content) -> EmailMessage:
    message_id = "<" + re.sub(r"[^A-Za-z0-9.\-]", ".", message.dedupe_key) + "@coalition-crm>"
    headers = {name: one_line(value) for name, value in content.headers}
    email = EmailMultiAlternatives(
        subject=one_line(content.subject), body=content.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        headers={**headers, "Message-ID": message_id, "X-Idempotency-Key": one_line(message.dedupe_key)},
    )
    if content.html:
        email.attach_alternative(content.html, "text/html")
    for attachment in content.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    return email


# Inbound texts ----------------------------------------------------------------------------------------------

def sms_keyword(body: str) -> tuple[str, str] | None:
    """What an inbound text asks for: ("stop", word) for STOP and its synonyms, ("start", word) for START, UNSTOP
    or YES, ("help", word) for HELP, INFO or AYUDA (English and Spanish words alike), None for anything else.
    The first word counts, in any case, punctuation around it ignored."""
    words = (body or "").split()
    word = words[0].strip(".!,;:¡¿?").upper() if words else ""
    if word in STOP_WORDS:
        return "stop", word
    if word in START_WORDS:
        return "start", word
    if word in HELP_WORDS:
        return "help", word
    return None


def keyword_language(word: str) -> str:
    """The language a keyword is in: "es" for the Spanish ones, "en" otherwise."""
    return "es" if word.upper() in SPANISH_WORDS else "en"


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


@transaction.atomic
def inbound_text_receive(*, from_number: str, body: str, message_sid: str, sent_at: datetime) -> bool:
    """A verified inbound text (signature and time checked by the webhook): record its provider id once and hand
    it to every registered handler, in one transaction. A text that is no keyword and that no handler took as
    its own is kept as a reply for the inbox and handed to the reply handlers. Idempotent: a text recorded
    before (a retry, a replay) reaches no handler. Returns whether it was new."""
    if not inbound_message_record(provider_id=message_sid, sent_at=sent_at):
        return False
    taken = False
    for handler in inbound.handlers():
        taken = bool(handler(from_number=from_number, body=body, message_sid=message_sid, sent_at=sent_at)) or taken
    if not taken and sms_keyword(body) is None and body.strip():
        from messaging import replies

        replies.inbound_reply_keep(from_number=from_number, body=body, message_sid=message_sid, received_at=sent_at)
    return True


def inbound_messages_prune(*, now: datetime | None = None) -> int:
    """Forget inbound message ids whose signed time is older than the accepted window (and a day's margin): the
    webhook refuses a replay of those by its time alone. The periodic job; idempotent. Returns how many went."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SMS_INBOUND_MAX_AGE_SECONDS) - timedelta(days=1)
    deleted, _by_model = InboundMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
