"""Every read of coalition tables, seats, representatives, meetings and action items. The first argument is the
actor; each read starts from a scope of the policy (coalition.access.tables). Import these from
coalition.selectors."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from coalition import access
from coalition.filters import TableFilter
from coalition.models import (
    ActionItem,
    CoalitionTable,
    MeetingAttendance,
    MeetingRevision,
    Organization,
    SeatRepresentative,
    SeatRoleChange,
    TableMeeting,
    TableSeat,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from coalition.access import Actor

# Only the public parts of a representative: their name. Never their contact details or anything private.
_PERSON_NAME = ("person__id", "person__first_name", "person__last_name", "person__preferred_name",
                "person__forgotten_at")


def _representatives(*, current: bool, to_attr: str, path: str = "representatives") -> Prefetch[Any]:
    return Prefetch(
        path,
        queryset=SeatRepresentative.objects.filter(until__isnull=current).select_related("person")
        .only("id", "seat_id", "since", "until", *_PERSON_NAME).order_by("since", "id"),
        to_attr=to_attr,
    )


def table_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> TableFilter:
    """Tables the actor may see, open ones by default (TableFilter), with their current seat counts, their chairs
    and campaigns; `.qs` is the list, `.form` the filter form. A constant number of queries."""
    chairs = Prefetch(
        "seats", queryset=TableSeat.objects.filter(role=TableSeat.Role.CHAIR, left_on__isnull=True)
        .select_related("organization").order_by("organization__name"), to_attr="chair_seats",
    )
    qs = access.table_scope(actor).annotate(
        seat_count=Count("seats", filter=Q(seats__left_on__isnull=True), distinct=True)
    ).prefetch_related(chairs, "campaigns").order_by("name")
    return TableFilter(filters if filters is not None else {}, queryset=qs)


def table_get(*, actor: Actor, slug: str) -> CoalitionTable:
    """One table the actor may see (closed ones too), or OutOfReach."""
    return access.get_in_scope(access.table_scope(actor).prefetch_related("campaigns"), slug=slug)


class _RosterSeat(TypedDict):
    current_representatives: list[SeatRepresentative]
    past_representatives: list[SeatRepresentative]
    role_history: list[SeatRoleChange]
    role_order: int


def table_roster(
    *, actor: Actor, table: CoalitionTable
) -> dict[str, list[WithAnnotations[TableSeat, _RosterSeat]]]:
    """The roster: current seats (chairs first) with current and past representatives and their role history,
    and former members. Only public contact details are loaded: the organization's public phone, email and
    website and the representative's name. A constant number of queries."""
    access.get_in_scope(access.table_scope(actor), pk=table.pk)
    role_order = Case(
        When(role=TableSeat.Role.CHAIR, then=Value(0)), When(role=TableSeat.Role.MEMBER, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    history = Prefetch("role_changes", queryset=SeatRoleChange.objects.order_by("changed_on", "id"),
                       to_attr="role_history")
    seats = cast("list[WithAnnotations[TableSeat, _RosterSeat]]", list(
        TableSeat.objects.filter(table=table).select_related("organization")
        .prefetch_related(_representatives(current=True, to_attr="current_representatives"),
                          _representatives(current=False, to_attr="past_representatives"), history)
        .annotate(role_order=role_order).order_by("role_order", "organization__name")
    ))
    return {
        "current": [s for s in seats if s.left_on is None],
        "former": sorted((s for s in seats if s.left_on is not None), key=lambda s: s.left_on or date.min,
                         reverse=True),
    }


def table_meetings(*, actor: Actor, table: CoalitionTable) -> QuerySet[TableMeeting]:
    """A table's meetings, newest first, with attendance counts (cancelled ones too, marked)."""
    return access.meeting_scope(actor).filter(table=table).annotate(
        attendance_count=Count("attendance", distinct=True)
    ).order_by("-starts_at")


def table_meeting_get(*, actor: Actor, pk: int | str) -> TableMeeting:
    """One meeting the actor may see (with its table), or OutOfReach."""
    return access.get_in_scope(access.meeting_scope(actor).select_related("table"), pk=pk)


class MeetingDetail(TypedDict):
    attendance: list[MeetingAttendance]
    action_items: list[ActionItem]
    revisions: list[MeetingRevision]


def table_meeting_detail(*, actor: Actor, meeting: TableMeeting, revisions: int = 10) -> MeetingDetail:
    """Attendance (with organizations), action items (with owners) and the latest revisions (with who made
    them) of a meeting the actor may see. Three queries."""
    access.get_in_scope(access.meeting_scope(actor), pk=meeting.pk)
    attendance = list(
        MeetingAttendance.objects.filter(meeting=meeting).select_related("person", "organization")
        .order_by("organization__name", "person__last_name", "guest_name")
    )
    items = list(ActionItem.objects.filter(meeting=meeting).select_related("owner").order_by("done_at", "due_on"))
    history = list(MeetingRevision.objects.filter(meeting=meeting).select_related("actor")
                   .order_by("-at", "-id")[:revisions])
    return {"attendance": attendance, "action_items": items, "revisions": history}


def table_seat_get(*, actor: Actor, pk: int | str) -> TableSeat:
    """A seat at a table the actor may see."""
    return access.get_in_scope(
        TableSeat.objects.filter(table__in=access.table_scope(actor)).select_related("table", "organization"), pk=pk
    )


def table_representative_get(*, actor: Actor, pk: int | str) -> SeatRepresentative:
    """A representative at a table the actor may see, with their seat, or OutOfReach."""
    return access.get_in_scope(
        SeatRepresentative.objects.filter(seat__table__in=access.table_scope(actor))
        .select_related("person", "seat__table", "seat__organization"), pk=pk,
    )


def table_representatives_at(*, actor: Actor, meeting: TableMeeting) -> list[SeatRepresentative]:
    """The attendance checklist: the representatives of the organizations seated at the meeting's table on the
    day of the meeting (so attendance can be taken long afterwards), and anyone already marked present."""
    access.get_in_scope(access.meeting_scope(actor), pk=meeting.pk)
    day = meeting.starts_at.date()
    present = MeetingAttendance.objects.filter(meeting=meeting, person__isnull=False).values("person_id")
    on_the_day = (Q(seat__joined_on__lte=day) & (Q(seat__left_on__isnull=True) | Q(seat__left_on__gte=day))
                  & Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day)))
    current = Q(seat__left_on__isnull=True, until__isnull=True)
    reps = list(
        SeatRepresentative.objects.filter(seat__table_id=meeting.table_id)
        .filter(on_the_day | current | Q(person_id__in=present))
        .select_related("person", "seat__organization").order_by("seat__organization__name", "person__last_name",
                                                                 "-since")
    )
    seen: set[int] = set()
    unique = []
    for rep in reps:  # one line per person, their latest seat first
        if rep.person_id not in seen:
            seen.add(rep.person_id)
            unique.append(rep)
    return unique


