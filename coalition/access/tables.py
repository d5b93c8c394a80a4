"""The access policy: Coalition tables and their meetings and action items, campaigns, bills, legislators.

Part of coalition.access (see its docstring); import it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from campaigns.models import Bill, Campaign, LegislativeSession, Legislator
    from coalition.models import ActionItem, CoalitionTable, TableMeeting

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser


from coalition.access import (
    COALITION_ROLES,
    _role,
    is_partner,
    is_staff_or_admin,
    may_work_with_people,
    signed_in,
)

# Coalition tables, campaigns, bills -------------------------------------------------------------------

def table_scope(actor: Actor | None) -> QuerySet[CoalitionTable]:
    """Tables: staff, admins and organizers read all; a partner representative only the tables where their
    organization has a current seat; members none."""
    from coalition.models import CoalitionTable

    user = signed_in(actor)
    if may_work_with_people(user):
        return CoalitionTable.objects.all()
    if is_partner(user) and user.organization_id is not None:
        return CoalitionTable.objects.filter(
            pk__in=CoalitionTable.objects.filter(
                seats__organization_id=user.organization_id, seats__left_on__isnull=True
            ).values("pk")
        )
    return CoalitionTable.objects.none()


def may_read_tables(actor: Actor | None) -> bool:
    """The tables pages: the coalition's accounts (what each sees is table_scope); members none."""
    return _role(actor) in COALITION_ROLES


def may_manage_tables(actor: Actor | None) -> bool:
    """Seats, representatives, meetings, attendance and action items: staff and admins."""
    return is_staff_or_admin(actor)


def meeting_scope(actor: Actor | None) -> QuerySet[TableMeeting]:
    """Meetings of the tables the actor may see."""
    from coalition.models import TableMeeting

    return TableMeeting.objects.filter(table__in=table_scope(actor))


def action_item_scope(actor: Actor | None) -> QuerySet[ActionItem]:
    """Action items the actor may act on: every one for staff and admins; their own items, at meetings they may
    see, for everyone else."""
    from coalition.models import ActionItem

    user = signed_in(actor)
    if user is None:
        return ActionItem.objects.none()
    if may_manage_tables(user):
        return ActionItem.objects.all()
    return ActionItem.objects.filter(owner_id=user.pk, meeting__in=meeting_scope(user))


def may_mark_action_item_done(actor: Actor | None, item: ActionItem) -> bool:
    """Marking an action item done: staff and admins, and the item's owner."""
    user = signed_in(actor)
    return user is not None and (may_manage_tables(user) or item.owner_id == user.pk)


def may_own_action_items(account: User | None) -> bool:
    """Who an action item may be given to: an active account of the coalition (staff, organizers, partner
    representatives), never a member."""
    return _role(account) in COALITION_ROLES


def action_item_owner_scope(actor: Actor | None) -> QuerySet[User]:
    """The accounts the actor may choose as an action item's owner (staff and admins choose; may_own_action_items)."""
    if not may_manage_tables(actor):
        return User.objects.none()
    # API tokens act through accounts of their own, which are nobody to give work to.
    return User.objects.filter(is_active=True, role__in=COALITION_ROLES, api_token__isnull=True).order_by(
        "first_name", "last_name")


def may_read_campaigns(actor: Actor | None) -> bool:
    """Campaigns, goals, bills, legislators and whip counts: staff, admins and organizers."""
    return may_work_with_people(actor)


def campaign_scope(actor: Actor | None) -> QuerySet[Campaign]:
    from campaigns.models import Campaign

    return Campaign.objects.all() if may_read_campaigns(actor) else Campaign.objects.none()


def bill_scope(actor: Actor | None) -> QuerySet[Bill]:
    from campaigns.models import Bill

    return Bill.objects.all() if may_read_campaigns(actor) else Bill.objects.none()


def legislator_scope(actor: Actor | None) -> QuerySet[Legislator]:
    from campaigns.models import Legislator

    return Legislator.objects.all() if may_read_campaigns(actor) else Legislator.objects.none()


def may_manage_campaigns(actor: Actor | None) -> bool:
    """Goals, participation, actions, positions, lobby visits, drives and imports: staff and admins."""
    return is_staff_or_admin(actor)


def session_scope(actor: Actor | None) -> QuerySet[LegislativeSession]:
    """Legislative sessions: whoever reads campaigns."""
    from campaigns.models import LegislativeSession

    return LegislativeSession.objects.all() if may_read_campaigns(actor) else LegislativeSession.objects.none()


def public_campaign_scope() -> QuerySet[Campaign]:
    """Campaigns with a public toolkit page, for anyone, signed in or not: every campaign past planning (a
    campaign still being planned is not announced)."""
    from campaigns.models import Campaign

    return Campaign.objects.exclude(status=Campaign.Status.PLANNING)
