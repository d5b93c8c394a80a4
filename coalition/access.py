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
    from django.db.models import Expression

    from campaigns.models import Bill, Campaign, Legislator, Resource
    from coalition.models import ActionItem, CoalitionTable, Organization, Region, TableMeeting
    from events.models import RSVP, Event, RSVPReview
    from leadership.models import AdvancementSuggestion, Mentorship
    from members.models import ImportJob, Person
    from stories.models import Story

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
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise OutOfReach(queryset.model.__name__) from exc


# People ---------------------------------------------------------------------------------------------

def organizer_turf(actor: User, path: str = "") -> Q:
    """An organizer's turf as a condition on a person reached through `path` (e.g. "mentee__"): people of
    their region and people assigned to them. The one definition; filtering on the joined columns (not
    `IN (subquery)`) lets PostgreSQL use the person indexes."""
    return Q(**{f"{path}region_id": actor.region_id}) | Q(**{f"{path}assigned_organizer_id": actor.pk})


def person_scope(actor: Actor | None, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people this actor may see: all for staff, own region and own assignments for organizers, self for members."""
    from members.models import Person

    qs = Person.objects.all() if queryset is None else queryset
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
    return Person.objects.filter(Q(region_id=user.region_id))


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


def may_read_audit_log(actor: Actor | None) -> bool:
    """The audit log: admins."""
    return is_admin(actor)


def organizer_scope(actor: Actor | None) -> QuerySet[User]:
    """Active regional organizers, for everyone who works with people: whom the people list may be filtered by.
    The same for every such actor, so one cached list of choices serves them all."""
    if not may_work_with_people(actor):
        return User.objects.none()
    return User.objects.filter(role=Role.ORGANIZER, is_active=True).order_by("first_name")


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
    return [own_region_people(user),
            Person.objects.filter(assigned_organizer_id=user.pk).exclude(Q(region_id=user.region_id))]


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
    return User.objects.filter(is_active=True, role__in=COALITION_ROLES).order_by("first_name", "last_name")


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


# Events, RSVPs, transport, check-in, the outbox (events and messaging apps) ----------------------------

def event_scope(actor: Actor | None) -> QuerySet[Event]:
    """Events in the app (not the public pages): everyone who works with people sees every event."""
    from events.models import Event

    return Event.objects.all() if may_work_with_people(actor) else Event.objects.none()


def may_create_event(actor: Actor | None) -> bool:
    """Planning an event: everyone who works with people (organizers in their own region: event_region_scope)."""
    return may_work_with_people(actor)


def may_create_statewide_event(actor: Actor | None) -> bool:
    """An event without a region is everyone's: staff and admins plan those."""
    return is_staff_or_admin(actor)


def event_region_scope(actor: Actor | None) -> QuerySet[Region]:
    """The regions the actor may plan an event in: any for staff and admins; an organizer only their own."""
    from coalition.models import Region

    user = signed_in(actor)
    if may_create_statewide_event(user):
        return Region.objects.all()
    if is_organizer(user) and user.region_id is not None:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def may_manage_event(actor: Actor | None, event: Event) -> bool:
    """Editing, cancelling, buses and reminders: staff and admins; organizers for events in their region."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return True
    return is_organizer(user) and event.region_id is not None and event.region_id == user.region_id


def rsvp_scope(actor: Actor | None, event: Event | None = None) -> QuerySet[RSVP]:
    """RSVPs whose person the actor may see (an organizer sees their region's people on a statewide roster)."""
    from events.models import RSVP

    qs = RSVP.objects.all() if event is None else RSVP.objects.filter(event=event)
    if not may_work_with_people(actor):
        return qs.none()
    if is_staff_or_admin(actor):
        return qs
    return qs.filter(person__in=person_scope(actor))


def may_manage_transport(actor: Actor | None) -> bool:
    """Manifests, moving people between buses, seats per region: staff and admins."""
    return is_staff_or_admin(actor)


def may_view_outbox(actor: Actor | None) -> bool:
    """The outbox (every message, its consent check and its result): staff and admins."""
    return is_staff_or_admin(actor)


def may_review_public_rsvps(actor: Actor | None) -> bool:
    """Deciding whose a public RSVP is when its phone or email belongs to someone under another name: staff."""
    return is_staff_or_admin(actor)


def rsvp_review_scope(actor: Actor | None) -> QuerySet[RSVPReview]:
    """The public RSVPs waiting for (or decided by) staff; nobody else sees that such a submission came in."""
    from events.models import RSVPReview

    return RSVPReview.objects.all() if may_review_public_rsvps(actor) else RSVPReview.objects.none()


# Leadership development, stories, resources ---------------------------------------------------------

def may_manage_development(actor: Actor | None, person: Person) -> bool:
    """Stage moves, completions, milestones, mentorships and suggestions: whoever may change the person."""
    return may_change_person(actor, person)


def may_manage_ladder(actor: Actor | None) -> bool:
    """Stages, their criteria and the training catalogue: admins (docs/access.md)."""
    return is_admin(actor)


def pipeline_regions(actor: Actor | None) -> QuerySet[Region] | None:
    """Regions whose pipeline the actor may open; None means every region and the statewide view. An organizer's
    own region is the only one, and the one their pipeline opens on."""
    from coalition.models import Region

    user = signed_in(actor)
    if is_staff_or_admin(user):
        return None
    if is_organizer(user) and user.region_id is not None:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def suggestion_scope(actor: Actor | None) -> QuerySet[AdvancementSuggestion]:
    """Advancement suggestions about people the actor may work with."""
    from leadership.models import AdvancementSuggestion

    if not may_work_with_people(actor):
        return AdvancementSuggestion.objects.none()
    return AdvancementSuggestion.objects.filter(person__in=person_scope(actor))


def mentorship_scope(actor: Actor | None) -> QuerySet[Mentorship]:
    """Mentorships whose mentee or mentor the actor may see and work with."""
    from leadership.models import Mentorship

    user = signed_in(actor)
    if not may_work_with_people(user):
        return Mentorship.objects.none()
    if is_staff_or_admin(user):
        return Mentorship.objects.all()
    return Mentorship.objects.filter(organizer_turf(user, "mentee__") | organizer_turf(user, "mentor__"))


def mentorship_check_in_scope(actor: Actor | None) -> QuerySet[Mentorship]:
    """Mentorships whose check-ins are the actor's to keep (the overdue panel): for an organizer those whose
    mentee is on their turf, not those where only the mentor is; every one for staff and admins."""
    scope = mentorship_scope(actor)
    user = signed_in(actor)
    return scope.filter(organizer_turf(user, "mentee__")) if has_turf(user) else scope


# Stories: the one consent rule. Every list, page and export of stories goes through story_scope.
STORY_AUDIENCES = ("internal", "partners", "media", "public")


def story_audiences(actor: Actor | None) -> tuple[str, ...]:
    """The audiences an actor may read stories for: staff and organizers may also preview the narrower ones."""
    if may_work_with_people(actor):
        return STORY_AUDIENCES
    if is_partner(actor):
        return ("partners", "media", "public")
    return ()


def story_names_teller(actor: Actor | None, audience: str) -> Expression:
    """The one anonymity rule, as a boolean expression on stories: may this actor, reading for this audience, see
    who told the story? A story is anonymous when its consent or its teller's story-sharing level is "media,
    anonymous"; only staff, admins and the teller's own organizer (their turf) see that name, and only reading
    internally: every other audience is what leaves the coalition. Pages, exports and details all read it."""
    from django.db.models import BooleanField, ExpressionWrapper, Value

    from members.models import StorySharing

    if audience == "internal" and is_staff_or_admin(actor):
        return Value(True)
    anonymous = Q(consent_level=StorySharing.MEDIA_ANONYMOUS) | Q(person__story_sharing=StorySharing.MEDIA_ANONYMOUS)
    named = ~anonymous
    if audience == "internal" and is_organizer(actor):
        named |= organizer_turf(actor, "person__")
    return ExpressionWrapper(named, output_field=BooleanField())


def story_scope(actor: Actor | None, audience: str = "internal") -> QuerySet[Story]:
    """Stories this actor may read for this audience. Revoked or expired consent hides a story everywhere.

    A story's reach is the narrower of its own consent level and the person's current story-sharing level.
    internal: staff see all; organizers their people's stories and others' at partners level or wider;
    partners: partners level or wider; media: media anonymous or wider; public: public only.
    `show_name` says whether the teller may be named (story_names_teller).
    """
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Least
    from django.utils import timezone

    from stories.models import STORY_LEVEL_RANK, Story

    if audience not in story_audiences(actor):
        return Story.objects.none()
    today = timezone.localdate()
    rank = {level.value: value for level, value in STORY_LEVEL_RANK.items()}

    def ranked(field: str) -> Case:
        return Case(*(When(**{field: level}, then=Value(value)) for level, value in rank.items()),
                    default=Value(0), output_field=IntegerField())

    qs = (
        Story.objects.filter(revoked_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .annotate(reach=Least(ranked("consent_level"), ranked("person__story_sharing")))
    )
    if audience == "internal":
        if not is_staff_or_admin(actor):
            qs = qs.filter(Q(person__in=person_scope(actor)) | Q(reach__gte=rank["partners"]))
    elif audience == "partners":
        qs = qs.filter(reach__gte=rank["partners"])
    elif audience == "media":
        qs = qs.filter(reach__gte=rank["media_anonymous"])
    else:
        qs = qs.filter(reach__gte=rank["public"])
    return qs.annotate(show_name=story_names_teller(actor, audience))


def may_manage_stories(actor: Actor | None, person: Person) -> bool:
    """Recording a story, its consent and appearances: whoever may change the person."""
    return may_change_person(actor, person)


# Resources: documents for a campaign or a table, shared with an audience.
def resource_scope(actor: Actor | None) -> QuerySet[Resource]:
    """Resources the actor may see: staff all; organizers all but staff-only; partners the partners-level and
    public ones of the tables where their organization has a current seat (directly or through a campaign);
    members the public ones."""
    from campaigns.models import Resource

    if is_staff_or_admin(actor):
        return Resource.objects.all()
    if is_organizer(actor):
        return Resource.objects.exclude(audience=Resource.Audience.STAFF)
    if is_partner(actor):
        tables = table_scope(actor)
        return Resource.objects.filter(
            Q(audience=Resource.Audience.PUBLIC)
            | Q(audience=Resource.Audience.PARTNERS, table__in=tables)
            | Q(audience=Resource.Audience.PARTNERS, campaign__tables__in=tables)
        ).distinct()
    if is_member(actor):
        return Resource.objects.filter(audience=Resource.Audience.PUBLIC)
    return Resource.objects.none()


def may_read_resources(actor: Actor | None) -> bool:
    """The resources page: everyone signed in (what each sees is resource_scope)."""
    return _role(actor) is not None


def may_upload_resources(actor: Actor | None) -> bool:
    """Staff, admins and organizers share documents."""
    return may_work_with_people(actor)


def may_change_resource(actor: Actor | None, resource: Resource) -> bool:
    """Staff and admins change any resource; an organizer the ones they uploaded."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return True
    return is_organizer(user) and resource.uploaded_by_id == user.pk
