"""What the inbox sends through the outbox, registered with the kind registry when the app starts
(MessagingConfig.ready): an organizer's answer to a text reply. Consent and quiet hours are the outbox's, at
sending, as for every kind: an answer to someone who has since texted STOP is skipped."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from messaging import kinds
from messaging.content import Content
from messaging.models import InboundReply, Message
from messaging.replies import INBOX_ANSWER


def _load_reply(message: Message) -> InboundReply | None:
    return InboundReply.objects.filter(pk=message.subject_id).first() if message.subject_id else None


def _why_not_answer(message: Message, reply: InboundReply | None, now: datetime) -> str | None:
    if reply is None:
        return gettext_noop("The reply was deleted.")
    if reply.person_id != message.person_id:
        return gettext_noop("The reply belongs to someone else now.")
    if not reply.answer.strip():
        return gettext_noop("The answer is empty.")
    return None


def _compose_answer(message: Message, reply: InboundReply, language: str, now: datetime) -> Content:
    return Content(subject=_("An answer to your text"), body=reply.answer, sms=reply.answer)


kinds.register(kinds.MessageKind(
    key=INBOX_ANSWER, label=gettext_lazy("Answer to a text"), subject_model="messaging.inboundreply",
    load=_load_reply, why_not=_why_not_answer, compose=_compose_answer,
    # No "about" line in the outbox: it would show what the person wrote, and the outbox shows no bodies.
))
