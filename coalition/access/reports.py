"""The access policy: the statewide picture (the county map and the funder report).

Part of coalition.access (see its docstring); import it from there. The map counts only what the viewer may
see: staff the state, an organizer their turf, a partner representative the events of the campaigns their
tables run, and a partner never sees a count small enough to point at a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from coalition.access import (
    is_organizer,
    is_partner,
    is_staff_or_admin,
    may_work_with_people,
    organizer_turf,
    person_scope,
    signed_in,
)

if TYPE_CHECKING:
    from campaigns.models import Campaign
    from coalition.access import Actor
    from events.models import RSVP, Event
    from members.models import Person, RecordClearingReferral

# Below this a count is written "fewer than 5" on anything a partner representative may see.
SMALL_COUNT = 5


def may_read_county_map(actor: Actor | None) -> bool:
    """The county map: whoever works with people (over their reach) and partner representatives (over their
    tables' campaign events, small counts hidden)."""
    return may_work_with_people(actor) or (is_partner(actor) and actor.organization_id is not None)


def may_map_people(actor: Actor | None) -> bool:
    """The people measures of the map (people, stages, contacts, voting bloc): those who work with people."""
    return may_work_with_people(actor)


def must_hide_small_counts(actor: Actor | None) -> bool:
    """Counts under SMALL_COUNT are hidden from partner representatives (and from anyone outside the staff who
    is not a people worker); staff and organizers see the exact numbers of their own reach."""
    return not may_work_with_people(actor)


def map_person_scope(actor: Actor | None) -> QuerySet[Person]:
    """The people the map counts: the viewer's people scope (staff all, an organizer their turf); none for partners."""
    from members.models import Person

    return person_scope(actor) if may_map_people(actor) else Person.objects.none()


def map_referral_scope(actor: Actor | None) -> QuerySet[RecordClearingReferral]:
    """Referrals the map counts (a sensitive fact, counted only): staff all; an organizer those of their region's
    people, as the referrals page shows them."""
    from coalition.access.people import referral_scope
    from members.models import RecordClearingReferral

    return referral_scope(actor) if may_map_people(actor) else RecordClearingReferral.objects.none()


def map_rsvp_scope(actor: Actor | None) -> QuerySet[RSVP]:
    """RSVPs the map counts: those of people in the viewer's reach; for a partner representative the RSVPs to
    events of campaigns run by the tables where their organization has a seat (counted, never named)."""
    from events.models import RSVP

    user = signed_in(actor)
    rsvps = RSVP.objects.filter(person__forgotten_at__isnull=True)
    if is_staff_or_admin(user):
        return rsvps
    if is_organizer(user):
        return rsvps.filter(organizer_turf(user, "person__"))
    if is_partner(user) and user.organization_id is not None:
        return rsvps.filter(event__campaign_id__in=map_campaign_scope(user).values("pk"))
    return RSVP.objects.none()


def may_read_funder_report(actor: Actor | None) -> bool:
    """The funder report counts the whole state: staff and admins."""
    return is_staff_or_admin(actor)


def map_campaign_scope(actor: Actor | None) -> QuerySet[Campaign]:
    """The campaigns the map may be narrowed to: every campaign for people workers; a partner representative
    the campaigns their tables run."""
    from campaigns.models import Campaign
    from coalition.access.tables import campaign_scope, table_scope

    if may_map_people(actor):
        return campaign_scope(actor)
    if may_read_county_map(actor):
        return Campaign.objects.filter(pk__in=Campaign.objects.filter(tables__in=table_scope(actor)).values("pk"))
    return Campaign.objects.none()


def map_event_scope(actor: Actor | None) -> QuerySet[Event]:
    """The events the map may be narrowed to: every event for people workers; a partner representative the
    events of their tables' campaigns."""
    from coalition.access.events import event_scope
    from events.models import Event

    if may_map_people(actor):
        return event_scope(actor)
    if may_read_county_map(actor):
        return Event.objects.filter(campaign_id__in=map_campaign_scope(actor).values("pk"))
    return Event.objects.none()


def may_read_dashboards(actor: Actor | None) -> bool:
    """The region and state dashboards: whoever works with people, each over their own reach."""
    return may_work_with_people(actor)
