"""What the outbox erases when a person is forgotten (coalition/forget.py runs it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from coalition.forget import Forgetting, Step
from messaging.models import Message

FORGOTTEN_REASON = gettext_noop("The person was forgotten at their request.")


def _messages(f: Forgetting) -> int:
    """Messages not yet sent are skipped; every message loses the address it went to and the provider's error.
    The rows stay (a count of messages sent does not change) and say nothing about whom they reached."""
    mine = Message.objects.filter(person_id=f.person_id)
    skipped = mine.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING]).update(
        status=Message.Status.SKIPPED, skip_reason=FORGOTTEN_REASON, to="", last_error="")
    return skipped + mine.exclude(to="", last_error="").update(to="", last_error="")


STEPS = [
    Step("messages", _("Messages waiting to go to them are cancelled; every message loses the phone number or "
                       "email it went to"), _messages),
]
