"""The region and state dashboard: growth, contacts, events and turnout, the ladder's flow, over the viewer's
reach (staff may narrow it to a region). Each chart is one query; each comes with its numbers as rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition import access, charts
from coalition.db import on_reports_database
from reports.selectors.county_map import LEADER_ORDER

if TYPE_CHECKING:
    from coalition.access import Actor
    from coalition.models import Region

MONTHS = 12
WEEKS = 12
FLOW_DAYS = 90


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    chart: charts.Chart | None
    rows: list[tuple[str, int]]


def _day(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _months(today: datetime.date) -> list[datetime.date]:
    first = today.replace(day=1)
    months = []
    for _step in range(MONTHS):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _monthly(counted: dict[datetime.date, int], months: list[datetime.date]) -> list[tuple[str, int]]:
    return [(date_format(month, "M Y"), counted.get(month, 0)) for month in months]


def _chart(rows: list[tuple[str, int]], label_every: int = 2) -> charts.Chart:
    return charts.columns([charts.Point(label=label, value=value) for label, value in rows],
                          label_every=label_every)


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


@on_reports_database
def dashboard(*, actor: Actor, region: Region | None = None, today: datetime.date | None = None) -> list[Section]:
    """The dashboard's sections for the viewer's reach (an organizer's turf; staff the state, or one region).
    Raises OutOfReach for those who do not work with people. Eight queries, whatever the numbers."""
    from campaigns.metrics import goal_count_expression
    from campaigns.models import Campaign, Goal
    from events.models import Event
    from leadership.models import QuietFlag, StageMove
    from members.models import Interaction

    if not access.may_read_dashboards(actor):
        raise access.OutOfReach("dashboard")
    today = today or timezone.localdate()
    people = access.person_scope(actor)
    if region is not None:
        people = people.filter(region=region)
    months = _months(today)
    since = _start_of(months[0])

    joined = {_day(r["month"]): r["n"] for r in people.filter(created_at__gte=since).annotate(
        month=TruncMonth("created_at")).order_by().values("month").annotate(n=Count("pk"))}
    grown = _monthly(joined, months)
    leaders = {_day(r["month"]): r["n"] for r in StageMove.objects.filter(
        person__in=people, at__gte=since, to_stage__order__gte=LEADER_ORDER).filter(
        Q(from_stage__isnull=True) | Q(from_stage__order__lt=LEADER_ORDER)).annotate(
        month=TruncMonth("at")).order_by().values("month").annotate(n=Count("pk"))}
    new_leaders = _monthly(leaders, months)

    monday = today - datetime.timedelta(days=today.weekday())
    weeks = [monday - datetime.timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    contacts = Interaction.objects.filter(person__in=people, happened_at__gte=_start_of(weeks[0]))
    weekly = {_day(r["week"]): r["n"] for r in contacts.annotate(week=TruncWeek("happened_at")).order_by()
              .values("week").annotate(n=Count("pk"))}
    per_week = [(date_format(week, "n/j"), weekly.get(week, 0)) for week in weeks]
    per_organizer = [
        (f"{r['logged_by__first_name']} {r['logged_by__last_name']}".strip() or _("Nobody recorded"), r["n"])
        for r in contacts.order_by().values("logged_by__first_name", "logged_by__last_name")
        .annotate(n=Count("pk")).order_by("-n", "logged_by__first_name")
    ]

    events = Event.objects.filter(starts_at__gte=since).exclude(status=Event.Status.CANCELLED)
    if region is not None:
        events = events.filter(region=region)
    elif access.organizer_region(actor) is not None:
        events = events.filter(Q(region=access.organizer_region(actor)) | Q(region__isnull=True))
    turnout_rows = {_day(r["month"]): r for r in events.annotate(month=TruncMonth("starts_at")).order_by()
                    .values("month").annotate(n=Count("pk", distinct=True),
                                              came=Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False)))}
    held = _monthly({m: r["n"] for m, r in turnout_rows.items()}, months)
    came = _monthly({m: r["came"] for m, r in turnout_rows.items()}, months)

    flow_since = timezone.now() - datetime.timedelta(days=FLOW_DAYS)
    moves = StageMove.objects.filter(person__in=people, at__gte=flow_since)
    flow = moves.aggregate(up=Count("pk", filter=Q(from_stage__isnull=True) | Q(to_stage__order__gt=F(
        "from_stage__order"))), down=Count("pk", filter=Q(to_stage__order__lt=F("from_stage__order"))))
    quiet = QuietFlag.objects.filter(person__in=people, raised_at__gte=flow_since).count()
    flow_rows = [(_("Moved up the ladder"), flow["up"]), (_("Moved down the ladder"), flow["down"]),
                 (_("Went quiet (flagged)"), quiet)]

    # The open campaigns' goals, counted live as on each campaign's page (statewide: a goal is the coalition's).
    goals = [] if not access.may_read_campaigns(actor) else [
        (_("%(campaign)s: %(goal)s (target %(target)s)") % {"campaign": goal.campaign.name, "goal": goal.description,
                                                           "target": goal.target}, goal.live)
        for goal in Goal.objects.filter(campaign__in=access.campaign_scope(actor).exclude(
            status=Campaign.Status.CLOSED), retired_at__isnull=True).select_related("campaign")
        .annotate(live=goal_count_expression()).order_by("campaign__name", "id")
    ]

    return [
        Section("growth", _("New people per month"), _chart(grown), grown),
        Section("leaders", _("New leaders per month"), _chart(new_leaders), new_leaders),
        Section("contacts", _("Contacts logged per week"), _chart(per_week), per_week),
        Section("organizers", _("Contacts per organizer, last 12 weeks"), None, per_organizer),
        Section("events", _("Events held per month"), _chart(held), held),
        Section("turnout", _("Turnout (check-ins) per month"), _chart(came), came),
        Section("flow", _("The ladder's flow, last 90 days"), None, flow_rows),
        Section("goals", _("Open campaigns' goals, counted so far (statewide)"), None, goals),
    ]