def action_item_get(*, actor: Actor, pk: int | str) -> ActionItem:
    """An action item its owner or staff may act on (access.action_item_scope), or OutOfReach."""
    return access.get_in_scope(access.action_item_scope(actor).select_related("meeting__table", "owner"), pk=pk)


def action_items_open(*, actor: Actor) -> list[ActionItem]:
    """The actor's own open action items they may act on, soonest due first (the home panel)."""
    user = access.signed_in(actor)
    if user is None:
        return []
    return list(access.action_item_scope(user).filter(owner=user, done_at__isnull=True)
                .select_related("meeting__table").order_by("due_on", "id")[:20])


class OrganizationTables(TypedDict):
    current_seats: list[TableSeat]
    past_seats: list[TableSeat]
    chairs: list[TableSeat]
    current_representatives: list[SeatRepresentative]
    past_representatives: list[SeatRepresentative]


def organization_tables(*, actor: Actor, organization: Organization) -> OrganizationTables:
    """An organization's seats (current and past, with table, role and dates), the tables it chairs, and the
    people who represent or represented it, at the tables the actor may see. Two queries."""
    seats = list(
        TableSeat.objects.filter(organization=organization, table__in=access.table_scope(actor))
        .select_related("table").order_by("table__name", "-joined_on")
    )
    reps = list(
        SeatRepresentative.objects.filter(seat__organization=organization,
                                          seat__table__in=access.table_scope(actor))
        .select_related("person", "seat__table").only("id", "seat_id", "since", "until", "seat__table__name",
                                                      "seat__table__name_es", "seat__table__slug", "seat__id",
                                                      *_PERSON_NAME)
        .order_by("-since", "id")
    )
    current = [s for s in seats if s.left_on is None]
    return {
        "current_seats": current,
        "past_seats": sorted((s for s in seats if s.left_on is not None), key=lambda s: s.left_on or date.min,
                             reverse=True),
        "chairs": [s for s in current if s.role == TableSeat.Role.CHAIR],
        "current_representatives": [r for r in reps if r.until is None],
        "past_representatives": [r for r in reps if r.until is not None],
    }
