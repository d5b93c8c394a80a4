"""Every read of the outbox. The first argument is the actor; only staff and admins see the outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from coalition import access
from events.models import Event
from messaging.models import Message

if TYPE_CHECKING:
    from coalition.access import Actor


def outbox_list(*, actor: Actor, event: Event | None = None, status: str = "") -> QuerySet[Message]:
    """The outbox, newest due first, for staff: one event's or all; person and what each message is about (the
    event, or the mentorship with its mentor and mentee) joined (constant queries)."""
    if not access.may_view_outbox(actor):
        raise access.OutOfReach("outbox")
    qs = Message.objects.select_related(
        "person", "event", "mentorship__mentor", "mentorship__mentee"
    ).order_by("-due_at", "-id")
    if event is not None:
        qs = qs.filter(event=event)
    if status:
        qs = qs.filter(status=status)
    return qs


def outbox_counts(*, actor: Actor, event: Event | None = None) -> dict[str, int]:
    """How many messages are in each state (one query)."""
    if not access.may_view_outbox(actor):
        raise access.OutOfReach("outbox")
    qs = Message.objects.all() if event is None else Message.objects.filter(event=event)
    return {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id")).order_by()}

