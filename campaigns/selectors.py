"""Every read of campaigns, goals, bills, legislators and whip counts. The first argument is the actor."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format

from campaigns.metrics import goal_count_expression
from campaigns.models import (
    HOUSE_SEATS,
    SENATE_SEATS,
    Bill,
    Campaign,
    CampaignAction,
    Chamber,
    Goal,
    LegislativeSession,
    Legislator,
    LobbyVisit,
    Participation,
    Position,
    Resource,
    ResourceVersion,
    Stance,
    WitnessSlipDrive,
    WitnessSlipFiling,
)
from coalition import access, charts
from coalition.access import OutOfReach
from coalition.bilingual import localized_value

if TYPE_CHECKING:
    from coalition.access import Actor

# A simple majority of the seats: House 60 of 118, Senate 30 of 59.
VOTES_NEEDED: dict[str, int] = {Chamber.HOUSE: HOUSE_SEATS // 2 + 1, Chamber.SENATE: SENATE_SEATS // 2 + 1}
SUPPORT = (Stance.SPONSOR, Stance.YES)
CHART_WEEKS = 12


def _readable(actor: Actor) -> None:
    if not access.may_read_campaigns(actor):
        raise OutOfReach("campaigns")


def campaign_list(*, actor: Actor, closed: bool = False) -> QuerySet[Campaign]:
    """Campaigns with their goal and participant counts: the open ones, or (closed=True) the closed ones."""
    _readable(actor)
    qs = access.campaign_scope(actor)
    qs = qs.filter(status=Campaign.Status.CLOSED) if closed else qs.exclude(status=Campaign.Status.CLOSED)
    return qs.annotate(
        goal_count=Count("goals", distinct=True),
        participant_count=Count("participation", distinct=True),
    ).order_by("name")


def campaign_get(*, actor: Actor, slug: str) -> Campaign:
    """One campaign the actor may see, or OutOfReach."""
    _readable(actor)
    return access.get_in_scope(access.campaign_scope(actor), slug=slug)


def goals_with_counts(*, actor: Actor, campaign: Campaign) -> list[Goal]:
    """The campaign's goals, each with `current` and `percent`, in one query: a live count from real records, or
    for a closed campaign the tally frozen when it closed (count and target as they were then)."""
    _readable(actor)
    goals: list[Goal] = []
    for goal in Goal.objects.filter(campaign=campaign).annotate(live=goal_count_expression()).order_by("id"):
        if campaign.is_closed and goal.final_count is not None:
            goal.current, goal.target = goal.final_count, goal.final_target or goal.target
        else:
            goal.current = goal.live
        goal.percent = min(100, round(100 * goal.current / goal.target)) if goal.target else 0
        goals.append(goal)
    return goals


def campaign_open_goals(*, actor: Actor, campaign: Campaign) -> list[Goal]:
    """The goals not retired: what closing the campaign lists and asks about."""
    _readable(actor)
    return list(Goal.objects.filter(campaign=campaign, retired_at__isnull=True).order_by("id"))


def goal_get(*, actor: Actor, pk: int | str) -> Goal:
    """One goal of a campaign the actor may see, or OutOfReach."""
    _readable(actor)
    return access.get_in_scope(Goal.objects.filter(campaign__in=access.campaign_scope(actor))
                               .select_related("campaign"), pk=pk)


def session_list(*, actor: Actor) -> QuerySet[LegislativeSession]:
    """Legislative sessions, newest first, with how many bills each has."""
    _readable(actor)
    return access.session_scope(actor).annotate(bill_count=Count("bills")).order_by("-starts_on", "-id")


def session_get(*, actor: Actor, pk: int | str) -> LegislativeSession:
    _readable(actor)
    return access.get_in_scope(access.session_scope(actor), pk=pk)


def activity_by_week(*, actor: Actor, campaign: Campaign, weeks: int = CHART_WEEKS,
                     today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Actions per week over the last `weeks` weeks (empty weeks included), oldest first, in one query."""
    _readable(actor)
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks - 1)
    counted = {
        (row["week"].date() if isinstance(row["week"], datetime.datetime) else row["week"]): row["n"]
        for row in CampaignAction.objects.filter(campaign=campaign, taken_on__gte=first)
        .annotate(week=TruncWeek("taken_on")).values("week").annotate(n=Count("id")).order_by("week")
    }
    return [{"week": first + datetime.timedelta(weeks=i), "count": counted.get(first + datetime.timedelta(weeks=i), 0)}
            for i in range(weeks)]


