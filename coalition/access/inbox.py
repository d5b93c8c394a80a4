"""The access policy: the inbox of text replies, its queue of unknown numbers, and delivery problems.

Part of coalition.access (see its docstring); import it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from messaging.models import InboundReply

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser


from coalition.access import is_organizer, is_staff_or_admin, organizer_turf, signed_in

# The inbox (messaging app) ------------------------------------------------------------------------------


def may_use_inbox(actor: Actor | None) -> bool:
    """The inbox of text replies: staff, admins and organizers (each sees the replies of the people they see)."""
    return is_staff_or_admin(actor) or is_organizer(actor)


def inbox_scope(actor: Actor | None) -> QuerySet[InboundReply]:
    """The replies an actor may read and answer: staff and admins every reply of a known person; an organizer
    those of the people on their turf. Replies from numbers nobody is matched to are in `unmatched_reply_scope`."""
    from messaging.models import InboundReply

    user = signed_in(actor)
    known = InboundReply.objects.filter(person__isnull=False)
    if is_staff_or_admin(user):
        return known
    if is_organizer(user):
        return known.filter(organizer_turf(user, "person__"))
    return InboundReply.objects.none()


def may_match_replies(actor: Actor | None) -> bool:
    """Matching a reply from an unknown or shared number to a person (or a new contact): staff and admins, who
    see everyone, since the number alone says nothing about whose turf it is."""
    return is_staff_or_admin(actor)


def unmatched_reply_scope(actor: Actor | None) -> QuerySet[InboundReply]:
    """Replies nobody is matched to yet: staff and admins."""
    from messaging.models import InboundReply

    if not may_match_replies(actor):
        return InboundReply.objects.none()
    return InboundReply.objects.filter(person__isnull=True)
