"""The access policy: the one place that answers "may this user do X?" and "which objects may they see?".

It follows docs/access.md, "Who may see what". Selectors call the `*_scope` functions for every list and
lookup; services call the `may_*` checks again, because tasks and commands run without a request; views pass
the answers to templates, which never look at a role. Roles are named only as `User.Role`, and only here.
Outside a user's reach an object does not exist: `get_in_scope` raises `OutOfReach`, which the
middleware answers with 404, never 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coalition.models import County, Organization, Region
    from members.models import ImportJob, Person

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser

M = TypeVar("M", bound=models.Model)

Role = User.Role
# Staff and admins work statewide; with organizers they work with people's records; with partner
# representatives they are the coalition's accounts (members are the people it serves).
STATEWIDE_ROLES = (Role.ADMIN, Role.STAFF)
PEOPLE_WORKER_ROLES = (*STATEWIDE_ROLES, Role.ORGANIZER)
COALITION_ROLES = (*PEOPLE_WORKER_ROLES, Role.PARTNER)


class OutOfReach(Exception):
    """The object does not exist for this actor. Views answer 404; nothing reveals that it exists."""


def signed_in(actor: Actor | None) -> User | None:
    """The actor as an active account; None for a visitor who is not signed in and for a deactivated account."""
    if isinstance(actor, User) and actor.is_active:
        return actor
    return None


def _role(actor: Actor | None) -> str | None:
    user = signed_in(actor)
    return None if user is None else user.role


# The role predicates are the rules' building blocks; pages, selectors and services ask the `may_*` checks and
# the scopes below instead. They are type guards: when one answers yes, the actor is an active account.
def is_staff_or_admin(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) in STATEWIDE_ROLES


def is_admin(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == Role.ADMIN


def is_organizer(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == Role.ORGANIZER


def is_partner(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == Role.PARTNER


def is_member(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == Role.MEMBER


def may_work_with_people(actor: Actor | None) -> TypeGuard[User]:
    """The people-worker gate: admins, staff and regional organizers work with people's records (the people,
    events, imports and duplicates pages); partners and members never do."""
    return _role(actor) in PEOPLE_WORKER_ROLES


def may_see_statewide(actor: Actor | None) -> TypeGuard[User]:
    """Staff and admins see the whole state: every region, table and campaign."""
    return is_staff_or_admin(actor)


def organizer_region(actor: Actor | None) -> Region | None:
    """The region a regional organizer works in; None for everyone else."""
    return actor.region if is_organizer(actor) else None


def represented_organization(actor: Actor | None) -> Organization | None:
    """The organization a partner representative speaks for; None for everyone else."""
    return actor.organization if is_partner(actor) else None


def is_own_record(actor: Actor | None, person: Person) -> bool:
    """The actor is this person: a member acting on their own record."""
    return is_member(actor) and actor.person_id is not None and actor.person_id == person.pk


def may_see_own_record(actor: Actor | None) -> TypeGuard[User]:
    """Members have pages of their own: how we reach them, their events, their trainings."""
    return is_member(actor)


def may_use_back_office(actor: Actor | None) -> TypeGuard[User]:
    """The back office (Django's admin) is the admins'; anyone else signed in gets 404 there."""
    return is_admin(actor)


def must_use_two_factor(actor: Actor | None) -> bool:
    """Admins and staff see every region's people: when two-factor authentication is required, it is theirs."""
    return is_staff_or_admin(actor)


def get_in_scope(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one route from user input to an object: look it up inside a scope, or raise OutOfReach."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise OutOfReach(queryset.model.__name__) from exc


# People ---------------------------------------------------------------------------------------------

def organizer_turf(actor: User, path: str = "") -> Q:
    """An organizer's turf as a condition on a person reached through `path` (e.g. "mentee__"): people of
    their region and people assigned to them. The one definition; filtering on the joined columns (not
    `IN (subquery)`) lets PostgreSQL use the person indexes."""
    return Q(**{f"{path}region_id": actor.region_id}) | Q(**{f"{path}assigned_organizer_id": actor.pk})


def person_scope(actor: Actor | None, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people this actor may see: all for staff, own region and own assignments for organizers, self for members.
    Never a forgotten person: their placeholder row exists only to keep counts (members/services/forget.py)."""
    from members.models import Person

    qs = (Person.objects.all() if queryset is None else queryset).filter(forgotten_at__isnull=True)
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return qs
    if is_organizer(user):
        return qs.filter(organizer_turf(user))
    if is_member(user) and user.person_id:
        return qs.filter(pk=user.person_id)
    return qs.none()


def own_person_scope(actor: Actor | None) -> QuerySet[Person]:
    """A member's own record (their "How we reach you" page); nobody for everyone else, staff included."""
    from members.models import Person

    return person_scope(actor) if is_member(actor) else Person.objects.none()


def has_turf(actor: Actor | None) -> TypeGuard[User]:
    """Regional organizers have a turf (organizer_turf): their home page is their day on it."""
    return is_organizer(actor)


def own_region_people(actor: Actor | None) -> QuerySet[Person]:
    """The people of an organizer's own region: their turf less the people assigned to them elsewhere. Nobody
    for other roles."""
    from members.models import Person

    user = signed_in(actor)
    if not has_turf(user):
        return Person.objects.none()
    return Person.objects.filter(Q(region_id=user.region_id), forgotten_at__isnull=True)


def organizer_to_assign(actor: Actor | None, person: Person) -> User | None:
    """Whom a person an actor places must be assigned to so the actor keeps them in reach: an organizer placing
    someone outside their own region, with nobody assigned yet. None when nobody needs to be."""
    user = signed_in(actor)
    if not has_turf(user) or person.assigned_organizer_id is not None:
        return None
    if person.region_id is not None and person.region_id == user.region_id:
        return None
    return user


def people_in_reach(actor: Actor | None, person_ids: Iterable[int | None]) -> set[int]:
    """Which of these people the actor may see: for pages that show people through another record (a mentor,
    a recruiter) and name only those in reach. One query, none for staff and admins."""
    wanted = {pk for pk in person_ids if pk is not None}
    if not wanted or is_staff_or_admin(actor):
        return wanted
    return set(person_scope(actor).filter(pk__in=wanted).values_list("pk", flat=True))


def may_change_person(actor: Actor | None, person: Person) -> bool:
    """Staff, admins and the organizers who may see the person change their record."""
    if not may_work_with_people(actor):
        return False
    return person_scope(actor).filter(pk=person.pk).exists()


def may_change_contact(actor: Actor | None, person: Person) -> bool:
    """How to reach someone (phones, email, consent): whoever may change the record, and the member themself."""
    if is_member(actor):
        return is_own_record(actor, person)
    return may_change_person(actor, person)


def may_view_sensitive(actor: Actor | None, person: Person) -> bool:
    """Sensitive facts: staff and admins; the person's own regional organizer; the member themself."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return True
    if is_organizer(user):
        return person.region_id is not None and person.region_id == user.region_id
    return is_own_record(user, person)


def may_change_sensitive(actor: Actor | None, person: Person) -> bool:
    """Changing sensitive facts: as viewing them, except members, who tell their organizer instead."""
    return may_work_with_people(actor) and may_view_sensitive(actor, person)


def may_export_sensitive(actor: Actor | None) -> bool:
    """Only admins may put sensitive facts into an export, and only by asking for them by name."""
    return is_admin(actor)


# Regions, organizations, accounts, audit -------------------------------------------------------------

def region_scope(actor: Actor | None) -> QuerySet[Region]:
    """Region names are not private: everyone signed in who works with people sees them."""
    from coalition.models import Region

    return Region.objects.all() if may_work_with_people(actor) else Region.objects.none()


def region_filter_scope(actor: Actor | None) -> QuerySet[Region]:
    """The regions a list offers as a filter: all of region_scope for staff and admins; an organizer's own region
    (their turf's people outside it are theirs by assignment, which the organizer filter finds)."""
    from coalition.models import Region

    if is_organizer(actor):
        return Region.objects.filter(pk=actor.region_id) if actor.region_id is not None else Region.objects.none()
    return region_scope(actor)


def county_filter_scope(actor: Actor | None) -> QuerySet[County]:
    """The counties a list offers as a filter: every county for staff and admins; an organizer's region's."""
    from coalition.models import County

    if not may_work_with_people(actor):
        return County.objects.none()
    if is_organizer(actor):
        region_id = actor.region_id
        return County.objects.filter(region_id=region_id) if region_id is not None else County.objects.none()
    return County.objects.all()


def may_manage_regions(actor: Actor | None) -> bool:
    """Moving counties between regions: admins."""
    return is_admin(actor)


def organization_scope(actor: Actor | None) -> QuerySet[Organization]:
    """Partner organizations: all for staff and organizers; a partner representative sees their own."""
    from coalition.models import Organization

    user = signed_in(actor)
    if may_work_with_people(user):
        return Organization.objects.all()
    if is_partner(user) and user.organization_id is not None:
        return Organization.objects.filter(pk=user.organization_id)
    return Organization.objects.none()


def may_read_organizations(actor: Actor | None) -> bool:
    """The organizations pages: everyone who works with people, and partner representatives (their own)."""
    return may_work_with_people(actor) or is_partner(actor)


def may_manage_organizations(actor: Actor | None) -> bool:
    """Adding and changing partner organizations: staff and admins."""
    return is_staff_or_admin(actor)


def may_invite(actor: Actor | None, role: str | None = None) -> bool:
    """Staff invite accounts; only admins invite admins and staff."""
    if role in STATEWIDE_ROLES:
        return is_admin(actor)
    return is_staff_or_admin(actor)


def may_manage_api(actor: Actor | None) -> bool:
    """API tokens, webhooks and their deliveries: admins only (a token reaches as far as its scope)."""
    return is_admin(actor)


def may_read_audit_log(actor: Actor | None) -> bool:
    """The audit log: admins."""
    return is_admin(actor)


def organizer_scope(actor: Actor | None) -> QuerySet[User]:
    """Active regional organizers, for everyone who works with people: whom the people list may be filtered by.
    The same for every such actor, so one cached list of choices serves them all."""
    if not may_work_with_people(actor):
        return User.objects.none()
    # A region's API token acts through an organizer account of its own, which is nobody to filter or assign by.
    return User.objects.filter(role=Role.ORGANIZER, is_active=True, api_token__isnull=True).order_by("first_name")


def assignable_organizer_scope(actor: Actor | None) -> QuerySet[User]:
    """The organizers the actor may assign a person to: any for staff and admins; an organizer only those of
    their own region."""
    organizers = organizer_scope(actor)
    if is_organizer(actor):
        return organizers.filter(Q(region_id=actor.region_id))
    return organizers


# People pages, contacts, imports, duplicates (members app) -------------------------------------------

def people_work_scope(actor: Actor | None) -> QuerySet[Person]:
    """People on the people pages (lists, search, exports, imports, merges): staff all, organizers their turf.

    Members see their own record elsewhere; partners and members see none of these pages.
    """
    from members.models import Person

    if not may_work_with_people(actor):
        return Person.objects.none()
    return person_scope(actor)


def people_work_scope_parts(actor: Actor | None) -> list[QuerySet[Person]]:
    """`people_work_scope` as disjoint pieces whose union is exactly it, each one an index can serve in name order
    (the people list merges them page by page): one piece for staff; for an organizer their region's people,
    then the people assigned to them outside it.
    """
    from members.models import Person

    user = signed_in(actor)
    if not has_turf(user):
        return [people_work_scope(actor)]
    r = user.region_id  # "Any region but theirs" as two ranges and a null, which the (organizer, region) index
    # reads (members migration 0022) where `region <> theirs` would walk every person assigned to them.
    away = (Q(region_id__lt=r) | Q(region_id__gt=r) | Q(region_id__isnull=True)) if r is not None else ~Q(region_id=r)
    return [own_region_people(user),
            Person.objects.filter(away, assigned_organizer_id=user.pk, forgotten_at__isnull=True)]


def may_log_contact(actor: Actor | None, person: Person) -> bool:
    """Logging a contact or a follow-up: whoever may change the person's record."""
    return may_change_person(actor, person)


def import_job_scope(actor: Actor | None) -> QuerySet[ImportJob]:
    """CSV imports: staff and admins see every import; an organizer sees their own."""
    from members.models import ImportJob

    user = signed_in(actor)
    if is_staff_or_admin(user):
        return ImportJob.objects.all()
    if is_organizer(user):
        return ImportJob.objects.filter(created_by_id=user.pk)
    return ImportJob.objects.none()


def may_merge_people(actor: Actor | None, keep: Person, drop: Person) -> bool:
    """Merging two records: whoever may change both of them."""
    return keep.pk != drop.pk and may_change_person(actor, keep) and may_change_person(actor, drop)


# The rest of the policy, by sub-domain; everything is used as coalition.access.<name>.
from coalition.access.development import (
    STORY_AUDIENCES as STORY_AUDIENCES,
)
from coalition.access.development import (
    may_change_resource as may_change_resource,
)
from coalition.access.development import (  # noqa: E402
    may_manage_development as may_manage_development,
)
from coalition.access.development import (
    may_manage_ladder as may_manage_ladder,
)
from coalition.access.development import (
    may_manage_stories as may_manage_stories,
)
from coalition.access.development import (
    may_manage_trainings as may_manage_trainings,
)
from coalition.access.development import (
    may_read_resources as may_read_resources,
)
from coalition.access.development import (
    may_upload_resources as may_upload_resources,
)
from coalition.access.development import (
    mentorship_check_in_scope as mentorship_check_in_scope,
)
from coalition.access.development import (
    mentorship_scope as mentorship_scope,
)
from coalition.access.development import (
    pipeline_regions as pipeline_regions,
)
from coalition.access.development import public_resource_scope as public_resource_scope  # noqa: E402
from coalition.access.development import public_story_scope as public_story_scope  # noqa: E402
from coalition.access.development import (
    resource_scope as resource_scope,
)
from coalition.access.development import (
    story_audiences as story_audiences,
)
from coalition.access.development import (
    story_names_teller as story_names_teller,
)
from coalition.access.development import (
    story_scope as story_scope,
)
from coalition.access.development import (
    suggestion_scope as suggestion_scope,
)
from coalition.access.events import (
    event_region_scope as event_region_scope,
)
from coalition.access.events import (  # noqa: E402
    event_scope as event_scope,
)
from coalition.access.events import (
    host_link_scope as host_link_scope,
)
from coalition.access.events import (
    may_create_event as may_create_event,
)
from coalition.access.events import (
    may_create_statewide_event as may_create_statewide_event,
)
from coalition.access.events import (
    may_manage_event as may_manage_event,
)
from coalition.access.events import (
    may_manage_host_links as may_manage_host_links,
)
from coalition.access.events import (
    may_manage_places as may_manage_places,
)
from coalition.access.events import (
    may_manage_series as may_manage_series,
)
from coalition.access.events import (
    may_manage_transport as may_manage_transport,
)
from coalition.access.events import (
    may_review_public_rsvps as may_review_public_rsvps,
)
from coalition.access.events import (
    may_see_presence_flags as may_see_presence_flags,
)
from coalition.access.events import (
    may_view_outbox as may_view_outbox,
)
from coalition.access.events import (
    member_event_scope as member_event_scope,
)
from coalition.access.events import (
    pickup_point_scope as pickup_point_scope,
)
from coalition.access.events import (
    rsvp_review_scope as rsvp_review_scope,
)
from coalition.access.events import (
    rsvp_scope as rsvp_scope,
)
from coalition.access.events import (
    series_scope as series_scope,
)
from coalition.access.events import (
    venue_scope as venue_scope,
)
from coalition.access.inbox import inbox_reach as inbox_reach  # noqa: E402
from coalition.access.inbox import may_match_replies as may_match_replies  # noqa: E402
from coalition.access.inbox import may_use_inbox as may_use_inbox  # noqa: E402
from coalition.access.lists import (  # noqa: E402
    may_change_saved_list as may_change_saved_list,
)
from coalition.access.lists import (  # noqa: E402
    may_delete_saved_list as may_delete_saved_list,
)
from coalition.access.lists import (  # noqa: E402
    may_fill_saved_list as may_fill_saved_list,
)
from coalition.access.lists import (  # noqa: E402
    may_keep_lists as may_keep_lists,
)
from coalition.access.lists import (  # noqa: E402
    may_pick_audiences as may_pick_audiences,
)
from coalition.access.lists import (  # noqa: E402
    saved_list_scope as saved_list_scope,
)
from coalition.access.people import (  # noqa: E402
    bulk_tag_job_scope as bulk_tag_job_scope,
)
from coalition.access.people import (  # noqa: E402
    forget_request_scope as forget_request_scope,
)
from coalition.access.people import (  # noqa: E402
    may_carry_out_forget as may_carry_out_forget,
)
from coalition.access.people import (  # noqa: E402
    may_give_own_copy as may_give_own_copy,
)
from coalition.access.people import (
    may_manage_tags as may_manage_tags,
)
from coalition.access.people import (
    may_read_clinic_reports as may_read_clinic_reports,
)
from coalition.access.people import (
    may_read_tags as may_read_tags,
)
from coalition.access.people import (  # noqa: E402
    may_record_forget_request as may_record_forget_request,
)
from coalition.access.people import (
    may_record_referral as may_record_referral,
)
from coalition.access.people import (
    may_record_voting_answer as may_record_voting_answer,
)
from coalition.access.people import (
    may_tag_people as may_tag_people,
)
from coalition.access.people import (
    referral_scope as referral_scope,
)
from coalition.access.people import (
    tag_choice_scope as tag_choice_scope,
)
from coalition.access.people import (
    tag_scope as tag_scope,
)
from coalition.access.people import (
    voting_answer_is_own as voting_answer_is_own,
)
from coalition.access.reports import SMALL_COUNT as SMALL_COUNT  # noqa: E402
from coalition.access.reports import map_campaign_scope as map_campaign_scope  # noqa: E402
from coalition.access.reports import map_event_scope as map_event_scope  # noqa: E402
from coalition.access.reports import map_person_scope as map_person_scope  # noqa: E402
from coalition.access.reports import map_referral_scope as map_referral_scope  # noqa: E402
from coalition.access.reports import map_rsvp_scope as map_rsvp_scope  # noqa: E402
from coalition.access.reports import may_map_people as may_map_people  # noqa: E402
from coalition.access.reports import may_read_county_map as may_read_county_map  # noqa: E402
from coalition.access.reports import may_read_dashboards as may_read_dashboards  # noqa: E402
from coalition.access.reports import may_read_funder_report as may_read_funder_report  # noqa: E402
from coalition.access.reports import must_hide_small_counts as must_hide_small_counts  # noqa: E402
from coalition.access.tables import (
    action_item_owner_scope as action_item_owner_scope,
)
from coalition.access.tables import (
    action_item_scope as action_item_scope,
)
from coalition.access.tables import (
    bill_scope as bill_scope,
)
from coalition.access.tables import (
    campaign_scope as campaign_scope,
)
from coalition.access.tables import (
    legislator_scope as legislator_scope,
)
from coalition.access.tables import (
    may_manage_campaigns as may_manage_campaigns,
)
from coalition.access.tables import (
    may_manage_tables as may_manage_tables,
)
from coalition.access.tables import (
    may_mark_action_item_done as may_mark_action_item_done,
)
from coalition.access.tables import (
    may_own_action_items as may_own_action_items,
)
from coalition.access.tables import (
    may_read_campaigns as may_read_campaigns,
)
from coalition.access.tables import (
    may_read_tables as may_read_tables,
)
from coalition.access.tables import (
    meeting_scope as meeting_scope,
)
from coalition.access.tables import public_campaign_scope as public_campaign_scope  # noqa: E402
from coalition.access.tables import session_scope as session_scope  # noqa: E402
from coalition.access.tables import (  # noqa: E402
    table_scope as table_scope,
)
