"""Who hears about an inbound text. The webhook checks the provider's signature, the signed time and that the
provider's message id is new; a text that passes is handed to every registered handler, in the transaction that
records its id, so what a handler does commits with that record (a repeat changes nothing).

An app registers its handler from its AppConfig.ready(). A handler is called with keyword arguments
`from_number`, `body`, `message_sid` and `sent_at` (the signed time, or the time it arrived for a STOP that
carries none), and must not send texts itself: it queues messages like any service. A handler that takes the
text as its own (an answer to a question it asked) returns something true.

A text that is no keyword (STOP, START, HELP) and that no handler took is kept as a reply for the inbox
(`InboundReply`) and handed to the reply handlers, in the same transaction: the members app's finds whose number
it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from messaging.models import InboundReply


class InboundHandler(Protocol):
    def __call__(self, *, from_number: str, body: str, message_sid: str, sent_at: datetime) -> object: ...


_handlers: list[Callable[..., object]] = []


def register(handler: InboundHandler) -> InboundHandler:
    """Register a handler for verified inbound texts; registering it again changes nothing."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def handlers() -> tuple[Callable[..., object], ...]:
    """The registered handlers, in the order they were registered."""
    return tuple(_handlers)


class ReplyHandler(Protocol):
    def __call__(self, *, reply: InboundReply) -> object: ...


_reply_handlers: list[Callable[..., object]] = []


def register_reply(handler: ReplyHandler) -> ReplyHandler:
    """Register a handler for replies kept for the inbox; registering it again changes nothing."""
    if handler not in _reply_handlers:
        _reply_handlers.append(handler)
    return handler


def reply_handlers() -> tuple[Callable[..., object], ...]:
    """The registered reply handlers, in the order they were registered."""
    return tuple(_reply_handlers)
