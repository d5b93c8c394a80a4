"""The messages sent to a person, for their own copy (coalition/own_copy.py). The outbox keeps no bodies."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coalition.own_copy import Section, record
from messaging.models import Message


def messages_section(person: Any) -> Section:
    messages = Message.objects.filter(person_id=person.pk).order_by("created_at", "pk")
    return Section(
        "messages", _("Messages to you"),
        [record(m, ["kind", "channel", "status", "to", "sent_at", "skip_reason", "created_at"]) for m in messages],
        note=_("The words of each message are written when it is sent and are not kept."))
