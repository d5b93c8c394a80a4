"""What the outbox and the inbox keep for a limited time (coalition/retention.py applies it nightly). The outbox
keeps no message bodies (they are written at sending time); what it keeps is the address a message went to and
the provider's error text. The inbox keeps what people texted us until it is answered or handled, and then for
the same time (the person's timeline keeps the contact it logged)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.retention import Rule
from messaging.models import InboundReply, Message


def _old_addresses(cutoff: datetime) -> Any:
    return Message.objects.filter(created_at__lt=cutoff).exclude(status__in=[
        Message.Status.PENDING, Message.Status.SENDING]).filter(~Q(to="") | ~Q(last_error=""))


def _blank(qs: Any) -> int:
    return int(qs.update(to="", last_error=""))


def _old_replies(cutoff: datetime) -> Any:
    return InboundReply.objects.filter(received_at__lt=cutoff).exclude(status=InboundReply.Status.OPEN)


def _delete(qs: Any) -> int:
    deleted, _by_model = qs.delete()
    return int(deleted)


RULES = [
    Rule("message_addresses", _("The phone or email an outbox message went to, and the provider's error"),
         "RETENTION_MESSAGE_DAYS", _old_addresses, _blank),
    Rule("inbox_replies", _("A text someone sent us, once it was answered or handled"),
         "RETENTION_MESSAGE_DAYS", _old_replies, _delete),
]
