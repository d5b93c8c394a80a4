"""What a message says, in the person's language, composed at the moment of sending by the message's kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone, translation

from messaging import kinds
from messaging.kinds import Attachment, Content
from messaging.models import Message

__all__ = ["Attachment", "Content", "UnknownKind", "compose", "one_line"]

_UNLOADED: Any = object()


class UnknownKind(LookupError):
    """No app registers this message's kind (any more)."""


def one_line(value: object) -> str:
    """`value` with every line break and run of whitespace made one space: safe to put in an email header.

    A title typed with a line break would otherwise make the header invalid (and could inject another header).
    """
    return " ".join(str(value).split())


def compose(message: Message, language: str, *, subject: Any = _UNLOADED, now: datetime | None = None) -> Content:
    """Subject, email body, SMS text and attachments for this message, in `language`, by its registered kind.
    `subject` is what the kind's `load` returned; without it, it is loaded here. Raises UnknownKind."""
    kind = kinds.get(message.kind)
    if kind is None:
        raise UnknownKind(message.kind)
    if subject is _UNLOADED:
        subject = kind.load(message)
    with translation.override(language):
        return kind.compose(message, subject, language, now or timezone.now())