def activity_chart(series: list[dict[str, Any]]) -> charts.Chart:
    """Actions per week as columns, every other week labelled under its bar."""
    return charts.columns([charts.Point(label=date_format(p["week"], "n/j"), value=p["count"],
                                        spoken=date_format(p["week"], "M j")) for p in series], label_every=2)


def campaign_dashboard(*, actor: Actor, campaign: Campaign) -> dict[str, Any]:
    """Everything on a campaign's dashboard in a constant number of queries. The counts cover everyone; the recent
    actions name only people the actor may see."""
    _readable(actor)
    series = activity_by_week(actor=actor, campaign=campaign)
    commitment = dict(Participation.objects.filter(campaign=campaign).values_list("commitment").annotate(n=Count("id"))
                      .order_by())
    by_kind = dict(CampaignAction.objects.filter(campaign=campaign).values_list("kind").annotate(n=Count("id"))
                   .order_by())
    return {
        "goals": goals_with_counts(actor=actor, campaign=campaign),
        "chart": activity_chart(series),
        "commitment": [(label, commitment.get(value, 0)) for value, label in Participation.Commitment.choices],
        "actions_by_kind": [(label, by_kind.get(value, 0)) for value, label in CampaignAction.Kind.choices],
        "recent_actions": list(CampaignAction.objects.filter(campaign=campaign, person__in=access.person_scope(actor))
                               .select_related("person", "legislator", "bill").order_by("-taken_on", "-id")[:10]),
        "tables": list(campaign.tables.all()),
        "bills": list(campaign.bills.all()),
    }


def bill_list(*, actor: Actor) -> QuerySet[Bill]:
    """Bills with their campaign and how many positions are recorded."""
    _readable(actor)
    return access.bill_scope(actor).select_related("campaign", "session", "sponsor").annotate(
        position_count=Count("positions__legislator", distinct=True)
    ).order_by("kind", "number", "-session__starts_on")


def bill_get(*, actor: Actor, kind: str, number: int, session_id: int | None = None) -> Bill:
    """One bill by "HB"/"SB" and number, or OutOfReach: the one of the given session, else of the newest session
    that has that number (numbers start again each General Assembly)."""
    _readable(actor)
    qs = access.bill_scope(actor).select_related("campaign", "session", "sponsor").filter(kind=kind.upper(),
                                                                                         number=number)
    if session_id is not None:
        qs = qs.filter(session_id=session_id)
    bill = qs.order_by(F("session__starts_on").desc(nulls_last=True), "-id").first()
    if bill is None:
        raise OutOfReach("bill")
    return bill


def _latest(bill: Bill, field: str) -> Subquery:
    return Subquery(
        Position.objects.filter(bill=bill, legislator_id=OuterRef("pk")).order_by("-recorded_at", "-id")
        .values(field)[:1]
    )


