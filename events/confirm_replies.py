"""What a YES or NO reply to the day-before question does (the question: events/confirm_ask.py). The handler the
events app registers for verified inbound texts (messaging/inbound.py), run in the transaction that records the
text's provider id, so a repeat of the same text never reaches it.

The reply counts only for the latest question sent to the number it comes from (`Message.to`), until its event
starts, and only once: the first YES confirms the RSVP, the first NO cancels it as the person's own cancel does
(seats freed, waitlist moved, audited); each gets one short answer. Another number, a late reply, or a second
reply changes nothing and gets no answer (the manage link in the question is there for a change of mind).

YES is also a START word of the consent code (members/consent.py). The two never fight: whoever got the question
had texts on, and START gives texts back only to a record that had them off, so a YES here changes no consent.
NO is not a STOP word, so it never turns texts off; CANCEL is one (the carriers' STOP words), so this handler
leaves CANCEL to the consent code.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import AuditEntry
from coalition.phones import phone_digits
from coalition.services import audit_record
from events import confirm_ask, notices
from events.models import RSVP, Event
from events.services.self_service import SELF_VIA_TEXT, rsvp_text_cancel
from messaging import services as outbox
from messaging.models import Message

YES_WORDS = {"YES", "Y", "SI", "SÍ"}
NO_WORDS = {"NO", "N"}
# How far back a question may have been sent: it goes a day before, held at most until the next morning.
_LOOKBACK = timedelta(days=3)


def _answer(body: str) -> str | None:
    words = (body or "").split()
    word = words[0].strip(".!,;:¡¿").upper() if words else ""
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    return None


def _latest_question(digits: str, now: datetime) -> Message | None:
    """The latest question texted to this number (compared as digits, as phones are everywhere). The due time
    bounds the read to a range of the outbox's (status, due) index: a question is sent when due or soon after."""
    sent = (Message.objects.filter(kind=confirm_ask.ASK, status=Message.Status.SENT, channel=Message.Channel.SMS,
                                   due_at__gte=now - 2 * _LOOKBACK, sent_at__gte=now - _LOOKBACK,
                                   to__endswith=digits)
            .order_by("-sent_at", "-id").only("pk", "to", "subject_id", "person_id", "sent_at"))
    return next((message for message in sent if phone_digits(message.to) == digits), None)


@transaction.atomic
def rsvp_confirm_reply(
    *, from_number: str, body: str, message_sid: str, sent_at: datetime, now: datetime | None = None,
) -> str | None:
    """A verified inbound text: a YES or NO to the latest day-before question sent to this number confirms or
    cancels that RSVP and queues one answer. Anonymous (the webhook). Returns "confirmed", "cancelled" or None
    (not an answer, no question to this number, after the event started, or answered already)."""
    now = now or timezone.now()
    answer, digits = _answer(body), phone_digits(from_number)
    if answer is None or not digits:
        return None
    question = _latest_question(digits, now)
    if question is None or question.subject_id is None:
        return None
    rsvp = RSVP.objects.select_for_update().select_related("event").filter(pk=question.subject_id).first()
    if rsvp is None or rsvp.person_id != question.person_id:
        return None
    event = rsvp.event
    if event.status == Event.Status.CANCELLED or event.starts_at <= now or rsvp.status != RSVP.Status.GOING:
        return None
    if Message.objects.filter(dedupe_key=confirm_ask.reply_key(question)).exists():
        return None  # answered already: the first answer counts
    if answer == "yes":
        rsvp.confirmed_at = now
        rsvp.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(actor=None, action=AuditEntry.Action.UPDATE, target=rsvp,
                     summary=_("Confirmed their RSVP by answering YES to a text"),
                     detail={"via": SELF_VIA_TEXT, "actor": "self by text", "event": rsvp.event_id,
                             "fields": ["confirmed_at"], "reference": message_sid[:64]})
        outcome = "confirmed"
    else:
        rsvp = rsvp_text_cancel(rsvp=rsvp, now=now).rsvp
        outcome = "cancelled"
    outbox.message_queue(kind=confirm_ask.REPLY, person_id=rsvp.person_id, subject=rsvp,
                         topic=notices.event_topic(rsvp.event_id), dedupe_key=confirm_ask.reply_key(question))
    return outcome
