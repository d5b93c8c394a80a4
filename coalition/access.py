"""The access policy: the one place that answers "may this user do X?" and "which objects may they see?".

It follows docs/access.md, "Who may see what". Selectors call the `*_scope` functions for every list and
lookup; services call the `may_*` checks again, because tasks and commands run without a request.
Outside a user's reach an object does not exist: `get_in_scope` raises `OutOfReach`, which the
middleware answers with 404, never 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Expression

    from campaigns.models import Bill, Campaign, Legislator, Resource
    from coalition.models import CoalitionTable, Organization, Region, TableMeeting, User
    from events.models import RSVP, Event, RSVPReview
    from leadership.models import AdvancementSuggestion, Mentorship
    from members.models import ImportJob, Person
    from stories.models import Story

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser

M = TypeVar("M", bound=models.Model)


class OutOfReach(Exception):
    """The object does not exist for this actor. Views answer 404; nothing reveals that it exists."""


def signed_in(actor: Actor | None) -> User | None:
    """The actor as an active account; None for a visitor who is not signed in and for a deactivated account."""
    from coalition.models import User

    if isinstance(actor, User) and actor.is_active:
        return actor
    return None


def _role(actor: Actor | None) -> str | None:
    user = signed_in(actor)
    return None if user is None else user.role


# The role checks are type guards: when one answers yes, the actor is an active account.
def is_staff_or_admin(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) in ("admin", "staff")


def is_admin(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == "admin"


def is_organizer(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == "organizer"


def is_partner(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == "partner"


def is_member(actor: Actor | None) -> TypeGuard[User]:
    return _role(actor) == "member"


def works_with_people(actor: Actor | None) -> TypeGuard[User]:
    """Admins, staff and regional organizers work with people's records."""
    return _role(actor) in ("admin", "staff", "organizer")


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
    if user is None:
        return qs.none()
    if user.role in ("admin", "staff"):
        return qs
    if user.role == "organizer":
        return qs.filter(organizer_turf(user))
    if user.role == "member" and user.person_id:
        return qs.filter(pk=user.person_id)
    return qs.none()


def people_in_reach(actor: Actor | None, person_ids: Iterable[int | None]) -> set[int]:
    """Which of these people the actor may see: for pages that show people through another record (a mentor,
    a recruiter) and name only those in reach. One query, none for staff and admins."""
    wanted = {pk for pk in person_ids if pk is not None}
    if not wanted or is_staff_or_admin(actor):
        return wanted
    return set(person_scope(actor).filter(pk__in=wanted).values_list("pk", flat=True))


def may_change_person(actor: Actor | None, person: Person) -> bool:
    """Staff, admins and the organizers who may see the person change their record."""
    if not works_with_people(actor):
        return False
    return person_scope(actor).filter(pk=person.pk).exists()


def may_change_contact(actor: Actor | None, person: Person) -> bool:
    """How to reach someone (phones, email, consent): whoever may change the record, and the member themself."""
    user = signed_in(actor)
    if user is not None and user.role == "member":
        return user.person_id is not None and user.person_id == person.pk
    return may_change_person(actor, person)


def may_view_sensitive(actor: Actor | None, person: Person) -> bool:
    """Sensitive facts: staff and admins; the person's own regional organizer; the member themself."""
    user = signed_in(actor)
    if user is None:
        return False
    if user.role in ("admin", "staff"):
        return True
    if user.role == "organizer":
        return person.region_id is not None and person.region_id == user.region_id
    if user.role == "member":
        return user.person_id == person.pk
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

    user = signed_in(actor)
    if user is None:
        return Organization.objects.none()
    if user.role in ("admin", "staff", "organizer"):
        return Organization.objects.all()
    if user.role == "partner" and user.organization_id is not None:
        return Organization.objects.filter(pk=user.organization_id)
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


def people_work_scope_parts(actor: Actor | None) -> list[QuerySet[Person]]:
    """`people_work_scope` as disjoint pieces whose union is exactly it, each one an index can serve in name order
    (the people list merges them page by page): one piece for staff; for an organizer their region's people,
    then the people assigned to them outside it.
    """
    from members.models import Person

    user = signed_in(actor)
    if user is None or user.role != "organizer":
        return [people_work_scope(actor)]
    in_region = Q(region_id=user.region_id)
    return [Person.objects.filter(in_region), Person.objects.filter(assigned_organizer_id=user.pk).exclude(in_region)]


def may_log_contact(actor: Actor | None, person: Person) -> bool:
    """Logging a contact or a follow-up: whoever may change the person's record."""
    return may_change_person(actor, person)


def import_job_scope(actor: Actor | None) -> QuerySet[ImportJob]:
    """CSV imports: staff and admins see every import; an organizer sees their own."""
    from members.models import ImportJob

    user = signed_in(actor)
    if user is None:
        return ImportJob.objects.none()
    if user.role in ("admin", "staff"):
        return ImportJob.objects.all()
    if user.role == "organizer":
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
    if user is None:
        return CoalitionTable.objects.none()
    if user.role in ("admin", "staff", "organizer"):
        return CoalitionTable.objects.all()
    if user.role == "partner" and user.organization_id is not None:
        return CoalitionTable.objects.filter(
            pk__in=CoalitionTable.objects.filter(
                seats__organization_id=user.organization_id, seats__left_on__isnull=True
            ).values("pk")
        )
    return CoalitionTable.objects.none()


