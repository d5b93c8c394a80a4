"""The policy for saved lists and audiences: which lists a user sees, edits, fills and deletes.

A list is its owner's. Shared with a region, it is seen by that region's organizers and by staff; shared with all
staff, by staff and admins. What any list holds for a viewer is cut again by the viewer's people scope (the
members selectors do that), so sharing a statewide list never widens anyone's reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from coalition.access import is_organizer, is_staff_or_admin, may_work_with_people, signed_in

if TYPE_CHECKING:
    from coalition.access import Actor
    from members.models import SavedList


def may_keep_lists(actor: Actor | None) -> bool:
    """Saving lists and opening the lists page: whoever works with people."""
    return may_work_with_people(actor)


def saved_list_scope(actor: Actor | None) -> QuerySet[SavedList]:
    """The lists this actor may open: their own; staff and admins also every list shared with a region or with
    staff; an organizer also the lists shared with their region. Other people's private lists are nobody's."""
    from members.models import SavedList

    user = signed_in(actor)
    qs = SavedList.objects.all()
    if not may_work_with_people(user):
        return qs.none()
    own = Q(owner=user)
    if is_staff_or_admin(user):
        return qs.filter(own | Q(sharing__in=[SavedList.Sharing.REGION, SavedList.Sharing.STAFF]))
    if is_organizer(user) and user.region_id:
        return qs.filter(own | Q(sharing=SavedList.Sharing.REGION, shared_region_id=user.region_id))
    return qs.filter(own)


def _sees(actor: Actor | None, saved_list: SavedList) -> bool:
    return saved_list_scope(actor).filter(pk=saved_list.pk).exists()


def may_change_saved_list(actor: Actor | None, saved_list: SavedList) -> bool:
    """Renaming, describing, sharing, archiving and restoring a list: its owner, and staff and admins on the lists
    they see."""
    user = signed_in(actor)
    if user is None or not may_keep_lists(user):
        return False
    if saved_list.owner_id == user.pk:
        return True
    return is_staff_or_admin(user) and _sees(user, saved_list)


def may_fill_saved_list(actor: Actor | None, saved_list: SavedList) -> bool:
    """Adding people to a fixed list and taking them off (only people in the actor's own reach): whoever may change
    it, and the organizers it is shared with. Never an archived or a smart list."""
    if saved_list.smart or saved_list.archived:
        return False
    return may_change_saved_list(actor, saved_list) or (is_organizer(actor) and _sees(actor, saved_list))


def may_delete_saved_list(actor: Actor | None, saved_list: SavedList, *, empty: bool) -> bool:
    """Deleting a list: its owner, and staff and admins on the lists they see; an organizer it is shared with only
    a fixed list with nobody on it (`empty` counts everyone on it, within reach or not)."""
    if may_change_saved_list(actor, saved_list):
        return True
    return not saved_list.smart and empty and is_organizer(actor) and _sees(actor, saved_list)


def may_pick_audiences(actor: Actor | None) -> bool:
    """The audience page (choosing who a broadcast or a call list reaches): staff and admins."""
    return is_staff_or_admin(actor)
