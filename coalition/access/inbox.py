"""The access policy: the inbox of text replies, its queue of unknown numbers, and delivery problems.

Part of coalition.access (see its docstring); import it from there. The inbox's rows are the messaging app's,
which the policy does not import: it answers with conditions on a reply's person that the inbox's selectors
apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser


from coalition.access import is_organizer, is_staff_or_admin, organizer_turf, signed_in

# The inbox (messaging app) ------------------------------------------------------------------------------


def may_use_inbox(actor: Actor | None) -> bool:
    """The inbox of text replies: staff, admins and organizers (each sees the replies of the people they see)."""
    return is_staff_or_admin(actor) or is_organizer(actor)


def inbox_reach(actor: Actor | None, path: str = "person__") -> Q | None:
    """Which replies an actor may read and answer, as a condition on the person reached through `path`: staff
    and admins every reply of a known person, an organizer those of the people on their turf; None for nobody.
    Replies from numbers nobody is matched to are for `may_match_replies`."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return Q(**{f"{path}isnull": False})
    if is_organizer(user):
        return organizer_turf(user, path)
    return None


def may_match_replies(actor: Actor | None) -> bool:
    """Matching a reply from an unknown or shared number to a person (or a new contact): staff and admins, who
    see everyone, since the number alone says nothing about whose turf it is."""
    return is_staff_or_admin(actor)
