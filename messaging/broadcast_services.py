"""Every write to broadcasts: save a draft, send or schedule it (with a second person's approval over a size),
queue its messages set-wise, pause, resume and cancel it.

Sending: `broadcast_send` moves a draft on once (a double click finds it moved and changes nothing); the queue
(`broadcast_queue`, a task) writes one outbox message per person of the audience, in bulk, with a dedupe key
per broadcast and person, so a queue run twice (a worker killed halfway) writes each once. Whether each message
goes out, and on which channel, is decided by the outbox at the moment of sending (`broadcast_kind`).

Pausing pushes the broadcast's pending messages far into the future (`paused_shift`), so no worker claims them;
resuming brings them back by the same amount (a text held for quiet hours keeps its morning). A message a
worker had already claimed when the pause came is sent. Cancelling skips every pending message with the reason,
and a message claimed meanwhile is skipped by the kind when it is sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from messaging import broadcast_kind as bk
from messaging import broadcast_selectors as selectors
from messaging import broadcast_text, reach
from messaging.models import Broadcast, Message, topic_for

CHICAGO = ZoneInfo("America/Chicago")
QUEUE_CHUNK = 5000
CONTENT_FIELDS = ("name", "audience", "mode", "sms_en", "sms_es", "email_subject_en", "email_subject_es",
                  "email_body_en", "email_body_es")


def broadcast_problems(*, audience: str, mode: str, texts: dict[str, str]) -> dict[str, list[str]]:
    """What is wrong with a broadcast's content, by field, in plain words: an empty message, a merge field that
    does not exist or is not filled for this audience, a text over 10 segments."""
    errors: dict[str, list[str]] = {}
    uses_sms = mode in (Broadcast.Mode.SMS, Broadcast.Mode.BOTH)
    uses_email = mode in (Broadcast.Mode.EMAIL, Broadcast.Mode.BOTH)
    if uses_sms and not texts.get("sms_en", "").strip():
        errors.setdefault("sms_en", []).append(_("Write the text message in English: it is what everyone without "
                                                 "a Spanish version gets."))
    if uses_email and not texts.get("email_subject_en", "").strip():
        errors.setdefault("email_subject_en", []).append(_("Write the email's subject in English."))
    if uses_email and not texts.get("email_body_en", "").strip():
        errors.setdefault("email_body_en", []).append(_("Write the email in English: it is what everyone without a "
                                                        "Spanish version gets."))
    if uses_email and texts.get("email_body_es", "").strip() and not texts.get("email_subject_es", "").strip():
        errors.setdefault("email_subject_es", []).append(_("Write the Spanish email's subject too."))
    for name, text in texts.items():
        wrong_audience, unknown = broadcast_text.unknown_fields(text, audience)
        for field_name in unknown:
            errors.setdefault(name, []).append(
                _("There is no merge field {%(field)s}. You can use: %(fields)s.") % {
                    "field": field_name,
                    "fields": ", ".join(f"{{{f}}}" for f in broadcast_text.fields_available(audience))})
        for field_name in wrong_audience:
            errors.setdefault(name, []).append(
                _("{%(field)s} is only filled for an event's RSVPs or a bus; this audience has none.") % {
                    "field": field_name})
        if name.startswith("sms_") and uses_sms:
            segments = broadcast_text.sms_segments(text)
            if segments.count > broadcast_text.MAX_SEGMENTS:
                errors.setdefault(name, []).append(
                    _("This text takes %(count)s segments; the most is %(max)s. Make it shorter.") % {
                        "count": segments.count, "max": broadcast_text.MAX_SEGMENTS})
    return errors


@transaction.atomic
def broadcast_save(*, actor: Any, broadcast: Broadcast | None = None, idempotency_key: Any = None,
                   **data: Any) -> Broadcast:
    """Create a draft, or change one (a draft, or one awaiting approval: it goes back to draft and its approval is
    dropped). The author's reach decides the audience: one they may not use is refused. A new draft with the
    `idempotency_key` of one already made (a double submit) is that one. Raises ValidationError."""
    if not selectors.may_broadcast(actor):
        raise access.OutOfReach("broadcasts")
    if broadcast is None and idempotency_key is not None:
        made = Broadcast.objects.filter(idempotency_key=idempotency_key, owner_id=actor.pk).first()
        if made is not None:
            return made
    if broadcast is not None:
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if not broadcast.editable:
            raise ValidationError(_("This broadcast is no longer a draft: it cannot be changed."))
    owner = broadcast.owner if broadcast is not None else actor
    try:
        label = reach.audiences().label(owner, data["audience"])
    except access.OutOfReach:
        raise ValidationError({"audience": _("Pick an audience from the list.")}) from None
    problems = broadcast_problems(audience=data["audience"], mode=data["mode"],
                                  texts={k: data.get(k, "") for k in CONTENT_FIELDS if k.startswith(("sms", "email"))})
    if problems:
        raise ValidationError(problems)
    if broadcast is None:
        broadcast = Broadcast(owner=actor, idempotency_key=idempotency_key)
    for name in CONTENT_FIELDS:
        setattr(broadcast, name, data.get(name, "") or "")
    broadcast.audience_label = label[:300]
    broadcast.status, broadcast.approved_by, broadcast.approved_at = Broadcast.Status.DRAFT, None, None
    broadcast.full_clean()
    broadcast.save()
    return broadcast


def _start(broadcast: Broadcast, now: datetime) -> None:
    """Approved (or needing no approval): scheduled for later, or sending now (queued after commit)."""
    if broadcast.scheduled_for and broadcast.scheduled_for > now:
        broadcast.status = Broadcast.Status.SCHEDULED
        broadcast.save(update_fields=["status", "scheduled_for", "approved_by", "approved_at", "updated_at"])
        return
    broadcast.status, broadcast.sent_at = Broadcast.Status.SENDING, now
    broadcast.save(update_fields=["status", "scheduled_for", "sent_at", "approved_by", "approved_at", "updated_at"])
    _queue_on_commit(broadcast.pk)


def _queue_on_commit(broadcast_id: int) -> None:
    from messaging.tasks import queue_broadcast

    transaction.on_commit(lambda: queue_broadcast.delay(broadcast_id))


@transaction.atomic
def broadcast_send(*, actor: Any, broadcast: Broadcast, scheduled_for: datetime | None = None,
                   now: datetime | None = None) -> Broadcast:
    """The author's "Send now" or "Schedule": checks the content and the audience again, then sends it (queued
    after commit), schedules it, or asks for approval when the audience is over BROADCAST_APPROVAL_OVER.
    Idempotent: a broadcast that is no longer a draft is returned unchanged (a double click). Raises
    ValidationError for an empty audience, bad content or a time in the past."""
    now = now or timezone.now()
    broadcast = Broadcast.objects.select_for_update().select_related("owner").get(pk=broadcast.pk)
    if broadcast.status != Broadcast.Status.DRAFT:
        return broadcast
    if actor.pk != broadcast.owner_id and not access.is_staff_or_admin(actor):
        raise access.OutOfReach("broadcast")
    if scheduled_for is not None and scheduled_for <= now:
        raise ValidationError({"scheduled_for": _("Pick a time in the future, or send it now.")})
    problems = broadcast_problems(audience=broadcast.audience, mode=broadcast.mode,
                                  texts={k: getattr(broadcast, k) for k in CONTENT_FIELDS[3:]})
    if problems:
        raise ValidationError(_("Fix the message first: %(problems)s") % {
            "problems": " ".join(m for ms in problems.values() for m in ms)})
    broadcast.scheduled_for = scheduled_for
    counts = selectors.broadcast_reach(broadcast=broadcast, now=now)
    if counts.out_of_reach:
        raise ValidationError(_("You can no longer send to this audience."))
    if counts.total == 0:
        raise ValidationError(_("This audience has nobody in it: nobody would get the broadcast."))
    if counts.needs_approval:
        broadcast.status = Broadcast.Status.AWAITING_APPROVAL
        broadcast.save(update_fields=["status", "scheduled_for", "updated_at"])
        return broadcast
    _start(broadcast, now)
    return broadcast


@transaction.atomic
def broadcast_approve(*, actor: Any, broadcast: Broadcast, now: datetime | None = None) -> Broadcast:
    """A second person (staff or an admin, not the author) approves a broadcast awaiting approval; it is then
    sent or scheduled. Idempotent: approving it again changes nothing. Raises ValidationError."""
    now = now or timezone.now()
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if broadcast.status != Broadcast.Status.AWAITING_APPROVAL:
        return broadcast
    if not selectors.may_approve(actor, broadcast):
        raise ValidationError(_("Someone other than its author must approve this broadcast."))
    if broadcast.scheduled_for is not None and broadcast.scheduled_for <= now:
        broadcast.scheduled_for = None  # its time passed while it waited: it goes now
    broadcast.approved_by, broadcast.approved_at = actor, now
    _start(broadcast, now)
    return broadcast


def _due_times(broadcast: Broadcast, ids: list[int], now: datetime) -> tuple[datetime, datetime, set[int]]:
    due = selectors.send_day(broadcast, now)
    weekday = due.astimezone(CHICAGO).weekday()
    reporting = reach.audiences().reporting_on(
        reach.audiences().people(broadcast.owner, broadcast.audience), weekday) if ids else set()
    return due, due + timedelta(days=1), reporting


@transaction.atomic
def broadcast_queue(*, broadcast_id: int, now: datetime | None = None) -> int:
    """Write one outbox message per person of a sending broadcast's audience (as its author reaches it now),
    set-wise: one read of the ids, bulk inserts in chunks, conflicts on the dedupe key ignored. Those who report
    in person that day get it a day later. Called by the queue task; safe to run twice (the dedupe keys).
    Returns how many messages the broadcast has."""
    now = now or timezone.now()
    broadcast = Broadcast.objects.select_for_update().select_related("owner").filter(pk=broadcast_id).first()
    if broadcast is None or broadcast.status not in (Broadcast.Status.SENDING, Broadcast.Status.PAUSED):
        return 0
    try:
        ids = list(selectors.audience_ids(owner=broadcast.owner, audience=broadcast.audience))
    except access.OutOfReach:
        ids = []
    due, later, reporting = _due_times(broadcast, ids, now)
    if broadcast.status == Broadcast.Status.PAUSED:
        due, later = due + selectors.paused_shift(), later + selectors.paused_shift()
    subject_type = ContentType.objects.get_for_model(Broadcast)
    topic = topic_for(broadcast)
    for start in range(0, len(ids), QUEUE_CHUNK):
        Message.objects.bulk_create([
            Message(person_id=pk, kind=bk.BROADCAST, subject_type=subject_type, subject_id=broadcast.pk, topic=topic,
                    due_at=later if pk in reporting else due, dedupe_key=f"broadcast:{broadcast.pk}:{pk}")
            for pk in ids[start:start + QUEUE_CHUNK]], ignore_conflicts=True, batch_size=QUEUE_CHUNK)
    broadcast.recipients = selectors.broadcast_messages(broadcast).count()
    if not broadcast.recipients:
        broadcast.status, broadcast.finished_at = Broadcast.Status.DONE, now  # nobody left in the audience
    broadcast.save(update_fields=["recipients", "status", "finished_at", "updated_at"])
    if broadcast.status == Broadcast.Status.SENDING and due <= now:
        from messaging.tasks import dispatch_due

        transaction.on_commit(lambda: dispatch_due.delay())
    return broadcast.recipients


def _guarded(actor: Any, broadcast: Broadcast) -> Broadcast:
    if actor is not None and not selectors.broadcast_scope(actor).filter(pk=broadcast.pk).exists():
        raise access.OutOfReach("broadcast")
    return Broadcast.objects.select_for_update().get(pk=broadcast.pk)


@transaction.atomic
def broadcast_pause(*, actor: Any, broadcast: Broadcast) -> Broadcast:
    """Hold a scheduled or sending broadcast: its pending messages are pushed out of reach of the workers.
    Idempotent: pausing a paused broadcast changes nothing."""
    broadcast = _guarded(actor, broadcast)
    if broadcast.status not in (Broadcast.Status.SENDING, Broadcast.Status.SCHEDULED):
        return broadcast
    broadcast.status = Broadcast.Status.PAUSED
    broadcast.save(update_fields=["status", "updated_at"])
    selectors.broadcast_messages(broadcast).filter(status=Message.Status.PENDING).update(
        due_at=F("due_at") + selectors.paused_shift())
    return broadcast


@transaction.atomic
def broadcast_resume(*, actor: Any, broadcast: Broadcast, now: datetime | None = None) -> Broadcast:
    """Go on with a paused broadcast: its held messages come back to their times (a scheduled one that never
    started waits for its time again, or starts now if that passed). Idempotent."""
    now = now or timezone.now()
    broadcast = _guarded(actor, broadcast)
    if broadcast.status != Broadcast.Status.PAUSED:
        return broadcast
    if broadcast.sent_at is None:
        _start(broadcast, now)
        return broadcast
    broadcast.status = Broadcast.Status.SENDING
    broadcast.save(update_fields=["status", "updated_at"])
    selectors.broadcast_messages(broadcast).filter(
        status=Message.Status.PENDING, due_at__gt=now + selectors.paused_shift() / 2).update(
        due_at=F("due_at") - selectors.paused_shift())
    from messaging.tasks import dispatch_due

    transaction.on_commit(lambda: dispatch_due.delay())
    return broadcast


@transaction.atomic
def broadcast_cancel(*, actor: Any, broadcast: Broadcast) -> Broadcast:
    """Stop a broadcast for good: every pending message is skipped with the reason ("The broadcast was
    cancelled."); one a worker holds is skipped by the kind. Idempotent; a finished broadcast stays done."""
    broadcast = _guarded(actor, broadcast)
    if broadcast.status in (Broadcast.Status.CANCELLED, Broadcast.Status.DONE):
        return broadcast
    broadcast.status, broadcast.finished_at = Broadcast.Status.CANCELLED, timezone.now()
    broadcast.save(update_fields=["status", "finished_at", "updated_at"])
    selectors.broadcast_messages(broadcast).filter(status=Message.Status.PENDING).update(
        status=Message.Status.SKIPPED, skip_reason=bk.CANCELLED)
    return broadcast


def broadcasts_tick(*, now: datetime | None = None) -> tuple[int, int]:
    """The periodic job: start scheduled broadcasts whose time came, and mark done those sending with no message
    left to send. Safe to run twice (status guards). Returns (started, finished)."""
    now = now or timezone.now()
    started = 0
    for pk in list(Broadcast.objects.filter(status=Broadcast.Status.SCHEDULED, scheduled_for__lte=now)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            if Broadcast.objects.filter(pk=pk, status=Broadcast.Status.SCHEDULED).update(
                    status=Broadcast.Status.SENDING, sent_at=now):
                _queue_on_commit(pk)
                started += 1
    finished = 0
    for broadcast in Broadcast.objects.filter(status=Broadcast.Status.SENDING, recipients__gt=0):
        if not selectors.broadcast_messages(broadcast).filter(
                status__in=[Message.Status.PENDING, Message.Status.SENDING]).exists():
            finished += Broadcast.objects.filter(pk=broadcast.pk, status=Broadcast.Status.SENDING).update(
                status=Broadcast.Status.DONE, finished_at=now)
    return started, finished

