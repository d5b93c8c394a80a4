"""The access policy: the one place that answers "may this user do X?" and "which objects may they see?".

It follows DOMAIN.md, "Who may see what". Selectors call the `*_scope` functions for every list and
lookup; services call the `may_*` checks again, because tasks and commands run without a request.
Outside a user's reach an object does not exist: `get_in_scope` raises `OutOfReach`, which the
middleware answers with 404, never 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coalition.models import Organization, Region, User
    from members.models import Person

    Actor = User | AnonymousUser

M = TypeVar("M", bound=models.Model)


class OutOfReach(Exception):
    """The object does not exist for this actor. Views answer 404; nothing reveals that it exists."""


def _role(actor: Actor | None) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    return actor.role  # type: ignore[union-attr]


def is_staff_or_admin(actor: Actor | None) -> bool:
    return _role(actor) in ("admin", "staff")


def is_admin(actor: Actor | None) -> bool:
    return _role(actor) == "admin"


def is_organizer(actor: Actor | None) -> bool:
    return _role(actor) == "organizer"


def is_partner(actor: Actor | None) -> bool:
    return _role(actor) == "partner"


def is_member(actor: Actor | None) -> bool:
    return _role(actor) == "member"


def works_with_people(actor: Actor | None) -> bool:
    """Admins, staff and regional organizers work with people's records."""
    return _role(actor) in ("admin", "staff", "organizer")


