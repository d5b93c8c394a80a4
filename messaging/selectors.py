"""Every read of the outbox and the inbox. The first argument is the actor; only staff and admins see the outbox;
the inbox is cut by the access policy (`coalition.access.inbox_reach`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from coalition import access
from messaging import kinds
from messaging.models import DeliveryStatus, InboundReply, Message

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


# The inbox --------------------------------------------------------------------------------------------------

def inbox_scope(actor: Actor) -> QuerySet[InboundReply]:
    """The replies an actor may read and answer (the policy's `inbox_reach`), answered or not."""
    reach = access.inbox_reach(actor)
    return InboundReply.objects.filter(reach) if reach is not None else InboundReply.objects.none()


def unmatched_reply_scope(actor: Actor) -> QuerySet[InboundReply]:
    """Replies nobody is matched to yet: staff and admins."""
    if not access.may_match_replies(actor):
        return InboundReply.objects.none()
    return InboundReply.objects.filter(person__isnull=True)

def inbox_list(*, actor: Actor) -> QuerySet[InboundReply]:
    """The replies waiting for an answer from the people the actor may see, newest first, each with its person
    (constant queries)."""
    if not access.may_use_inbox(actor):
        raise access.OutOfReach("inbox")
    return (inbox_scope(actor).filter(status=InboundReply.Status.OPEN).select_related("person")
            .order_by("-received_at", "-id"))


def inbox_reply_get(*, actor: Actor, pk: int) -> InboundReply:
    """One reply of the actor's inbox (answered or not), with its person and who answered; OutOfReach outside."""
    return access.get_in_scope(inbox_scope(actor).select_related("person", "answered_by"), pk=pk)


def inbox_unmatched_list(*, actor: Actor) -> QuerySet[InboundReply]:
    """Replies from numbers nobody is matched to, newest first (staff)."""
    if not access.may_match_replies(actor):
        raise access.OutOfReach("inbox")
    return unmatched_reply_scope(actor).order_by("-received_at", "-id")


def inbox_unmatched_get(*, actor: Actor, pk: int, matched_too: bool = False) -> InboundReply:
    """A reply from the staff's queue of unknown numbers; `matched_too` also finds one matched since (a form
    sent twice finds the reply its first submit matched)."""
    if matched_too and access.may_match_replies(actor):
        return access.get_in_scope(InboundReply.objects.all(), pk=pk)
    return access.get_in_scope(unmatched_reply_scope(actor), pk=pk)


def inbox_counts(*, actor: Actor) -> dict[str, int]:
    """How many replies wait in the actor's inbox and, for staff, in the queue of unknown numbers (one query
    each)."""
    counts = {"open": inbox_scope(actor).filter(status=InboundReply.Status.OPEN).count()}
    if access.may_match_replies(actor):
        counts["unmatched"] = unmatched_reply_scope(actor).filter(status=InboundReply.Status.OPEN).count()
    return counts


def _person_model() -> Any:
    return InboundReply._meta.get_field("person").related_model


def reply_candidates(*, actor: Actor, replies: list[InboundReply]) -> dict[str, list[Any]]:
    """For replies from numbers nobody is matched to: the people in the actor's reach who have each number as a
    working phone, by digits (a shared number shows them all). One query for a whole page."""
    digits = {reply.from_digits for reply in replies if reply.from_digits}
    if not digits:
        return {}
    people = (access.person_scope(actor, _person_model().objects.all())
              .filter(phones__digits__in=digits, phones__stopped_working_on__isnull=True)
              .annotate(matched_digits=F("phones__digits")).order_by("first_name", "last_name", "pk"))
    found: dict[str, list[Any]] = {}
    for person in people:
        found.setdefault(person.matched_digits, []).append(person)
    return found


@dataclass(frozen=True)
class Unreachable:
    """A number whose texts fail as unreachable while the person's record still has it as working."""

    person: Any
    phone_pk: int
    number: str
    error_code: str
    failed_at: Any


def unreachable_numbers(*, actor: Actor, person_id: int | None = None, limit: int = 20) -> list[Unreachable]:
    """Numbers the provider said cannot get texts (Twilio's unreachable codes) that are still working phones of
    people the actor may see: latest failure first, each number once. Two queries."""
    from messaging.replies import UNREACHABLE_CODES

    if not access.may_use_inbox(actor):
        return []
    phone_model: Any = _person_model()._meta.get_field("phones").related_model
    working = phone_model._default_manager.filter(person_id=OuterRef("person_id"), number=OuterRef("to"),
                                                  stopped_working_on__isnull=True)
    failed = (Message.objects.filter(person__in=access.people_work_scope(actor), channel=Message.Channel.SMS,
                                     delivery_status__in=[DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED],
                                     delivery_error_code__in=UNREACHABLE_CODES)
              .annotate(phone_pk=Subquery(working.values("pk")[:1])).filter(phone_pk__isnull=False)
              .select_related("person").order_by("-sent_at", "-id"))
    if person_id is not None:
        failed = failed.filter(person_id=person_id)
    seen: set[int] = set()
    found: list[Unreachable] = []
    for message in failed[: limit * 10]:
        if message.phone_pk in seen:
            continue
        seen.add(message.phone_pk)
        found.append(Unreachable(person=message.person, phone_pk=message.phone_pk, number=message.to,
                                 error_code=message.delivery_error_code, failed_at=message.sent_at))
        if len(found) >= limit:
            break
    return found
