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

def organizer_turf(actor: Actor, path: str = "") -> Q:
    """An organizer's turf as a condition on a person reached through `path` (e.g. "mentee__"): people of
    their region and people assigned to them. The one definition; filtering on the joined columns (not
    `IN (subquery)`) lets PostgreSQL use the person indexes."""
    return Q(**{f"{path}region_id": actor.region_id}) | Q(**{f"{path}assigned_organizer_id": actor.pk})  # type: ignore[union-attr]


def person_scope(actor: Actor | None, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people this actor may see: all for staff, own region and own assignments for organizers, self for members."""
    from members.models import Person

    qs = Person.objects.all() if queryset is None else queryset
    role = _role(actor)
    if role in ("admin", "staff"):
        return qs
    if role == "organizer":
        return qs.filter(organizer_turf(actor))
    if role == "member" and actor.person_id:  # type: ignore[union-attr]
        return qs.filter(pk=actor.person_id)  # type: ignore[union-attr]
    return qs.none()


def may_change_person(actor: Actor | None, person: Person) -> bool:
    """Staff, admins and the organizers who may see the person change their record."""
    if not works_with_people(actor):
        return False
    return person_scope(actor).filter(pk=person.pk).exists()


def may_change_contact(actor: Actor | None, person: Person) -> bool:
    """How to reach someone (phones, email, consent): whoever may change the record, and the member themself."""
    if is_member(actor):
        return actor.person_id is not None and actor.person_id == person.pk  # type: ignore[union-attr]
    return may_change_person(actor, person)


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


def people_work_scope_parts(actor: Actor | None) -> list[QuerySet[Person]]:
    """`people_work_scope` as disjoint pieces whose union is exactly it, each one an index can serve in name order
    (the people list merges them page by page): one piece for staff; for an organizer their region's people,
    then the people assigned to them outside it.
    """
    from members.models import Person

    if not is_organizer(actor):
        return [people_work_scope(actor)]
    in_region = Q(region_id=actor.region_id)  # type: ignore[union-attr]
    return [Person.objects.filter(in_region),
            Person.objects.filter(assigned_organizer_id=actor.pk).exclude(in_region)]  # type: ignore[union-attr]


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



# Leadership development, stories, resources (issue 6) ---------------------------------------------------

def may_view_development(actor: Actor | None, person: Person) -> bool:
    """A person's development page: staff and admins, organizers who may see the person (their organizer)."""
    return works_with_people(actor) and person_scope(actor).filter(pk=person.pk).exists()


def may_manage_development(actor: Actor | None, person: Person) -> bool:
    """Stage moves, completions, milestones, mentorships and suggestions: whoever may change the person."""
    return may_change_person(actor, person)


def may_manage_ladder(actor: Actor | None) -> bool:
    """Stages, their criteria and the training catalogue: admins (DOMAIN.md)."""
    return is_admin(actor)


def pipeline_regions(actor: Actor | None) -> QuerySet[Region] | None:
    """Regions whose pipeline the actor may open; None means every region and the statewide view."""
    from coalition.models import Region

    role = _role(actor)
    if role in ("admin", "staff"):
        return None
    if role == "organizer":
        return Region.objects.filter(pk=actor.region_id)  # type: ignore[union-attr]
    return Region.objects.none()


def suggestion_scope(actor: Actor | None) -> QuerySet[Any]:
    """Advancement suggestions about people the actor may see."""
    from leadership.models import AdvancementSuggestion

    if not works_with_people(actor):
        return AdvancementSuggestion.objects.none()
    return AdvancementSuggestion.objects.filter(person__in=person_scope(actor))


def mentorship_scope(actor: Actor | None) -> QuerySet[Any]:
    """Mentorships whose mentee or mentor the actor may see and work with."""
    from leadership.models import Mentorship

    if not works_with_people(actor):
        return Mentorship.objects.none()
    if is_staff_or_admin(actor):
        return Mentorship.objects.all()
    return Mentorship.objects.filter(organizer_turf(actor, "mentee__") | organizer_turf(actor, "mentor__"))


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


def story_scope(actor: Actor | None, audience: str = "internal") -> QuerySet[Any]:
    """Stories this actor may read for this audience. Revoked or expired consent hides a story everywhere.

    A story's reach is the narrower of its own consent level and the person's current story-sharing level.
    internal: staff see all; organizers their people's stories and others' at partners level or wider;
    partners: partners level or wider; media: media anonymous or wider, the name hidden (`show_name` false)
    for media anonymous; public: public only.
    """
    from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Value, When
    from django.db.models.functions import Least
    from django.utils import timezone

    from members.models import STORY_LEVEL_RANK, Story

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
    anonymous = rank["media_anonymous"]
    if audience == "internal":
        if not is_staff_or_admin(actor):
            qs = qs.filter(Q(person__in=person_scope(actor)) | Q(reach__gte=rank["partners"]))
        show_name: Any = Value(True)
    elif audience == "partners":
        qs = qs.filter(reach__gte=rank["partners"])
        show_name = Value(True)
    elif audience == "media":
        qs = qs.filter(reach__gte=anonymous)
        show_name = ExpressionWrapper(~Q(reach=anonymous), output_field=BooleanField())
    else:
        qs = qs.filter(reach__gte=rank["public"])
        show_name = Value(True)
    return qs.annotate(show_name=show_name)


def may_manage_stories(actor: Actor | None, person: Person) -> bool:
    """Recording a story, its consent and appearances: whoever may change the person."""
    return may_change_person(actor, person)


# Resources: documents for a campaign or a table, shared with an audience.
def resource_scope(actor: Actor | None) -> QuerySet[Any]:
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


def may_change_resource(actor: Actor | None, resource: Any) -> bool:
    """Staff and admins change any resource; an organizer the ones they uploaded."""
    if is_staff_or_admin(actor):
        return True
    return is_organizer(actor) and resource.uploaded_by_id == actor.pk  # type: ignore[union-attr]