def may_read_tables(actor: Actor | None) -> bool:
    return _role(actor) in ("admin", "staff", "organizer", "partner")


def may_manage_tables(actor: Actor | None) -> bool:
    """Seats, representatives, meetings, attendance and action items: staff and admins."""
    return is_staff_or_admin(actor)


def meeting_scope(actor: Actor | None) -> QuerySet[TableMeeting]:
    """Meetings of the tables the actor may see."""
    from coalition.models import TableMeeting

    return TableMeeting.objects.filter(table__in=table_scope(actor))


def may_read_campaigns(actor: Actor | None) -> bool:
    """Campaigns, goals, bills, legislators and whip counts: staff, admins and organizers."""
    return works_with_people(actor)


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

    return Event.objects.all() if works_with_people(actor) else Event.objects.none()


def may_create_event(actor: Actor | None) -> bool:
    return works_with_people(actor)


def may_manage_event(actor: Actor | None, event: Event) -> bool:
    """Editing, cancelling, buses and reminders: staff and admins; organizers for events in their region."""
    user = signed_in(actor)
    if user is None:
        return False
    if user.role in ("admin", "staff"):
        return True
    return user.role == "organizer" and event.region_id is not None and event.region_id == user.region_id


def rsvp_scope(actor: Actor | None, event: Event | None = None) -> QuerySet[RSVP]:
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


def may_review_public_rsvps(actor: Actor | None) -> bool:
    """Deciding whose a public RSVP is when its phone or email belongs to someone under another name: staff."""
    return is_staff_or_admin(actor)


def rsvp_review_scope(actor: Actor | None) -> QuerySet[RSVPReview]:
    """The public RSVPs waiting for (or decided by) staff; nobody else sees that such a submission came in."""
    from events.models import RSVPReview

    return RSVPReview.objects.all() if may_review_public_rsvps(actor) else RSVPReview.objects.none()


# Leadership development, stories, resources ---------------------------------------------------------

def may_view_development(actor: Actor | None, person: Person) -> bool:
    """A person's development page: staff and admins, organizers who may see the person (their organizer)."""
    return works_with_people(actor) and person_scope(actor).filter(pk=person.pk).exists()


def may_manage_development(actor: Actor | None, person: Person) -> bool:
    """Stage moves, completions, milestones, mentorships and suggestions: whoever may change the person."""
    return may_change_person(actor, person)


def may_manage_ladder(actor: Actor | None) -> bool:
    """Stages, their criteria and the training catalogue: admins (docs/access.md)."""
    return is_admin(actor)


def pipeline_regions(actor: Actor | None) -> QuerySet[Region] | None:
    """Regions whose pipeline the actor may open; None means every region and the statewide view."""
    from coalition.models import Region

    user = signed_in(actor)
    if user is not None and user.role in ("admin", "staff"):
        return None
    if user is not None and user.role == "organizer" and user.region_id is not None:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def suggestion_scope(actor: Actor | None) -> QuerySet[AdvancementSuggestion]:
    """Advancement suggestions about people the actor may see."""
    from leadership.models import AdvancementSuggestion

    if not works_with_people(actor):
        return AdvancementSuggestion.objects.none()
    return AdvancementSuggestion.objects.filter(person__in=person_scope(actor))


def mentorship_scope(actor: Actor | None) -> QuerySet[Mentorship]:
    """Mentorships whose mentee or mentor the actor may see and work with."""
    from leadership.models import Mentorship

    user = signed_in(actor)
    if user is None or not works_with_people(user):
        return Mentorship.objects.none()
    if is_staff_or_admin(user):
        return Mentorship.objects.all()
    return Mentorship.objects.filter(organizer_turf(user, "mentee__") | organizer_turf(user, "mentor__"))


# Stories: the one consent rule. Every list, page and export of stories goes through story_scope.
STORY_AUDIENCES = ("internal", "partners", "media", "public")


def story_audiences(actor: Actor | None) -> tuple[str, ...]:
    """The audiences an actor may read stories for: staff and organizers may also preview the narrower ones."""
    role = _role(actor)
    if role in ("admin", "staff", "organizer"):
        return STORY_AUDIENCES
    if role == "partner":
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

    role = _role(actor)
    if role in ("admin", "staff"):
        return Resource.objects.all()
    if role == "organizer":
        return Resource.objects.exclude(audience=Resource.Audience.STAFF)
    if role == "partner":
        tables = table_scope(actor)
        return Resource.objects.filter(
            Q(audience=Resource.Audience.PUBLIC)
            | Q(audience=Resource.Audience.PARTNERS, table__in=tables)
            | Q(audience=Resource.Audience.PARTNERS, campaign__tables__in=tables)
        ).distinct()
    if role == "member":
        return Resource.objects.filter(audience=Resource.Audience.PUBLIC)
    return Resource.objects.none()


def may_read_resources(actor: Actor | None) -> bool:
    return _role(actor) is not None


def may_upload_resources(actor: Actor | None) -> bool:
    """Staff, admins and organizers share documents."""
    return works_with_people(actor)


def may_change_resource(actor: Actor | None, resource: Resource) -> bool:
    """Staff and admins change any resource; an organizer the ones they uploaded."""
    user = signed_in(actor)
    if user is None:
        return False
    if is_staff_or_admin(user):
        return True
    return user.role == "organizer" and resource.uploaded_by_id == user.pk
