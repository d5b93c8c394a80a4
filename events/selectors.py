"""Every read of events, buses, RSVPs and attendance. The first argument is the actor; the policy scopes it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.core import signing
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils import timezone

from coalition import access
from coalition.access import OutOfReach
from coalition.phones import phone_digits
from coalition.pickers import Choice
from events import manage_links
from events.models import RSVP, Bus, Event, EventHost, EventSeries, PickupPoint, RSVPReview, Venue
from members.models import Person, PersonPhone
from members.selectors import person_pick

if TYPE_CHECKING:
    from coalition.access import Actor
    from coalition.models import Organization

RECEIPT_SALT = "events.rsvp.receipt"
RECEIPT_MAX_AGE = 60 * 60 * 24 * 7
GOING = Q(rsvps__status=RSVP.Status.GOING)


def _going_seats(prefix: str = "rsvps") -> Combinable:
    going = Q(**{f"{prefix}__status": RSVP.Status.GOING})
    return Coalesce(Count(prefix, filter=going), Value(0)) + Coalesce(
        Sum(f"{prefix}__guests", filter=going), Value(0), output_field=IntegerField()
    )


def event_list(*, actor: Actor, past: bool = False, archived: bool = False) -> QuerySet[Event]:
    """Events the actor may see with seats taken and waitlist size: upcoming first, or past, newest first, or
    the archived ones, newest first (archived events are in no other list)."""
    now = timezone.now()
    qs = access.event_scope(actor).select_related("region", "venue", "series").annotate(
        seats_taken=_going_seats(),
        waitlisted=Count("rsvps", filter=Q(rsvps__status=RSVP.Status.WAITLISTED)),
    )
    if archived:
        return qs.filter(archived_at__isnull=False).order_by("-starts_at", "-id")
    qs = qs.filter(archived_at__isnull=True)
    if past:
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return qs.filter(ends_at__gte=now).order_by("starts_at", "id")


def event_get(*, actor: Actor, pk: int | str) -> Event:
    """One event the actor may see, or OutOfReach."""
    return access.get_in_scope(access.event_scope(actor).select_related("region", "venue", "series", "campaign"),
                               pk=pk)


def event_public_get(*, slug: str) -> Event:
    """A public event by its public address (anyone, no account); private and archived events do not exist
    here."""
    qs = Event.objects.filter(is_public=True, archived_at__isnull=True).select_related("venue", "region")
    return access.get_in_scope(qs, slug=slug)


def event_seats_left(*, event: Event) -> int | None:
    """Seats the event still has, counting guests (anyone: a public page says when it is full); None for an
    event without a capacity. One query, none without a capacity."""
    if event.capacity is None:
        return None
    taken = Event.objects.filter(pk=event.pk).aggregate(n=_going_seats())["n"] or 0
    return max(event.capacity - taken, 0)


def event_hosts(*, event: Event) -> list[EventHost]:
    """The organizations hosting an event, hosts first, with their names (one query). Public: names only."""
    return list(event.hosts.select_related("organization").order_by("role", "organization__name", "id"))


def organization_events(*, actor: Actor, organization: Organization) -> QuerySet[EventHost]:
    """The events an organization hosts or co-hosts, upcoming first then the latest past ones: every one for
    those who work with people, the public ones for anyone else who may see the organization. Not archived."""
    events = access.event_scope(actor) if access.may_work_with_people(actor) else Event.objects.filter(is_public=True)
    return (EventHost.objects.filter(organization=organization, event__in=events, event__archived_at__isnull=True)
            .select_related("event__region").order_by("-event__starts_at", "id"))


def venue_list(*, actor: Actor, archived: bool = False) -> QuerySet[Venue]:
    """Venues in use (or the archived ones), by name, with their region and how many events they had."""
    qs = access.venue_scope(actor).filter(archived_at__isnull=not archived)
    return qs.select_related("region").annotate(event_count=Count("events")).order_by("name", "id")


def venue_get(*, actor: Actor, pk: int | str) -> Venue:
    """One venue the actor may see."""
    return access.get_in_scope(access.venue_scope(actor).select_related("region"), pk=pk)


def pickup_point_list(*, actor: Actor, archived: bool = False) -> QuerySet[PickupPoint]:
    """Pickup points in use (or the archived ones), by region and name, with how many buses left from them."""
    qs = access.pickup_point_scope(actor).filter(archived_at__isnull=not archived)
    return qs.select_related("region").annotate(bus_count=Count("buses")).order_by("region__name", "name", "id")


def pickup_point_get(*, actor: Actor, pk: int | str) -> PickupPoint:
    """One pickup point the actor may see (staff and admins)."""
    return access.get_in_scope(access.pickup_point_scope(actor).select_related("region"), pk=pk)


def series_get(*, actor: Actor, pk: int | str) -> EventSeries:
    """One recurring series the actor may see."""
    return access.get_in_scope(access.series_scope(actor).select_related("region", "venue", "campaign"), pk=pk)


def series_events(*, actor: Actor, series: EventSeries) -> QuerySet[Event]:
    """A series' dates in order, with seats taken (constant queries)."""
    return (access.event_scope(actor).filter(series=series).select_related("venue")
            .annotate(seats_taken=_going_seats()).order_by("starts_at", "id"))


