"""What the outbox erases when a person is forgotten (coalition/forget.py runs it)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from coalition.forget import Forgetting, Step
from messaging.models import InboundReply, Message

FORGOTTEN_REASON = gettext_noop("The person was forgotten at their request.")


def _messages(f: Forgetting) -> int:
    """Messages not yet sent are skipped; every message loses the address it went to and the provider's error.
    The rows stay (a count of messages sent does not change) and say nothing about whom they reached."""
    mine = Message.objects.filter(person_id=f.person_id)
    skipped = mine.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING]).update(
        status=Message.Status.SKIPPED, skip_reason=FORGOTTEN_REASON, to="", last_error="")
    return skipped + mine.exclude(to="", last_error="").update(to="", last_error="")


def _replies(f: Forgetting) -> int:
    """Texts they sent us (the inbox), matched to them or from one of their numbers, lose what they said, the
    answer and the number; one still waiting is closed as handled. The rows stay and say nothing."""
    digits = [p for p in f.phones if p.isdigit()]
    theirs = InboundReply.objects.filter(Q(person_id=f.person_id) | Q(from_digits__in=digits))
    theirs.filter(status=InboundReply.Status.OPEN).update(status=InboundReply.Status.HANDLED)
    return theirs.update(body="", answer="", from_number="", from_digits="")


STEPS = [
    Step("messages", _("Messages waiting to go to them are cancelled; every message loses the phone number or "
                       "email it went to"), _messages),
    Step("replies", _("Texts they sent us lose their words, the answer and the number"), _replies),
]
