"""Every read of the coalition's own records. The first argument is the actor; the policy scopes it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from coalition import access
from coalition.access import OutOfReach
from coalition.filters import AuditFilter, OrganizationFilter
from coalition.models import AuditEntry, Organization, Region
from coalition.pickers import Choice

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from coalition.access import Actor
    from coalition.models import (
        ActionItem,
        CoalitionTable,
        MeetingAttendance,
        SeatRepresentative,
        TableMeeting,
        TableSeat,
    )


def region_list(*, actor: Actor) -> QuerySet[Region]:
    """Regions with their county and organizer counts, for anyone who works with people."""
    return access.region_scope(actor).annotate(
        county_count=Count("counties", distinct=True), organizer_count=Count("organizers", distinct=True)
    ).prefetch_related("counties")


def region_get(*, actor: Actor, slug: str) -> Region:
    """One region by its short name, or OutOfReach."""
    return access.get_in_scope(access.region_scope(actor).prefetch_related("counties"), slug=slug)


def organization_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> OrganizationFilter:
    """Organizations the actor may see, filtered (name, kind, region); `.qs` is the list, `.form` the filter form."""
    qs = access.organization_scope(actor).select_related("region").order_by("name")
    return OrganizationFilter(filters or None, queryset=qs)


def organization_get(*, actor: Actor, pk: int | str) -> Organization:
    """One organization the actor may see, or OutOfReach."""
    return access.get_in_scope(access.organization_scope(actor).select_related("region"), pk=pk)


def _organization_choices(organizations: list[Organization]) -> list[Choice]:
    choices = []
    for org in organizations:
        detail = [part for part in (org.short_name, org.region.name if org.region else "") if part]
        choices.append(Choice(pk=org.pk, label=org.name, detail=" · ".join(detail)))
    return choices


def organization_pick(*, actor: Actor | None, query: str, scope: QuerySet[Organization] | None = None,
                      limit: int = 10) -> list[Choice]:
    """The organizations a picker offers for what was typed (name or short name): names that start with it
    first, then names that contain it. For those who work with people; inside `scope`. One query."""
    query = query.strip()
    if not access.may_work_with_people(actor) or not query:
        return []
    allowed = access.organization_scope(actor)
    if scope is not None:
        allowed = allowed & scope
    words = Q()
    for word in query.split():
        words &= Q(name__icontains=word) | Q(short_name__icontains=word)
    ranked = allowed.filter(words).annotate(pick_rank=Case(
        When(Q(short_name__iexact=query) | Q(name__iexact=query), then=Value(0)),
        When(Q(name__istartswith=query) | Q(short_name__istartswith=query), then=Value(1)),
        default=Value(2), output_field=IntegerField()))
    found = ranked.select_related("region").order_by("pick_rank", "name", "id")[:limit]
    return _organization_choices(list(found))


def organization_pick_describe(*, actor: Actor | None, ids: Any,
                               scope: QuerySet[Organization] | None = None) -> list[Choice]:
    """The chosen organizations of a picker, named as its search names them; ids outside the scope left out."""
    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    if not wanted:
        return []
    allowed = access.organization_scope(actor) if scope is None else scope
    by_id = {org.pk: org for org in allowed.filter(pk__in=wanted).select_related("region")}
    return _organization_choices([by_id[pk] for pk in wanted if pk in by_id])


def audit_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> AuditFilter:
    """The audit log, newest first, for admins only; filter by action, who, kind of record and date."""
    if not access.may_read_audit_log(actor):
        raise OutOfReach("audit")
    qs = AuditEntry.objects.select_related("actor", "content_type")
    return AuditFilter(filters or None, queryset=qs)


def health_status() -> dict[str, Any]:
    """The state of the database and, where configured, the broker. Used by /healthz; no actor."""
    from django.conf import settings

    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure means unhealthy; the reason is reported
        status["database"] = {"ok": False, "error": exc.__class__.__name__}
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            client.ping()
            status["broker"] = {"ok": True, "kind": "redis"}
        except Exception as exc:
            status["broker"] = {"ok": False, "kind": "redis", "error": exc.__class__.__name__}
    else:
        status["broker"] = {"ok": True, "kind": "filesystem", "configured": False}
    status["ok"] = all(part["ok"] for part in status.values() if isinstance(part, dict))
    return status


# Coalition tables and meetings ------------------------------------------------------------------------

def table_list(*, actor: Actor) -> QuerySet[CoalitionTable]:
    """Tables the actor may see, with their current seat counts."""
    from django.db.models import Q

    return access.table_scope(actor).annotate(
        seat_count=Count("seats", filter=Q(seats__left_on__isnull=True), distinct=True)
    ).order_by("name")


def table_get(*, actor: Actor, slug: str) -> CoalitionTable:
    """One table the actor may see, or OutOfReach."""
    return access.get_in_scope(access.table_scope(actor), slug=slug)


class _RosterSeat(TypedDict):
    current_representatives: list[SeatRepresentative]
    role_order: int


def table_roster(
    *, actor: Actor, table: CoalitionTable
) -> dict[str, list[WithAnnotations[TableSeat, _RosterSeat]]]:
    """The roster: current seats (chairs first) with current representatives, and former members.

    Only public contact details are loaded: the organization's public phone, email and website and the
    representative's name. A constant number of queries.
    """
    from django.db.models import Case, IntegerField, Prefetch, Value, When

    from coalition.models import SeatRepresentative, TableSeat

    access.get_in_scope(access.table_scope(actor), pk=table.pk)
    role_order = Case(
        When(role=TableSeat.Role.CHAIR, then=Value(0)), When(role=TableSeat.Role.MEMBER, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    current_reps = Prefetch(
        "representatives",
        queryset=SeatRepresentative.objects.filter(until__isnull=True).select_related("person").only(
            "id", "seat_id", "since", "until", "person__id", "person__first_name", "person__last_name",
            "person__preferred_name",
        ),
        to_attr="current_representatives",
    )
    seats = list(
        TableSeat.objects.filter(table=table).select_related("organization").prefetch_related(current_reps)
        .annotate(role_order=role_order).order_by("role_order", "organization__name")
    )
    return {
        "current": [s for s in seats if s.left_on is None],
        "former": sorted((s for s in seats if s.left_on is not None), key=lambda s: s.left_on or date.min,
                         reverse=True),
    }


def table_meetings(*, actor: Actor, table: CoalitionTable) -> QuerySet[TableMeeting]:
    """A table's meetings, newest first, with attendance counts."""
    return access.meeting_scope(actor).filter(table=table).annotate(
        attendance_count=Count("attendance", distinct=True)
    ).order_by("-starts_at")


