"""The county map: one count per Illinois county for a chosen measure, cut by the access policy.

Each measure is one query (GROUP BY county) over what the viewer may see (coalition.access.reports): staff
count the state, an organizer their turf, a partner representative the RSVPs and check-ins of their tables'
campaigns, with counts under SMALL_COUNT hidden. The shapes come from the committed file in reports/geo.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coalition import access, charts
from coalition.db import on_reports_database
from coalition.models import County
from members.models import REGISTERED_ANSWERS
from reports.geo import county_shapes

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from coalition.access import Actor

# The Leader and Organizer rungs of the ladder (leadership.reference): "leaders" on the map.
LEADER_ORDER = 5

@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    subject: str = ""  # what the measure is narrowed by: "stage", "status", "event_or_campaign", or nothing
    of_people: bool = True  # counts people (not RSVPs): only people workers see it
    people_link: bool = False  # the people list can show the same people (county and, for stages, stage)


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("people", gettext_lazy("People"), people_link=True),
    Measure("stage", gettext_lazy("People at a ladder stage"), subject="stage", people_link=True),
    Measure("leaders", gettext_lazy("Leaders")),
    Measure("contacted_30", gettext_lazy("People contacted in the last 30 days")),
    Measure("contacted_90", gettext_lazy("People contacted in the last 90 days")),
    Measure("rsvps", gettext_lazy("RSVPs"), subject="event_or_campaign", of_people=False),
    Measure("checkins", gettext_lazy("Check-ins"), subject="event_or_campaign", of_people=False),
    Measure("referrals", gettext_lazy("Record-clearing referrals"), subject="status"),
    Measure("registered", gettext_lazy("Registered to vote (as they said)")),
)}


def measure_choices(*, actor: Actor) -> list[Measure]:
    """The measures the viewer may map: every one for people workers; RSVPs and check-ins for partners."""
    if access.may_map_people(actor):
        return list(MEASURES.values())
    if access.may_read_county_map(actor):
        return [m for m in MEASURES.values() if not m.of_people]
    return []


@dataclass(frozen=True)
class Subject:
    """What a measure is narrowed to (all optional): a stage, an event or a campaign, a referral status."""

    stage: Any = None
    event: Any = None
    campaign: Any = None
    status: str = ""


def _people(actor: Actor, where: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs) -> QuerySet[Any]:
    rows: QuerySet[Any] = where(access.map_person_scope(actor)).order_by().values("county_id").annotate(
        n=Count("pk"))
    return rows


def _rsvps(actor: Actor, subject: Subject, checked_in: bool) -> QuerySet[Any]:
    from events.models import RSVP

    qs = access.map_rsvp_scope(actor)
    qs = qs.filter(checked_in_at__isnull=False) if checked_in else qs.exclude(status=RSVP.Status.CANCELLED)
    if subject.event is not None:
        qs = qs.filter(event=subject.event)
    elif subject.campaign is not None:
        qs = qs.filter(event__campaign=subject.campaign)
    return qs.order_by().values("person__county_id").annotate(n=Count("pk"))


def _since(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def county_counts(*, actor: Actor, measure: str, subject: Subject | None = None) -> dict[int | None, int]:
    """{county id (None: no county): count} for one measure over the viewer's reach: one query, GROUP BY county.
    An unknown measure, or one the viewer may not map, counts nothing."""
    subject = subject or Subject()
    if measure not in {m.key for m in measure_choices(actor=actor)}:
        return {}
    rows: QuerySet[Any]
    if measure == "people":
        rows = _people(actor)
    elif measure == "stage":
        rows = _people(actor, lambda qs: qs.filter(stage=subject.stage) if subject.stage else qs.exclude(
            stage__isnull=True))
    elif measure == "leaders":
        rows = _people(actor, lambda qs: qs.filter(stage__order__gte=LEADER_ORDER))
    elif measure in ("contacted_30", "contacted_90"):
        days = 30 if measure == "contacted_30" else 90
        rows = _people(actor, lambda qs: qs.filter(last_contact_at__gte=_since(days)))
    elif measure == "registered":
        rows = _people(actor, lambda qs: qs.filter(voter_registration__in=REGISTERED_ANSWERS))
    elif measure == "referrals":
        referrals = access.map_referral_scope(actor).filter(person__forgotten_at__isnull=True)
        if subject.status:
            referrals = referrals.filter(status=subject.status)
        rows = referrals.order_by().values("person__county_id").annotate(n=Count("pk"))
    else:
        rows = _rsvps(actor, subject, checked_in=measure == "checkins")
    return {row.get("county_id", row.get("person__county_id")): row["n"] for row in rows}


@dataclass(frozen=True)
class LegendStep:
    label: str
    fill: str
    pattern: str = ""  # "none" (nobody) or "hidden" (fewer than SMALL_COUNT) for the patterned steps


@dataclass(frozen=True)
class CountyCell:
    pk: int
    fips: str
    name: str
    path: str
    count: int
    shown: str  # the number as the viewer may read it ("1,204", "fewer than 5")
    fill: str
    ink: str
    pattern: str  # "", "none" or "hidden"
    link: str  # the people list filtered to the county; empty when the viewer has no people list
    title: str  # "Cook County: 1,204 people"


@dataclass
class CountyMap:
    measure: Measure
    width: int
    height: int
    counties: list[CountyCell]
    legend: list[LegendStep]
    hidden_small: bool
    total: int | None  # None when small counts are hidden (a total would give them away)
    outside: int  # counted, but with no county on record (not drawn)
    description: str = ""
    table: list[CountyCell] = field(default_factory=list)


def _number(value: int) -> str:
    from django.utils.formats import number_format

    return number_format(value, force_grouping=True)


SORTS = ("name", "-name", "count", "-count")


@on_reports_database
def county_map(*, actor: Actor, measure: str, subject: Subject | None = None, sort: str = "name") -> CountyMap:
    """The map of one measure: every county's shape, count, shade and link, the legend and the same numbers for
    the table (sorted by `sort`). Three queries (the counties, those the people list filters by, the counts),
