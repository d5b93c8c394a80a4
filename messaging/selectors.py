"""Every read of the outbox. The first argument is the actor; only staff and admins see the outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, QuerySet

from coalition import access
from messaging import kinds
from messaging.models import Message

if TYPE_CHECKING:
    from coalition.access import Actor


def _subjects() -> GenericPrefetch[Any]:
    """What each message is about, read with the queryset its kind lists subjects with: one query per type of
    subject on the page, whatever the number of rows."""
    by_model: dict[str, QuerySet[Any]] = {}
    for kind in kinds.registered():
        if kind.listing is not None:
            by_model.setdefault(kind.subject_model, kind.listing())
    return GenericPrefetch("subject", list(by_model.values()))


def outbox_list(*, actor: Actor, topic: str = "", status: str = "") -> QuerySet[Message]:
    """The outbox, newest due first, for staff: all of it, or one topic's (an event's: "events.event:42"); the
    person and what each message is about joined (constant queries)."""
    if not access.may_view_outbox(actor):
        raise access.OutOfReach("outbox")
    qs = Message.objects.select_related("person").prefetch_related(_subjects()).order_by("-due_at", "-id")
    if topic:
        qs = qs.filter(topic=topic)
    if status:
        qs = qs.filter(status=status)
    return qs


def outbox_counts(*, actor: Actor, topic: str = "") -> list[tuple[str, int]]:
    """How many messages are in each state, all of them or one topic's, as (label, count) in the states' order
    (one query)."""
    if not access.may_view_outbox(actor):
        raise access.OutOfReach("outbox")
    qs = Message.objects.filter(topic=topic) if topic else Message.objects.all()
    counts = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id")).order_by()}
    return [(str(label), counts.get(value, 0)) for value, label in Message.Status.choices]
