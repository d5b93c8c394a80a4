"""Planning services: every kind of event with its campaign, RSVPs open or closed, archiving, co-hosts, venues
and pickup points with their staff-only flags, and buses (bad departures, seats, the capacity warning)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import Campaign
from coalition.access import OutOfReach
from coalition.models import Organization
from events import selectors, services
from events.models import RSVP, Bus, Event, EventHost, PickupPoint, Venue
from members.models import SensitiveFacts
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, VenueFactory
from tests.members.factories import PersonFactory


def _event_fields(**overrides):
    start = timezone.now() + timedelta(days=20)
    return {"title": "Chicago 400 conference", "slug": "c400-q1", "kind": Event.Kind.CONFERENCE, "region": None,
            "description": "", "starts_at": start, "ends_at": start + timedelta(hours=5), "venue": VenueFactory(),
            "online_url": "", "capacity": 120, "rsvp_deadline": None, "access_info": "", "is_public": True,
            "registration_open": True, "reminder_minutes": [1440], **overrides}


@pytest.mark.parametrize("kind", Event.Kind.values)
def test_every_kind_of_event_is_created_with_its_campaign(regions, staff, kind) -> None:
    campaign = Campaign.objects.create(name=f"Clean Slate {kind}", slug=f"clean-slate-{kind}")
    event = services.event_create(actor=staff, **_event_fields(kind=kind, slug=f"e-{kind}", campaign=campaign))
    event.refresh_from_db()
    assert event.kind == kind and event.campaign_id == campaign.pk and event.registration_open


def test_closed_registration_refuses_the_public_form_but_not_staff(regions, staff) -> None:
    event = services.event_create(actor=staff, **_event_fields(registration_open=False))
    with pytest.raises(ValidationError, match="closed"):
        services.rsvp_public_submit(event=event, name="Ana Ruiz", phone="+13125550100")
    rsvp = services.rsvp_proxy(actor=staff, event=event, person=PersonFactory())
    assert rsvp.status == RSVP.Status.GOING


def test_an_upcoming_event_is_cancelled_before_it_is_archived_and_then_leaves_the_lists(regions, staff) -> None:
    event = services.event_create(actor=staff, **_event_fields())
    with pytest.raises(ValidationError, match="cancel it first"):
        services.event_archive(actor=staff, event=event)
    services.event_cancel(actor=staff, event=event)
    services.event_archive(actor=staff, event=event)
    services.event_archive(actor=staff, event=event)  # twice: still archived, nothing else
    assert event.pk not in {e.pk for e in selectors.event_list(actor=staff)}
    assert event.pk in {e.pk for e in selectors.event_list(actor=staff, archived=True)}
    with pytest.raises(OutOfReach):
        selectors.event_public_get(slug=event.slug)
    services.event_archive(actor=staff, event=event, restore=True)
    assert selectors.event_public_get(slug=event.slug).pk == event.pk


def test_co_hosts_are_added_changed_and_removed_by_whoever_manages_the_event(regions, staff, organizer_central,
                                                                            region_chicago) -> None:
    event = EventFactory(region=region_chicago)
    org = Organization.objects.create(name="Cabrini-Green Legal Aid", kind=Organization.Kind.LEGAL_AID)
    host = services.event_host_add(actor=staff, event=event, organization=org, role=EventHost.Role.CO_HOST)
    again = services.event_host_add(actor=staff, event=event, organization=org, role=EventHost.Role.HOST)
    assert again.pk == host.pk and EventHost.objects.get().role == EventHost.Role.HOST
    with pytest.raises(OutOfReach):
        services.event_host_add(actor=organizer_central, event=event, organization=org, role="host")
    with pytest.raises(OutOfReach):
        services.event_host_remove(actor=organizer_central, event=event, organization=org)
    assert services.event_host_remove(actor=staff, event=event, organization=org)
    assert not services.event_host_remove(actor=staff, event=event, organization=org)


def test_venues_and_pickup_points_keep_their_flags_and_are_archived_not_deleted(regions, staff,
                                                                                region_central) -> None:
    venue = services.venue_create(actor=staff, name="Union Hall", street_address="1 Main St", city="Peoria",
                                  requires_id=True, presence_note="Across from a day care")
    venue = services.venue_update(actor=staff, venue=venue, law_enforcement_site=True, name="Union Hall")
    assert venue.requires_id and venue.law_enforcement_site
    event = EventFactory(venue=venue)
    services.venue_archive(actor=staff, venue=venue)
    venue.refresh_from_db()
    event.refresh_from_db()
    assert venue.archived_at is not None and event.venue_id == venue.pk
    assert not selectors.venue_list(actor=staff).filter(pk=venue.pk).exists()
    point = services.pickup_point_create(actor=staff, name="Police district 9 lot", region=region_central,
                                         street_address="3120 S Halsted", city="Chicago", law_enforcement_site=True)
    with pytest.raises(ValidationError):
        services.pickup_point_create(actor=staff, name="Police district 9 lot", region=region_central,
                                     street_address="elsewhere", city="Chicago")
    assert PickupPoint.objects.filter(name="Police district 9 lot").count() == 1
    services.pickup_point_archive(actor=staff, pickup_point=point)
    services.pickup_point_archive(actor=staff, pickup_point=point, restore=True)
    point.refresh_from_db()
    assert point.archived_at is None


def test_organizers_and_partners_do_not_manage_places(regions, organizer_chicago, partner_rep) -> None:
    for actor in (organizer_chicago, partner_rep):
        with pytest.raises(OutOfReach):
            services.venue_create(actor=actor, name="X", street_address="1", city="Y")
    assert not Venue.objects.filter(name="X").exists()


def test_placement_warnings_name_the_new_flags_and_the_private_note(regions) -> None:
    person = PersonFactory()
    SensitiveFacts.objects.create(person=person, registry_status=SensitiveFacts.Registry.CURRENT)
    venue = VenueFactory(requires_id=True, presence_note="Metal detectors at the door")
    point = PickupPointFactory(law_enforcement_site=True)
    event = EventFactory(venue=venue)
    bus = BusFactory(event=event, pickup_point=point)
    warnings = services.placement_warnings(person, bus=bus, event=event)
    assert any("show ID" in w for w in warnings)
    assert any("police station" in w for w in warnings)
    assert any("Metal detectors" in w for w in warnings)
    assert services.placement_warnings(PersonFactory(), bus=bus, event=event) == []


def test_a_bus_leaving_after_the_start_or_with_fewer_seats_than_people_is_refused(regions, staff) -> None:
    event = EventFactory(capacity=None)
    bus = BusFactory(event=event, seats=10, departs_at=event.starts_at - timedelta(hours=4))
    for _ in range(3):
        RSVPFactory(event=event, bus=bus, status=RSVP.Status.GOING)
    with pytest.raises(ValidationError) as caught:
        services.bus_update(actor=staff, bus=bus, pickup_point=bus.pickup_point,
                            departs_at=event.starts_at + timedelta(minutes=5), seats=2)
    assert {"departs_at", "seats"} <= set(caught.value.message_dict)
    bus.refresh_from_db()
    assert bus.seats == 10 and bus.departs_at < event.starts_at
    with pytest.raises(ValidationError) as caught:
        services.bus_create(actor=staff, event=event, pickup_point=PickupPointFactory(),
                            departs_at=event.starts_at, seats=20)
    assert "departs_at" in caught.value.message_dict
    assert Bus.objects.filter(event=event).count() == 1


def test_more_bus_seats_than_the_event_holds_is_a_warning_staff_confirm(regions, staff) -> None:
    event = EventFactory(capacity=60)
    BusFactory(event=event, seats=50, departs_at=event.starts_at - timedelta(hours=4))
    point = PickupPointFactory()
    with pytest.raises(services.CapacityWarning) as caught:
        services.bus_create(actor=staff, event=event, pickup_point=point,
                            departs_at=event.starts_at - timedelta(hours=3), seats=20)
    assert "70" in caught.value.messages[0] and "60" in caught.value.messages[0]
    assert Bus.objects.filter(event=event).count() == 1
    bus = services.bus_create(actor=staff, event=event, pickup_point=point,
                              departs_at=event.starts_at - timedelta(hours=3), seats=20, confirmed=True)
    assert bus.pk and Bus.objects.filter(event=event).count() == 2


def test_more_seats_on_a_bus_let_its_waitlist_in_in_order(regions, staff) -> None:
    event = EventFactory(capacity=None)
    bus = BusFactory(event=event, seats=1, departs_at=event.starts_at - timedelta(hours=4))
    services.rsvp_record(event=event, person=PersonFactory(), bus=bus, source=RSVP.Source.PROXY)
    waiting, _new = services.rsvp_record(event=event, person=PersonFactory(), bus=bus, source=RSVP.Source.PROXY)
    assert waiting.status == RSVP.Status.WAITLISTED
    services.bus_update(actor=staff, bus=bus, pickup_point=bus.pickup_point, departs_at=bus.departs_at, seats=2)
    waiting.refresh_from_db()
    assert waiting.status == RSVP.Status.GOING


def test_organizers_do_not_change_buses(regions, organizer_chicago) -> None:
    event = EventFactory()
    bus = BusFactory(event=event, departs_at=event.starts_at - timedelta(hours=4))
    with pytest.raises(OutOfReach):
        services.bus_update(actor=organizer_chicago, bus=bus, pickup_point=bus.pickup_point,
                            departs_at=bus.departs_at, seats=5)