def get_in_scope(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one route from user input to an object: look it up inside a scope, or raise OutOfReach."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfReach(queryset.model.__name__) from exc


# People ---------------------------------------------------------------------------------------------

def person_scope(actor: Actor | None, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people this actor may see: all for staff, own region and own assignments for organizers, self for members."""
    from members.models import Person

    qs = Person.objects.all() if queryset is None else queryset
    role = _role(actor)
    if role in ("admin", "staff"):
        return qs
    if role == "organizer":
        return qs.filter(Q(region_id=actor.region_id) | Q(assigned_organizer_id=actor.pk))  # type: ignore[union-attr]
    if role == "member" and actor.person_id:  # type: ignore[union-attr]
        return qs.filter(pk=actor.person_id)  # type: ignore[union-attr]
    return qs.none()


def may_change_person(actor: Actor | None, person: Person) -> bool:
    """Staff, admins and the organizers who may see the person change their record."""
    if not works_with_people(actor):
        return False
    return person_scope(actor).filter(pk=person.pk).exists()


def may_view_sensitive(actor: Actor | None, person: Person) -> bool:
    """Sensitive facts: staff and admins; the person's own regional organizer; the member themself."""
    role = _role(actor)
    if role in ("admin", "staff"):
        return True
    if role == "organizer":
        return person.region_id is not None and person.region_id == actor.region_id  # type: ignore[union-attr]
    if role == "member":
        return actor.person_id == person.pk  # type: ignore[union-attr]
    return False


def may_change_sensitive(actor: Actor | None, person: Person) -> bool:
    """Changing sensitive facts: as viewing them, except members, who tell their organizer instead."""
    return works_with_people(actor) and may_view_sensitive(actor, person)


def may_export_sensitive(actor: Actor | None) -> bool:
    """Only admins may put sensitive facts into an export, and only by asking for them by name."""
    return is_admin(actor)


# Regions, organizations, accounts, audit -------------------------------------------------------------

def region_scope(actor: Actor | None) -> QuerySet[Region]:
    """Region names are not private: everyone signed in who works with people sees them."""
    from coalition.models import Region

    return Region.objects.all() if works_with_people(actor) else Region.objects.none()


def may_manage_regions(actor: Actor | None) -> bool:
    return is_admin(actor)


def organization_scope(actor: Actor | None) -> QuerySet[Organization]:
    """Partner organizations: all for staff and organizers; a partner representative sees their own."""
    from coalition.models import Organization

    role = _role(actor)
    if role in ("admin", "staff", "organizer"):
        return Organization.objects.all()
    if role == "partner":
        return Organization.objects.filter(pk=actor.organization_id)  # type: ignore[union-attr]
    return Organization.objects.none()


def may_manage_organizations(actor: Actor | None) -> bool:
    return is_staff_or_admin(actor)


def may_invite(actor: Actor | None, role: str | None = None) -> bool:
    """Staff invite accounts; only admins invite admins and staff."""
    if role in ("admin", "staff"):
        return is_admin(actor)
    return is_staff_or_admin(actor)


def may_read_audit_log(actor: Actor | None) -> bool:
    return is_admin(actor)


# People pages, contacts, imports, duplicates (members app) -------------------------------------------

def people_work_scope(actor: Actor | None) -> QuerySet[Person]:
    """People on the people pages (lists, search, exports, imports, merges): staff all, organizers their turf.

    Members see their own record elsewhere; partners and members see none of these pages.
    """
    from members.models import Person

    if not works_with_people(actor):
        return Person.objects.none()
    return person_scope(actor)


def may_log_contact(actor: Actor | None, person: Person) -> bool:
    """Logging a contact or a follow-up: whoever may change the person's record."""
    return may_change_person(actor, person)


def import_job_scope(actor: Actor | None) -> QuerySet[Any]:
    """CSV imports: staff and admins see every import; an organizer sees their own."""
    from members.models import ImportJob

    role = _role(actor)
    if role in ("admin", "staff"):
        return ImportJob.objects.all()
    if role == "organizer":
        return ImportJob.objects.filter(created_by_id=actor.pk)  # type: ignore[union-attr]
    return ImportJob.objects.none()


def may_merge_people(actor: Actor | None, keep: Person, drop: Person) -> bool:
    """Merging two records: whoever may change both of them."""
    return keep.pk != drop.pk and may_change_person(actor, keep) and may_change_person(actor, drop)


# Coalition tables, campaigns, bills (issue 4) -------------------------------------------------------

def table_scope(actor: Actor | None) -> QuerySet[Any]:
    """Tables: staff, admins and organizers read all; a partner representative only the tables where their
    organization has a current seat; members none."""
    from coalition.models import CoalitionTable

    role = _role(actor)
    if role in ("admin", "staff", "organizer"):
        return CoalitionTable.objects.all()
    if role == "partner":
        return CoalitionTable.objects.filter(
            pk__in=CoalitionTable.objects.filter(
                seats__organization_id=actor.organization_id, seats__left_on__isnull=True  # type: ignore[union-attr]
            ).values("pk")
        )
    return CoalitionTable.objects.none()


def may_read_tables(actor: Actor | None) -> bool:
    return _role(actor) in ("admin", "staff", "organizer", "partner")


def may_manage_tables(actor: Actor | None) -> bool:
    """Seats, representatives, meetings, attendance and action items: staff and admins."""
    return is_staff_or_admin(actor)


def meeting_scope(actor: Actor | None) -> QuerySet[Any]:
    """Meetings of the tables the actor may see."""
    from coalition.models import TableMeeting

    return TableMeeting.objects.filter(table__in=table_scope(actor))


def may_read_campaigns(actor: Actor | None) -> bool:
    """Campaigns, goals, bills, legislators and whip counts: staff, admins and organizers."""
    return works_with_people(actor)


def campaign_scope(actor: Actor | None) -> QuerySet[Any]:
    from campaigns.models import Campaign

    return Campaign.objects.all() if may_read_campaigns(actor) else Campaign.objects.none()


def bill_scope(actor: Actor | None) -> QuerySet[Any]:
    from campaigns.models import Bill

    return Bill.objects.all() if may_read_campaigns(actor) else Bill.objects.none()


def legislator_scope(actor: Actor | None) -> QuerySet[Any]:
    from campaigns.models import Legislator

    return Legislator.objects.all() if may_read_campaigns(actor) else Legislator.objects.none()


def may_manage_campaigns(actor: Actor | None) -> bool:
    """Goals, participation, actions, positions, lobby visits, drives and imports: staff and admins."""
    return is_staff_or_admin(actor)


# Events, RSVPs, transport, check-in, the outbox (events and messaging apps) ----------------------------

def event_scope(actor: Actor | None) -> QuerySet[Any]:
    """Events in the app (not the public pages): everyone who works with people sees every event."""
    from events.models import Event

    return Event.objects.all() if works_with_people(actor) else Event.objects.none()


def may_create_event(actor: Actor | None) -> bool:
    return works_with_people(actor)


def may_manage_event(actor: Actor | None, event: Any) -> bool:
    """Editing, cancelling, buses and reminders: staff and admins; organizers for events in their region."""
    role = _role(actor)
    if role in ("admin", "staff"):
        return True
    return role == "organizer" and event.region_id is not None and event.region_id == actor.region_id  # type: ignore[union-attr]


def rsvp_scope(actor: Actor | None, event: Any = None) -> QuerySet[Any]:
    """RSVPs whose person the actor may see (an organizer sees their region's people on a statewide roster)."""
    from events.models import RSVP

    qs = RSVP.objects.all() if event is None else RSVP.objects.filter(event=event)
    if not works_with_people(actor):
        return qs.none()
    if is_staff_or_admin(actor):
        return qs
    return qs.filter(person__in=person_scope(actor))


def may_manage_transport(actor: Actor | None) -> bool:
    """Manifests, moving people between buses, seats per region: staff and admins."""
    return is_staff_or_admin(actor)


def may_view_outbox(actor: Actor | None) -> bool:
    return is_staff_or_admin(actor)