however many counties or people."""
    subject = subject or Subject()
    chosen = MEASURES.get(measure, MEASURES["people"])
    counts = county_counts(actor=actor, measure=chosen.key, subject=subject)
    hide = access.must_hide_small_counts(actor)
    shapes = county_shapes()
    low = access.SMALL_COUNT if hide else 1
    steps = charts.shade_steps(max([n for pk, n in counts.items() if pk is not None] + [low]), low=low)
    people_list = reverse("members:person_list") if access.may_map_people(actor) else ""
    # A county links to the people list only where that list can filter by it (an organizer's own region).
    linked = set(access.county_filter_scope(actor).values_list("pk", flat=True)) if people_list else set()
    cells = []
    for county in County.objects.order_by("name"):
        count = counts.get(county.pk, 0)
        small = hide and 0 < count < access.SMALL_COUNT
        shown = _("fewer than %(n)s") % {"n": access.SMALL_COUNT} if small else _number(count)
        if count == 0:
            fill, ink, pattern = "#ffffff", charts.SHADE_INKS[0], "none"
        elif small:
            fill, ink, pattern = "#ffffff", charts.SHADE_INKS[0], "hidden"
        else:
            shade = charts.shade_of(count, steps)
            fill, ink, pattern = charts.SHADES[shade], charts.SHADE_INKS[shade], ""
        query = {"county": county.pk}
        if chosen.key == "stage" and subject.stage is not None:
            query["stage"] = subject.stage.pk
        shape = shapes["counties"].get(county.fips, {"path": ""})
        cells.append(CountyCell(
            pk=county.pk, fips=county.fips, name=str(county), path=shape["path"], count=count, shown=shown,
            fill=fill, ink=ink, pattern=pattern,
            link=f"{people_list}?{urlencode(query if chosen.people_link else {'county': county.pk})}"
            if county.pk in linked else "",
            title=_("%(county)s: %(shown)s") % {"county": county, "shown": shown},
        ))
    legend = [LegendStep(_("None"), "#ffffff", "none")]
    if hide:
        legend.append(LegendStep(_("Fewer than %(n)s") % {"n": access.SMALL_COUNT}, "#ffffff", "hidden"))
    for index, bound in enumerate(steps):
        start = steps[index - 1] + 1 if index else low
        label = _number(start) if start == bound else f"{_number(start)}–{_number(bound)}"
        legend.append(LegendStep(label, charts.SHADES[charts.shade_of(bound, steps)]))
    key, reverse_order = sort.lstrip("-"), sort.startswith("-")
    table = sorted(cells, key=(lambda c: (c.count, c.name)) if key == "count" else (lambda c: c.name),
                   reverse=reverse_order)
    drawn = sum(n for pk, n in counts.items() if pk is not None)
    total = None if hide else drawn
    described = ngettext("%(n)s county has a count above zero.", "%(n)s counties have a count above zero.",
                         sum(1 for c in cells if c.count)) % {"n": sum(1 for c in cells if c.count)}
    return CountyMap(measure=chosen, width=shapes["width"], height=shapes["height"], counties=cells, legend=legend,
                     hidden_small=hide, total=total, outside=0 if hide else counts.get(None, 0),
                     description=described, table=table)
