"""The funder report: the counts funders ask for over a period, statewide, with no person's name in it.

Each count is read the way the page it summarises reads it (the referrals through the clinic report's own
selector, stories through the consent rule of the story bank), so the report and those pages agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from coalition import access
from coalition.db import on_reports_database
from coalition.models import Region
from members.selectors import clinic_report

if TYPE_CHECKING:
    from coalition.access import Actor

CHICAGO = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=CHICAGO)

    @property
    def ends_before(self) -> datetime.datetime:
        return datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=CHICAGO)


def period_quarter(year: int, quarter: int) -> Period:
    first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    after = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return Period(first, after - datetime.timedelta(days=1))


def period_year(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class RegionRow:
    region: str
    events: int
    attended: int


@dataclass
class FunderReport:
    period: Period
    people_reached: int
    leaders_trained: int
    trainings_completed: int
    trainings_held: int
    events: list[RegionRow]
    advocacy_days: int
    advocacy_turnout: int
    legislators_visited: int
    lobby_visits: int
    stories_shared: int
    referrals: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, count)
    referrals_total: int = 0

    @property
    def events_total(self) -> RegionRow:
        return RegionRow(_("All regions"), sum(r.events for r in self.events), sum(r.attended for r in self.events))

    def rows(self) -> list[tuple[str, str, Any]]:
        """Every number as (section, what, count): the CSV's rows and the print's, in the page's order."""
        reach, train, ev, adv, stories, refs = (
            _("Reach"), _("Leadership"), _("Events"), _("Advocacy"), _("Stories"), _("Record clearing"))
        rows: list[tuple[str, str, Any]] = [
            (reach, _("People reached (a contact logged in the period)"), self.people_reached),
            (train, _("Directly impacted leaders trained"), self.leaders_trained),
            (train, _("Trainings completed"), self.trainings_completed),
            (train, _("Training events held"), self.trainings_held),
        ]
        for row in [*self.events, self.events_total]:
            rows.append((ev, _("%(region)s: events held") % {"region": row.region}, row.events))
            rows.append((ev, _("%(region)s: attendance (check-ins)") % {"region": row.region}, row.attended))
        rows += [
            (adv, _("Advocacy days held"), self.advocacy_days),
            (adv, _("Advocacy-day turnout (check-ins)"), self.advocacy_turnout),
            (adv, _("Legislators visited"), self.legislators_visited),
            (adv, _("Lobby visits"), self.lobby_visits),
            (stories, _("Stories shared with consent (partners or wider)"), self.stories_shared),
        ]
        rows += [(refs, label, count) for _status, label, count in self.referrals]
        rows.append((refs, _("All referrals"), self.referrals_total))
        return rows


@on_reports_database
def funder_report(*, actor: Actor, period: Period) -> FunderReport:
    """The counts of one period for funders: staff and admins only (raises OutOfReach otherwise). About ten
    queries, whatever the period or the number of people; counts only, never a name."""
    from campaigns.models import LobbyVisit
    from events.models import Event
    from leadership.models import TrainingCompletion
    from members.models import Interaction

    if not access.may_read_funder_report(actor):
        raise access.OutOfReach("funder report")
    people = access.person_scope(actor)
    in_period = Q(starts_at__gte=period.starts_at, starts_at__lt=period.ends_before)
    reached = (Interaction.objects.filter(person__in=people, happened_at__gte=period.starts_at,
                                          happened_at__lt=period.ends_before)
               .aggregate(n=Count("person_id", distinct=True))["n"])
    trained = (TrainingCompletion.objects.filter(person__in=people, completed_on__gte=period.start,
                                                 completed_on__lte=period.end)
               .aggregate(people=Count("person_id", distinct=True), done=Count("pk")))
    events = Event.objects.filter(in_period).exclude(status=Event.Status.CANCELLED)
    held = events.filter(kind=Event.Kind.TRAINING).count()
    # As the check-in page counts them (events.selectors.checkin_counts): a forgotten person's placeholder still
    # counts as someone who came.
    checked_in = Count("rsvps", filter=Q(rsvps__checked_in_at__isnull=False))
    by_region = {row["region_id"]: row for row in events.order_by().values("region_id").annotate(
        n=Count("pk", distinct=True), attended=checked_in)}
    names = {region.pk: str(region) for region in Region.objects.filter(pk__in=[k for k in by_region if k])}
    rows = [RegionRow(names.get(pk, "") if pk else _("Statewide"), row["n"], row["attended"])
            for pk, row in by_region.items()]
    rows.sort(key=lambda r: (r.region == _("Statewide"), r.region))
    advocacy = events.filter(kind=Event.Kind.ADVOCACY_DAY).aggregate(n=Count("pk", distinct=True), attended=checked_in)
    visits = LobbyVisit.objects.filter(visited_on__gte=period.start, visited_on__lte=period.end).aggregate(
        legislators=Count("legislator_id", distinct=True), visits=Count("pk"))
    stories = access.story_scope(actor, "partners").filter(
        created_at__gte=period.starts_at, created_at__lt=period.ends_before).count()
    clinics = clinic_report(actor=actor, start=period.start, end=period.end, clinics_only=False)
    referrals = [(value, label, count) for (value, label), count in zip(clinics.statuses, clinics.totals, strict=True)]
    return FunderReport(
        period=period, people_reached=reached, leaders_trained=trained["people"], trainings_completed=trained["done"],
        trainings_held=held, events=rows, advocacy_days=advocacy["n"], advocacy_turnout=advocacy["attended"],
        legislators_visited=visits["legislators"], lobby_visits=visits["visits"], stories_shared=stories,
        referrals=referrals, referrals_total=clinics.total,
    )