def buses_with_seats(*, event: Event) -> list[Bus]:
    """The event's buses with `taken` and `left` seats (one query)."""
    buses: list[Bus] = []
    for bus in event.buses.select_related("pickup_point__region").annotate(going_seats=_going_seats()).order_by(
            "pickup_point__region__name", "departs_at", "id"):
        bus.taken = bus.going_seats
        bus.left = max(bus.seats - bus.taken, 0)
        buses.append(bus)
    return buses


class RegionSeats(TypedDict):
    region: str
    seats: int
    taken: int
    left: int
    buses: int


def seats_by_region(*, buses: list[Bus]) -> list[RegionSeats]:
    """Seats, taken and left per pickup region, from `buses_with_seats`."""
    regions: dict[str, RegionSeats] = {}
    for bus in buses:
        row = regions.setdefault(bus.pickup_point.region.name, {"region": bus.pickup_point.region.localized("name"),
                                                                "seats": 0, "taken": 0, "left": 0, "buses": 0})
        row["seats"] += bus.seats
        row["taken"] += bus.taken
        row["left"] += bus.left
        row["buses"] += 1
    return list(regions.values())


def _search(qs: QuerySet[RSVP], q: str) -> QuerySet[RSVP]:
    q = (q or "").strip()
    if not q:
        return qs
    digits = phone_digits(q)
    match = (Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
             | Q(person__preferred_name__icontains=q))
    if len(digits) >= 3:
        match |= Q(person__phones__digits__contains=digits)
    return qs.filter(match).distinct()


def _with_person(qs: QuerySet[RSVP]) -> QuerySet[RSVP]:
    return qs.select_related("person__sensitive_facts", "bus__pickup_point").prefetch_related(
        Prefetch("person__phones", queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True))
    )


def event_roster(*, actor: Actor, event: Event, q: str = "", status: str = "") -> QuerySet[RSVP]:
    """The RSVPs of an event the actor may see (organizers: people in their scope), searchable, in order. The
    roster shows names, not phones or sensitive facts: it loads neither."""
    qs = access.rsvp_scope(actor, event).select_related("person", "bus__pickup_point")
    if status:
        qs = qs.filter(status=status)
    return _search(qs, q).order_by("status", "waitlisted_at", "person__last_name", "person__first_name", "id")


