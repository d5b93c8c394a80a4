"""Every write of the two-way inbox and of delivery reports: replies kept for the inbox, matched to a person,
answered (the answer is an outbox message like any other) or marked handled; the HELP answer; the provider's
status callbacks on the texts it accepted.

The inbox knows no domain either: whose number a reply came from is found by the members app's reply handler
(`messaging.inbound.register_reply`), which calls `inbound_reply_assign`; what a person's page shows comes from
the members app too.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition import access
from coalition.phones import phone_digits
from messaging import inbound
from messaging.models import DeliveryStatus, InboundReply, Message

if TYPE_CHECKING:
    from coalition.models import User

INBOX_ANSWER = "inbox_answer"
ANSWER_MAX_CHARS = 1000
# Twilio's codes for a number that cannot get texts any more (unknown, unreachable, landline, not mobile).
UNREACHABLE_CODES = ("30003", "30005", "30006", "21211", "21614")

# The provider's statuses, each as the status kept and its place in the order a status can only move forward.
_PROVIDER_STATUS: dict[str, tuple[str, int]] = {
    "accepted": (DeliveryStatus.QUEUED, 0), "scheduled": (DeliveryStatus.QUEUED, 0),
    "queued": (DeliveryStatus.QUEUED, 0), "sending": (DeliveryStatus.QUEUED, 0),
    "sent": (DeliveryStatus.SENT, 1),
    "delivered": (DeliveryStatus.DELIVERED, 2), "read": (DeliveryStatus.DELIVERED, 2),
    "undelivered": (DeliveryStatus.UNDELIVERED, 2),
    "failed": (DeliveryStatus.FAILED, 2), "canceled": (DeliveryStatus.FAILED, 2),
}
_RANK = {"": -1, DeliveryStatus.QUEUED: 0, DeliveryStatus.SENT: 1, DeliveryStatus.DELIVERED: 2,
         DeliveryStatus.UNDELIVERED: 2, DeliveryStatus.FAILED: 2}


# HELP ---------------------------------------------------------------------------------------------------

def help_text(language: str) -> str:
    """What a HELP (or AYUDA) is answered with, in `language`: COALITION_HELP_TEXT (COALITION_HELP_TEXT_ES in
    Spanish) when set, else a sentence built from the coalition's name and its contact phone and email
    (COALITION_HELP_PHONE, COALITION_HELP_EMAIL)."""
    own = settings.COALITION_HELP_TEXT_ES if language == "es" else settings.COALITION_HELP_TEXT
    if own:
        return str(own)
    with translation.override(language):
        contact = " / ".join(c for c in (settings.COALITION_HELP_PHONE, settings.COALITION_HELP_EMAIL) if c)
        if contact:
            return _("%(name)s: for help, contact us at %(contact)s. Reply STOP to stop texts.") % {
                "name": settings.COALITION_NAME, "contact": contact}
        return _("%(name)s: reply STOP to stop texts, START to get them again.") % {"name": settings.COALITION_NAME}


# Replies ------------------------------------------------------------------------------------------------

def inbound_reply_keep(*, from_number: str, body: str, message_sid: str, received_at: datetime | None = None,
                       ) -> InboundReply:
    """Keep a verified text that no app took (called by `inbound_text_receive`, in its transaction: the text's
    provider id is new) and hand it to the reply handlers, which find whose number it is."""
    reply = InboundReply.objects.create(
        provider_id=message_sid[:64], from_number=from_number.strip()[:32], from_digits=phone_digits(from_number),
        body=body.strip(), received_at=received_at or timezone.now())
    for handler in inbound.reply_handlers():
        handler(reply=reply)
    return reply


def inbound_reply_assign(*, reply: InboundReply, person_id: int, matched_by: str) -> bool:
    """Say whose reply it is. Not a policy check: the members app's handler (one record owns the number) and its
    staff services (a match, a new contact) call it once they know. Only a reply nobody is matched to changes:
    returns whether this one did."""
    changed = InboundReply.objects.filter(pk=reply.pk, person__isnull=True).update(
        person_id=person_id, matched_by=matched_by)
    if changed:
        reply.person_id, reply.matched_by = person_id, matched_by
    return bool(changed)


def _locked(actor: User, reply: InboundReply) -> InboundReply:
    from messaging.selectors import inbox_scope

    return access.get_in_scope(inbox_scope(actor).select_for_update(of=("self",)), pk=reply.pk)


@transaction.atomic
def inbound_reply_answer(*, actor: User, reply: InboundReply, text: str) -> tuple[InboundReply, bool]:
    """Answer a reply from the inbox: the answer is queued as one outbox message to the person (consent and
    quiet hours are decided when it is sent, like every message) and the reply is marked answered. Whoever may
    see the person. Idempotent: a reply answered or handled already (a double submit) changes nothing and
    queues nothing. Returns the reply and whether this call answered it."""
    text = text.strip()
    if not text:
        raise ValidationError({"answer": _("Write an answer before sending it.")})
    if len(text) > ANSWER_MAX_CHARS:
        raise ValidationError({"answer": _("The answer is too long: keep it under %(max)s characters.") % {
            "max": ANSWER_MAX_CHARS}})
    reply = _locked(actor, reply)
    if reply.status != InboundReply.Status.OPEN or reply.person_id is None:
        return reply, False
    reply.status, reply.answer = InboundReply.Status.ANSWERED, text
    reply.answered_at, reply.answered_by = timezone.now(), actor
    reply.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    from messaging.services import message_queue

    message_queue(kind=INBOX_ANSWER, person_id=reply.person_id, subject=reply, dedupe_key=f"{INBOX_ANSWER}:{reply.pk}")
    return reply, True


@transaction.atomic
def inbound_reply_handled(*, actor: User, reply: InboundReply) -> tuple[InboundReply, bool]:
    """Take a reply off the inbox without answering it (a "thanks", an answer given on the phone). Whoever may
    see the person. Idempotent. Returns the reply and whether this call changed it."""
    reply = _locked(actor, reply)
    if reply.status != InboundReply.Status.OPEN:
        return reply, False
    reply.status, reply.answered_at, reply.answered_by = InboundReply.Status.HANDLED, timezone.now(), actor
    reply.save(update_fields=["status", "answered_at", "answered_by"])
    return reply, True


# Delivery reports ---------------------------------------------------------------------------------------

def delivery_status_record(*, provider_id: str, status: str, error_code: str = "",
                           now: datetime | None = None) -> int:
    """The provider's status callback for a text it accepted: updates the outbox row with that provider id.
    Monotonic (queued, then sent, then delivered, undelivered or failed, the first of those final): a late or
    repeated callback never moves a row back, so it is idempotent. An unknown status or id changes nothing.
    Called by the webhook, signature checked. Returns how many rows changed."""
    known = _PROVIDER_STATUS.get(status.strip().lower())
    provider_id = provider_id.strip()
    if known is None or not provider_id:
        return 0
    kept, rank = known
    lower = [value for value, place in _RANK.items() if place < rank]
    fields: dict[str, object] = {"delivery_status": kept}
    if kept in (DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED):
        fields["delivery_error_code"] = error_code.strip()[:12]
    if kept == DeliveryStatus.DELIVERED:
        fields["delivered_at"] = now or timezone.now()
    return Message.objects.filter(Q(provider_id=provider_id[:200]), delivery_status__in=lower).update(**fields)
