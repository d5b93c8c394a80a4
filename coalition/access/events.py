"""The access policy: Events, series, venues and pickup points, RSVPs, transport, check-in, the review of public
RSVPs and the outbox.

Part of coalition.access (see its docstring); import it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from coalition.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from coalition.models import Region
    from events.models import RSVP, Event, EventSeries, HostLink, PickupPoint, RSVPReview, Venue

    # Who asks: `request.user` in a view, an account in a service or a task.
    Actor = User | AnonymousUser


from coalition.access import (
    is_member,
    is_organizer,
    is_staff_or_admin,
    may_work_with_people,
    person_scope,
    signed_in,
)

# Events, RSVPs, transport, check-in, the outbox (events and messaging apps) ----------------------------

def event_scope(actor: Actor | None) -> QuerySet[Event]:
    """Events in the app (not the public pages): everyone who works with people sees every event."""
    from events.models import Event

    return Event.objects.all() if may_work_with_people(actor) else Event.objects.none()


def member_event_scope(actor: Actor | None) -> QuerySet[Event]:
    """The events a member may join from their home page: public ones (not archived) of their own region or
    statewide. Everyone else: none (staff RSVP people by proxy)."""
    from events.models import Event
    from members.models import Person

    if not is_member(actor) or actor.person_id is None:
        return Event.objects.none()
    own_region = Person.objects.filter(pk=actor.person_id, region__isnull=False).values("region_id")
    return Event.objects.filter(Q(region__isnull=True) | Q(region_id__in=own_region), is_public=True,
                                archived_at__isnull=True)


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
    if event is None:
        return qs.filter(person__in=person_scope(actor))
    # One event's RSVPs are few: each one's person is checked by key. As `person__in` the database would read
    # every person on the organizer's turf (tens of thousands) to keep the two thousand of a big roster.
    in_reach = person_scope(actor).filter(pk=OuterRef("person_id")).order_by().values("pk")[:1]
    return qs.alias(person_in_reach=Subquery(in_reach)).filter(person_in_reach__isnull=False)


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


# Venues, pickup points, series and co-hosts ------------------------------------------------------------

def may_manage_places(actor: Actor | None) -> bool:
    """Adding, changing and archiving venues and pickup points, with their private presence flags: staff and
    admins."""
    return is_staff_or_admin(actor)


def may_see_presence_flags(actor: Actor | None) -> bool:
    """The staff-only flags of venues and pickup points (ID at the door, near a school, a police station...)."""
    return is_staff_or_admin(actor)


def venue_scope(actor: Actor | None) -> QuerySet[Venue]:
    """Venues: everyone who plans events sees them (by name); the archived ones too, for the events held there."""
    from events.models import Venue

    return Venue.objects.all() if may_work_with_people(actor) else Venue.objects.none()


def pickup_point_scope(actor: Actor | None) -> QuerySet[PickupPoint]:
    """Pickup points: staff and admins, who run transport."""
    from events.models import PickupPoint

    return PickupPoint.objects.all() if may_manage_transport(actor) else PickupPoint.objects.none()


def series_scope(actor: Actor | None) -> QuerySet[EventSeries]:
    """Recurring series in the app: everyone who works with people sees them, like events."""
    from events.models import EventSeries

    return EventSeries.objects.all() if may_work_with_people(actor) else EventSeries.objects.none()


def may_manage_series(actor: Actor | None, series: EventSeries) -> bool:
    """Creating, editing and cancelling a series: as for its events (staff; organizers in their own region)."""
    user = signed_in(actor)
    if is_staff_or_admin(user):
        return True
    return is_organizer(user) and series.region_id is not None and series.region_id == user.region_id


# Host links: check-in without an account -------------------------------------------------------------

def may_manage_host_links(actor: Actor | None, event: Event) -> bool:
    """Making and revoking an event's or a bus's host links: as for managing the event (staff and admins;
    organizers for events of their own region)."""
    return may_manage_event(actor, event)


def host_link_scope(actor: Actor | None, event: Event) -> QuerySet[HostLink]:
    """An event's host links (of every state) for those who may manage them; nobody else learns they exist."""
    from events.models import HostLink

    if not may_manage_host_links(actor, event):
        return HostLink.objects.none()
    return HostLink.objects.filter(event=event)