def checkin_list(*, actor: Actor, event: Event, q: str = "") -> QuerySet[RSVP]:
    """Who is expected at the door (going, maybe, waitlisted) plus everyone already checked in."""
    qs = _with_person(access.rsvp_scope(actor, event)).filter(
        Q(status__in=(RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED)) | Q(checked_in_at__isnull=False)
    )
    return _search(qs, q).order_by("person__last_name", "person__first_name", "id")


def checkin_counts(*, actor: Actor, event: Event) -> dict[str, int]:
    """How many of the people expected at the door (as the check-in page lists them) are checked in, and how many
    were marked as no-shows: one query."""
    expected = Q(status__in=(RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED)) | Q(
        checked_in_at__isnull=False)
    counts = access.rsvp_scope(actor, event).filter(expected).aggregate(
        expected=Count("id"), checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        no_shows=Count("id", filter=Q(no_show_at__isnull=False, checked_in_at__isnull=True)))
    return {"expected": counts["expected"] or 0, "checked_in": counts["checked_in"] or 0,
            "no_shows": counts["no_shows"] or 0}


def bus_get(*, actor: Actor, pk: int | str) -> Bus:
    """One bus of an event the actor may see."""
    qs = Bus.objects.filter(event__in=access.event_scope(actor)).select_related("event", "pickup_point__region")
    return access.get_in_scope(qs, pk=pk)


def bus_manifest(*, actor: Actor, bus: Bus) -> QuerySet[RSVP]:
    """The people going on this bus whom the actor may see, by name."""
    qs = _with_person(access.rsvp_scope(actor, bus.event)).filter(bus=bus, status=RSVP.Status.GOING)
    return qs.order_by("person__last_name", "person__first_name", "id")


def bus_manifest_rows(*, actor: Actor, bus: Bus) -> Iterator[RSVP]:
    """The bus manifest for a CSV export, streamed (the phones are prefetched per chunk)."""
    return bus_manifest(actor=actor, bus=bus).iterator(chunk_size=200)


def rsvp_get(*, actor: Actor, pk: int | str) -> RSVP:
    """One RSVP whose person the actor may see."""
    qs = access.rsvp_scope(actor).select_related("event", "person", "bus__pickup_point")
    return access.get_in_scope(qs, pk=pk)


def person_for_proxy(*, actor: Actor, pk: int | str) -> Person:
    """A person the actor may RSVP for (someone they may change)."""
    if not access.may_work_with_people(actor):
        raise OutOfReach("person")
    return access.get_in_scope(access.person_scope(actor), pk=pk)


def people_search(*, actor: Actor, q: str, limit: int = 20) -> list[Choice]:
    """People in the actor's scope matching a name or phone digits, for RSVP by proxy: the people page's search
    and ranking, named as the pickers name them (members.selectors.person_pick)."""
    return person_pick(actor=actor, query=(q or "").strip(), scope=access.person_scope(actor), limit=limit)


def rsvp_receipt_token(*, event: Event, bus_id: int | None, guests: int, waitlisted: bool) -> str:
    """The confirmation link's token: the event and what was just submitted (bus, guests, waitlisted), signed.

    It names no person and no RSVP, so whoever holds the link learns nothing about anyone's record.
    """
    return signing.dumps({"e": event.pk, "b": bus_id, "g": guests, "w": waitlisted}, salt=RECEIPT_SALT)


class Receipt(TypedDict):
    bus: Bus | None
    guests: int
    waitlisted: bool


def rsvp_receipt_get(*, event: Event, token: str) -> Receipt:
    """What a confirmation page shows, from its token alone (anyone with the link): the bus chosen, the guests,
    whether these seats went on the waitlist. A forged, old or other event's token does not exist."""
    try:
        data = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        if data["e"] != event.pk:
            raise OutOfReach("receipt")
        bus = event.buses.select_related("pickup_point").filter(pk=data["b"]).first() if data["b"] else None
        return {"bus": bus, "guests": int(data["g"]), "waitlisted": bool(data["w"])}
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise OutOfReach("receipt") from exc