def whip_count(*, actor: Actor, bill: Bill, region_id: int | None = None) -> dict[str, Any]:
    """Each legislator who votes on the bill so far, with their current position (the latest in their history)
    and whether anyone has visited them; the tally by chamber against the votes needed. Constant queries."""
    _readable(actor)
    legislators = list(
        _sitting(access.legislator_scope(actor)).filter(chamber__in=bill.chambers_reached())
        .filter(**({"region_id": region_id} if region_id else {}))
        .select_related("region")
        .annotate(
            stance=_latest(bill, "stance"),
            source=_latest(bill, "source"),
            stance_at=_latest(bill, "recorded_at"),
            visited=Exists(LobbyVisit.objects.filter(legislator_id=OuterRef("pk"))),
        ).order_by("chamber", "district")
    )
    # Translated once here: a lazy label per row costs a lookup per row when the page renders.
    labels = {value: str(label) for value, label in Stance.choices}
    source_labels = {value: str(label) for value, label in Position.Source.choices}
    # What each row shows, written once per legislator here rather than looked up piece by piece in the template
    # (a whole legislature on one page): the page's name for them, their region and the date of their position.
    regions: dict[int | None, str] = {}
    dates: dict[datetime.date, str] = {}
    for x in legislators:
        x.label = str(x)
        if x.region_id not in regions:
            regions[x.region_id] = localized_value(x.region, "name") if x.region is not None else ""
        x.region_name, x.stance_on = regions[x.region_id], ""
        if x.stance_at is not None:
            day = timezone.localtime(x.stance_at).date()
            x.stance_on = dates.get(day) or dates.setdefault(day, date_format(day, "SHORT_DATE_FORMAT"))
    chambers = []
    for chamber, chamber_label in Chamber.choices:
        if chamber not in bill.chambers_reached():
            continue
        members = [x for x in legislators if x.chamber == chamber]
        tally = {value: 0 for value in Stance.values}
        unknown = 0
        for x in members:
            x.stance_label = labels.get(x.stance, "")
            x.source_label = source_labels.get(x.source, "")
            if x.stance:
                tally[x.stance] += 1
            else:
                unknown += 1
        support = sum(tally[s] for s in SUPPORT)
        needed = VOTES_NEEDED[chamber]
        chambers.append({
            "chamber": chamber, "label": chamber_label, "legislators": members, "needed": needed,
            "seats": HOUSE_SEATS if chamber == Chamber.HOUSE else SENATE_SEATS,
            "support": support, "short_by": max(0, needed - support),
            "tally": [(labels[value], tally[value]) for value in Stance.values], "unknown": unknown,
            "percent": min(100, round(100 * support / needed)),
        })
    return {
        "chambers": chambers,
        "not_visited": [x for x in legislators if not x.visited],
    }


def position_history(*, actor: Actor, bill: Bill, limit: int = 20) -> list[Position]:
    """The latest changes in positions on a bill, newest first."""
    _readable(actor)
    return list(Position.objects.filter(bill=bill).select_related("legislator", "recorded_by")
                .order_by("-recorded_at", "-id")[:limit])


def _sitting(qs: QuerySet[Legislator]) -> QuerySet[Legislator]:
    """Those in office today: no end date, or one still to come."""
    return qs.filter(Q(left_office_on__isnull=True) | Q(left_office_on__gt=timezone.localdate()))


def legislator_list(*, actor: Actor, chamber: str = "", region_id: int | None = None,
                    former: bool = False) -> QuerySet[Legislator]:
    """Legislators in office (or, former=True, those who left), filterable by chamber and region, with how many
    lobby visits they had."""
    _readable(actor)
    everyone = access.legislator_scope(actor)
    sitting = _sitting(everyone)
    qs = everyone.exclude(pk__in=sitting.values("pk")) if former else sitting
    qs = qs.select_related("region").annotate(visit_count=Count("lobby_visits"))
    if chamber in Chamber.values:
        qs = qs.filter(chamber=chamber)
    if region_id:
        qs = qs.filter(region_id=region_id)
    return qs.order_by("chamber", "district")


def legislator_get(*, actor: Actor, pk: int | str) -> Legislator:
    """One legislator, sitting or former, or OutOfReach."""
    _readable(actor)
    return access.get_in_scope(access.legislator_scope(actor).select_related("region"), pk=pk)


def legislator_history(*, actor: Actor, legislator: Legislator, limit: int = 50) -> list[Position]:
    """A legislator's position history on every bill, newest first: it stays after they leave office."""
    _readable(actor)
    return list(Position.objects.filter(legislator=legislator, bill__in=access.bill_scope(actor))
                .select_related("bill", "recorded_by").order_by("-recorded_at", "-id")[:limit])


def position_get(*, actor: Actor, pk: int | str) -> Position:
    """One entry of a position history on a bill the actor may see, or OutOfReach."""
    _readable(actor)
    return access.get_in_scope(Position.objects.filter(bill__in=access.bill_scope(actor))
                               .select_related("bill", "legislator"), pk=pk)


def drives_for(*, actor: Actor, bill: Bill) -> list[WitnessSlipDrive]:
    """A bill's witness-slip drives with how many slips are marked filed."""
    _readable(actor)
    return list(WitnessSlipDrive.objects.filter(bill=bill).annotate(filed=Count("filings")).order_by("-deadline"))


def drive_get(*, actor: Actor, pk: int | str) -> WitnessSlipDrive:
    _readable(actor)
    return access.get_in_scope(WitnessSlipDrive.objects.filter(bill__in=access.bill_scope(actor))
                               .select_related("bill__campaign"), pk=pk)


