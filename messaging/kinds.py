"""The registry of message kinds: what the outbox asks an app about each of its messages at the moment of sending.

The outbox knows no domain. An app that sends messages registers each kind it sends (from its AppConfig.ready(),
in its `notices.py`): a key stored on the row, a label for the outbox pages, the model its messages are about,
and the functions the outbox calls while sending one message:

- `load(message)`: the subject read fresh from the database, with whatever the checks and the text need
  (one query, ideally). It may return None, or whatever the kind's own functions expect.
- `load_many(messages)`, optional: the subjects of many messages of its kinds at once, a dict by message id, in
  a few queries whatever their number (a chunk of the outbox reads its subjects so); a message it leaves out is
  loaded by `load`. The values are what `load` would return.
- `why_not(message, subject, now)`: a reason not to send it now (the row is skipped with it), or None.
- `compose(message, subject, language, now)`: the SMS text, the email subject and body, optional attachments;
  called inside `translation.override(language)`.
- `language(message, subject)`: the language to write in; "" falls back to the person's.
- `recipient(message, subject)`: a fixed (channel, address), or None to skip; when the kind gives no such
  function, the outbox picks the channel from the person's consent and contact details.
- `quiet_hours`, and `quiet_cutoff(message, subject)`: whether a text waits out the quiet hours, and a time
  before which it must arrive anyway (an event that starts before the quiet hours end).

Consent, quiet hours, claiming, retries and the record are the outbox's; a kind never checks consent or sends.
A row whose kind nobody registers is failed at sending, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from messaging.models import Message


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


@dataclass(frozen=True)
class Content:
    """What a message says, composed at sending: the email's subject and body, the SMS text, any attachments
    (email only)."""

    subject: str
    body: str
    sms: str
    attachments: tuple[Attachment, ...] = ()
    html: str = ""  # an HTML part of the email, beside the plain text
    headers: tuple[tuple[str, str], ...] = ()  # more email headers (List-Unsubscribe, ...)


def _no_language(message: Message, subject: Any) -> str:
    return ""


@dataclass(frozen=True)
class MessageKind:
    """One kind of message and its send-time functions (see the module's docstring)."""

    key: str
    label: str | Promise
    subject_model: str  # the model label of what its messages are about, lower case: "events.rsvp"
    load: Callable[[Message], Any]
    why_not: Callable[[Message, Any, datetime], str | None]
    compose: Callable[[Message, Any, str, datetime], Content]
    language: Callable[[Message, Any], str] = _no_language
    recipient: Callable[[Message, Any], tuple[str, str] | None] | None = None
    quiet_hours: bool = True
    quiet_cutoff: Callable[[Message, Any], datetime | None] | None = None
    # For the outbox list: the subjects of a page, read in one query, and a short line naming each.
    listing: Callable[[], models.QuerySet[Any]] | None = None
    about: Callable[[Any], str] | None = None
    load_many: Callable[[Sequence[Message]], dict[int, Any]] | None = None


_registry: dict[str, MessageKind] = {}


def register(kind: MessageKind) -> MessageKind:
    """Register a kind under its key. Registering the very same kind again changes nothing; another kind under a
    taken key is a configuration error (two apps would fight over the same rows)."""
    known = _registry.get(kind.key)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"The message kind {kind.key!r} is already registered by {known.load.__module__}.")
    if len(kind.key) > 32:
        raise ImproperlyConfigured(f"The message kind {kind.key!r} is longer than 32 characters.")
    _registry[kind.key] = kind
    return kind


def get(key: str) -> MessageKind | None:
    """The registered kind with this key, or None (a kind no app registers, or no longer does)."""
    return _registry.get(key)


def label(key: str) -> str:
    """The kind's label for pages; an unregistered key shows as itself."""
    kind = _registry.get(key)
    return str(kind.label) if kind is not None else key


def registered() -> list[MessageKind]:
    """Every registered kind, in the order they were registered."""
    return list(_registry.values())