def rsvp_review_list(*, actor: Actor) -> QuerySet[RSVPReview]:
    """Public RSVPs waiting for staff, oldest first, with the event, the bus and the matched person's working
    phones (staff and admins; nobody else)."""
    return (
        access.rsvp_review_scope(actor).filter(status=RSVPReview.Status.PENDING)
        .select_related("event", "bus__pickup_point", "match__region", "host_link")
        .prefetch_related(Prefetch("match__phones",
                                   queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True)))
        .order_by("created_at", "id")
    )


def rsvp_review_get(*, actor: Actor, pk: int | str) -> RSVPReview:
    """One public RSVP for staff to decide (staff and admins)."""
    return access.get_in_scope(access.rsvp_review_scope(actor).select_related("event", "match"), pk=pk)


class PersonEvents(TypedDict):
    rsvps: list[RSVP]
    upcoming: list[Event]


def person_events(*, actor: Actor, person: Person, limit: int = 5) -> PersonEvents:
    """For a person's page: their RSVPs (newest first) and upcoming events the actor could RSVP them to.

    Two queries; the RSVPs are limited to those the actor may see (rsvp_scope).
    """
    rsvps = list(
        access.rsvp_scope(actor).filter(person=person)
        .select_related("event", "bus__pickup_point").order_by("-event__starts_at")[:limit]
    )
    upcoming = list(
        access.event_scope(actor).filter(ends_at__gte=timezone.now(), archived_at__isnull=True)
        .exclude(status=Event.Status.CANCELLED).exclude(rsvps__person=person).order_by("starts_at", "id")[:limit]
    )
    return {"rsvps": rsvps, "upcoming": upcoming}


def member_events(*, actor: Actor) -> list[RSVP]:
    """A member's own upcoming RSVPs (not cancelled), for their home page. Members only; one query."""
    return list(
        RSVP.objects.filter(person__in=access.own_person_scope(actor), event__ends_at__gte=timezone.now())
        .exclude(status=RSVP.Status.CANCELLED).select_related("event__venue", "bus__pickup_point")
        .order_by("event__starts_at", "id")[:MEMBER_HOME_SHOWN]
    )


MEMBER_HOME_SHOWN = 10


def member_joinable_events(*, actor: Actor) -> list[Event]:
    """The upcoming public events of a member's region (and statewide ones) still taking RSVPs that they have
    no active RSVP for, soonest first, each with its seats taken (`full` when at capacity). One query."""
    now = timezone.now()
    mine = RSVP.objects.filter(event=OuterRef("pk"), person__in=access.own_person_scope(actor),
                               status__in=(RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED))
    events: list[Event] = list(
        access.member_event_scope(actor)
        .filter(starts_at__gte=now, registration_open=True)
        .filter(Q(rsvp_deadline__isnull=True) | Q(rsvp_deadline__gte=now))
        .exclude(status=Event.Status.CANCELLED).exclude(Exists(mine))
        .select_related("venue").annotate(seats_taken=_going_seats())
        .order_by("starts_at", "id")[:MEMBER_HOME_SHOWN]
    )
    for event in events:
        event.full = event.capacity is not None and event.seats_taken >= event.capacity  # type: ignore[attr-defined]
    return events


def member_event_get(*, actor: Actor, pk: int | str) -> Event:
    """An event the member has an RSVP for (not cancelled), for its calendar file; anyone else: OutOfReach."""
    mine = RSVP.objects.filter(event=OuterRef("pk"), person__in=access.own_person_scope(actor)).exclude(
        status=RSVP.Status.CANCELLED)
    qs = Event.objects.filter(Exists(mine)).select_related("venue")
    return access.get_in_scope(qs, pk=pk)


def member_rsvp_for_event(*, actor: Actor, event: Event) -> RSVP | None:
    """The member's own active RSVP to this event (with its bus and pickup point), for their calendar file."""
    return (RSVP.objects.filter(event=event, person__in=access.own_person_scope(actor))
            .exclude(status=RSVP.Status.CANCELLED).select_related("bus__pickup_point").order_by("pk").first())