def table_meeting_get(*, actor: Actor, pk: int | str) -> TableMeeting:
    """One meeting the actor may see (with its table), or OutOfReach."""
    return access.get_in_scope(access.meeting_scope(actor).select_related("table"), pk=pk)


class MeetingDetail(TypedDict):
    attendance: list[MeetingAttendance]
    action_items: list[ActionItem]


def table_meeting_detail(*, actor: Actor, meeting: TableMeeting) -> MeetingDetail:
    """Attendance (with organizations) and action items (with owners) of a meeting."""
    from coalition.models import ActionItem, MeetingAttendance

    attendance = list(
        MeetingAttendance.objects.filter(meeting=meeting).select_related("person", "organization")
        .order_by("organization__name", "person__last_name", "guest_name")
    )
    items = list(ActionItem.objects.filter(meeting=meeting).select_related("owner").order_by("done_at", "due_on"))
    return {"attendance": attendance, "action_items": items}


def table_seat_get(*, actor: Actor, pk: int | str) -> TableSeat:
    """A seat at a table the actor may see."""
    from coalition.models import TableSeat

    return access.get_in_scope(
        TableSeat.objects.filter(table__in=access.table_scope(actor)).select_related("table", "organization"), pk=pk
    )


def table_representatives_at(*, actor: Actor, meeting: TableMeeting) -> list[SeatRepresentative]:
    """The representatives of the organizations seated at the meeting's table: the attendance checklist."""
    from coalition.models import SeatRepresentative

    access.get_in_scope(access.meeting_scope(actor), pk=meeting.pk)
    return list(
        SeatRepresentative.objects.filter(seat__table_id=meeting.table_id, seat__left_on__isnull=True,
                                          until__isnull=True)
        .select_related("person", "seat__organization").order_by("seat__organization__name", "person__last_name")
    )


def action_item_get(*, actor: Actor, pk: int | str) -> ActionItem:
    """An action item its owner or staff may act on (access.action_item_scope), or OutOfReach."""
    return access.get_in_scope(access.action_item_scope(actor).select_related("meeting__table"), pk=pk)


def action_items_open(*, actor: Actor) -> list[ActionItem]:
    """The actor's own open action items they may act on, soonest due first (the home panel)."""
    user = access.signed_in(actor)
    if user is None:
        return []
    return list(access.action_item_scope(user).filter(owner=user, done_at__isnull=True)
                .select_related("meeting__table").order_by("due_on", "id")[:20])