def drive_detail(*, actor: Actor, drive: WitnessSlipDrive) -> dict[str, Any]:
    """The people the actor may see who marked they filed, how many filed in all (others only counted), and the
    campaign participants in reach who have not yet. Constant queries."""
    _readable(actor)
    scope = access.person_scope(actor)
    filed_count = WitnessSlipFiling.objects.filter(drive=drive).count()
    filings = list(WitnessSlipFiling.objects.filter(drive=drive, person__in=scope).select_related("person")
                   .order_by("-filed_at"))
    waiting = []
    if drive.bill.campaign_id:
        waiting = [p.person for p in Participation.objects.filter(campaign_id=drive.bill.campaign_id, person__in=scope)
                   .exclude(person_id__in=WitnessSlipFiling.objects.filter(drive=drive).values("person_id"))
                   .select_related("person").order_by("person__last_name")]
    return {"filings": filings, "filed_count": filed_count, "filed_elsewhere": filed_count - len(filings),
            "waiting": waiting}


def participants(*, actor: Actor, campaign: Campaign) -> QuerySet[Participation]:
    """The people taking part in a campaign whom the actor may see, with their action counts."""
    _readable(actor)
    return Participation.objects.filter(campaign=campaign, person__in=access.person_scope(actor)).select_related(
        "person").annotate(action_count=Count("person__campaign_actions", filter=Q(
            person__campaign_actions__campaign=campaign))).order_by("person__last_name", "person__first_name")


# Resources ------------------------------------------------------------------------------------

def resource_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Resource]:
    """Documents the actor may see (access.resource_scope), filtered by campaign, table, kind and language."""
    filters = filters or {}
    qs = access.resource_scope(actor).select_related("campaign", "table", "uploaded_by")
    for name in ("kind", "language"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
    if filters.get("table"):
        qs = qs.filter(table=filters["table"])
    return qs.order_by("-created_at", "-id")


def resource_get(*, actor: Actor, pk: int | str) -> Resource:
    """One document the actor may see, or OutOfReach."""
    return access.get_in_scope(access.resource_scope(actor).select_related("campaign", "table", "uploaded_by"),
                               pk=pk)


def resource_versions(*, actor: Actor, resource: Resource) -> list[ResourceVersion]:
    """The files a document had before, newest first (the document is already in the actor's reach)."""
    access.get_in_scope(access.resource_scope(actor), pk=resource.pk)
    return list(resource.versions.select_related("uploaded_by").order_by("-replaced_at", "-id"))


def resource_version_get(*, actor: Actor, pk: int | str) -> ResourceVersion:
    """An earlier file of a document the actor may see, or OutOfReach."""
    return access.get_in_scope(ResourceVersion.objects.filter(resource__in=access.resource_scope(actor))
                               .select_related("resource"), pk=pk)


# The public toolkit: no account, no member's name ------------------------------------------------------------

def toolkit_campaign_get(*, slug: str) -> Campaign:
    """A campaign whose toolkit page is public (access.public_campaign_scope), or OutOfReach."""
    return access.get_in_scope(access.public_campaign_scope(), slug=slug)


def toolkit_resources(*, campaign: Campaign, kind: str = "") -> QuerySet[Resource]:
    """The campaign's public documents (access.public_resource_scope), by kind, newest first; toolkit_localized
    puts the words of a page of them in the visitor's language."""
    qs = access.public_resource_scope().filter(campaign=campaign)
    if kind in Resource.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.only("pk", "title", "title_es", "description", "description_es", "kind", "language", "file_name",
                   "size", "content_type", "created_at", "campaign_id").order_by("kind", "-created_at", "-id")


def toolkit_localized(resources: list[Resource], language: str) -> list[Resource]:
    """Set `title_shown` and `description_shown` on each document: Spanish when asked for and written, English
    otherwise."""
    for r in resources:
        r.title_shown = r.shown_title(language)
        r.description_shown = r.shown_description(language)
    return resources


def toolkit_resource_get(*, campaign: Campaign, pk: int | str) -> Resource:
    """One public document of the campaign, or OutOfReach (a private one answers as if it did not exist)."""
    return access.get_in_scope(access.public_resource_scope().filter(campaign=campaign), pk=pk)