def member_joinable_get(*, actor: Actor, pk: int | str) -> Event:
    """One event a member may join from their home page (public, their region or statewide)."""
    return access.get_in_scope(access.member_event_scope(actor), pk=pk)


# The "manage your RSVP" link (no account: whoever holds the link) --------------------------------------------

def rsvp_manage_get(*, token: str, now: datetime | None = None) -> RSVP:
    """The one RSVP a manage link is for, with its event, venue, bus and pickup point (anyone holding the link).
    A forged token, another salt's, an RSVP or event that is gone, or an event that has ended: OutOfReach."""
    ids = manage_links.manage_token_read(token)
    if ids is None:
        raise OutOfReach("rsvp")
    rsvp = (RSVP.objects.select_related("event__venue", "bus__pickup_point")
            .filter(pk=ids[0], event_id=ids[1], event__ends_at__gt=now or timezone.now()).first())
    if rsvp is None:
        raise OutOfReach("rsvp")
    return rsvp


@dataclass(frozen=True)
class ManagePage:
    """What the manage page shows: the RSVP, the event's buses with seats left, the buses this person may choose
    now (seats for their party, or the bus they are on), and their phone masked to its last four digits."""

    rsvp: RSVP
    buses: list[Bus]
    choosable: frozenset[int]
    phone_mask: str


def rsvp_manage_page(*, rsvp: RSVP) -> ManagePage:
    """The manage page's facts for one RSVP (from `rsvp_manage_get`): two queries. Nothing about anyone else,
    and of the person only a masked phone."""
    buses = buses_with_seats(event=rsvp.event)
    going = rsvp.status == RSVP.Status.GOING
    choosable = frozenset(
        bus.pk for bus in buses
        if bus.pk == rsvp.bus_id or not going or bus.left >= rsvp.seats
    )
    phone = (PersonPhone.objects.filter(person_id=rsvp.person_id, stopped_working_on__isnull=True)
             .order_by("-is_primary", "id").values_list("digits", flat=True).first())
    mask = f"•••-•••-{phone[-4:]}" if phone else ""
    return ManagePage(rsvp=rsvp, buses=buses, choosable=choosable, phone_mask=mask)


def rsvp_manage_stamp(rsvp: RSVP) -> str:
    """The version of an RSVP a manage form was drawn from: a form drawn from an older one is stale."""
    return str(int(rsvp.updated_at.timestamp() * 1_000_000))


# How long after an event its organizer is asked to record who came: the first two weeks.
ATTENDANCE_PROMPT_DAYS = 14
ATTENDANCE_PROMPTS_SHOWN = 5


def attendance_to_record(*, actor: Actor, now: datetime | None = None) -> list[Event]:
    """The events this user planned (`created_by`) that ended in the last two weeks, not cancelled, with people
    going and nobody checked in or marked a no-show yet: their home page asks them to record who came. Once one
    check-in or no-show is recorded the prompt is gone. Those who work with people only; one query."""
    now = now or timezone.now()
    recorded = RSVP.objects.filter(event=OuterRef("pk")).filter(
        Q(checked_in_at__isnull=False) | Q(no_show_at__isnull=False))
    going = RSVP.objects.filter(event=OuterRef("pk"), status=RSVP.Status.GOING)
    return list(
        access.event_scope(actor)
        .filter(created_by_id=getattr(actor, "pk", None), ends_at__lte=now,
                ends_at__gt=now - timedelta(days=ATTENDANCE_PROMPT_DAYS))
        .exclude(status=Event.Status.CANCELLED).filter(Exists(going)).exclude(Exists(recorded))
        .order_by("-ends_at", "id")[:ATTENDANCE_PROMPTS_SHOWN]
    )
