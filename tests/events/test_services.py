"""Events services: matching people, capacity and waitlist, buses, check-in, walk-ins, changes, flags."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.access import OutOfReach
from events import notices as event_notices
from events import services
from events.models import RSVP, Event
from members.models import Person, PersonPhone, SensitiveFacts
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, person_with_phone
from tests.members.factories import PersonFactory
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db


def submit(event: Event, **kwargs: object) -> RSVP:
    """A public RSVP that lands on a record (an exact match or a new person)."""
    data = {"name": "Ana Flores", "phone": "312-555-0199", "language": "es", "consent": True, **kwargs}
    rsvp = services.rsvp_public_submit(event=event, **data).rsvp  # type: ignore[arg-type]
    assert rsvp is not None
    return rsvp


def test_public_rsvp_creates_a_person_with_phone_and_consent(regions, django_capture_on_commit_callbacks) -> None:
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp = submit(event)
    person = rsvp.person
    assert rsvp.status == RSVP.Status.GOING and rsvp.source == RSVP.Source.PUBLIC and rsvp.language == "es"
    assert person.phones.get().digits == "3125550199"
    assert person.sms_consent and "public RSVP form" in person.sms_consent_how
    confirmation = Message.objects.get(kind=event_notices.Kind.CONFIRMATION)
    assert confirmation.status == Message.Status.SENT or confirmation.status == Message.Status.PENDING
    assert Message.objects.filter(kind=event_notices.Kind.REMINDER, **about(rsvp)).count() == 3


def test_public_rsvp_matches_by_phone_or_email_with_the_name_instead_of_duplicating(regions) -> None:
    known = person_with_phone("+13125550199", first_name="Known", last_name="Person", email="")
    by_email = PersonFactory(first_name="Eve", last_name="Nakamura", email="Someone@Example.org")
    event = EventFactory()
    assert submit(event, name="known  PERSON", phone="(312) 555-0199", email="new@example.org").person == known
    assert submit(EventFactory(), name="Eve Nakamura", phone="", email="someone@example.org").person == by_email
    assert Person.objects.count() == 2
    known.refresh_from_db()
    # A public form never edits a record it finds: the email typed is not added, the language not changed.
    assert (known.first_name, known.email, known.preferred_language) == ("Known", "", "en")


def test_double_click_returns_the_same_rsvp(regions) -> None:
    event = EventFactory()
    first = submit(event)
    second = submit(event)
    assert first.pk == second.pk
    assert RSVP.objects.count() == 1
    assert Message.objects.filter(kind=event_notices.Kind.CONFIRMATION).count() == 1


@pytest.mark.parametrize(
    ("change", "kwargs", "message"),
    [
        ({}, {"phone": "", "email": ""}, "phone number or an email"),
        ({}, {"phone": "555"}, "area code"),
        ({"rsvp_deadline": timezone.now() - timedelta(hours=1)}, {}, "closed"),
        ({"status": Event.Status.CANCELLED}, {}, "cancelled"),
    ],
)
def test_bad_rsvps_are_refused_with_a_plain_message(regions, change, kwargs, message) -> None:
    event = EventFactory(**change)
    with pytest.raises(ValidationError) as error:
        submit(event, **kwargs)
    assert message in " ".join(error.value.messages)
    assert not RSVP.objects.exists() and not Person.objects.exists()


def test_full_event_waitlists_in_order_and_a_cancellation_promotes_the_next(regions, staff) -> None:
    event = EventFactory(capacity=2)
    a, b = (services.rsvp_record(event=event, person=PersonFactory(), source="proxy")[0] for _ in range(2))
    c, _ = services.rsvp_record(event=event, person=PersonFactory(), source="proxy")
    d, _ = services.rsvp_record(event=event, person=PersonFactory(), source="proxy")
    assert [r.status for r in (a, b, c, d)] == ["going", "going", "waitlisted", "waitlisted"]
    services.rsvp_cancel(actor=staff, rsvp=a)
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == RSVP.Status.GOING and d.status == RSVP.Status.WAITLISTED
    assert Message.objects.filter(**about(c), kind=event_notices.Kind.PROMOTION).count() == 1
    services.rsvp_cancel(actor=staff, rsvp=a)  # twice: one effect
    d.refresh_from_db()
    assert d.status == RSVP.Status.WAITLISTED


def test_guests_take_seats_and_a_full_bus_waitlists(regions) -> None:
    bus = BusFactory(seats=3)
    first, _ = services.rsvp_record(event=bus.event, person=PersonFactory(), guests=2, bus=bus, source="proxy")
    second, _ = services.rsvp_record(event=bus.event, person=PersonFactory(), bus=bus, source="proxy")
    other_bus = BusFactory(event=bus.event)
    third, _ = services.rsvp_record(event=bus.event, person=PersonFactory(), bus=other_bus, source="proxy")
    assert (first.status, second.status, third.status) == ("going", "waitlisted", "going")


def test_a_bus_of_another_event_is_refused(regions) -> None:
    event = EventFactory()
    foreign = BusFactory()
    with pytest.raises(ValidationError) as error:
        services.rsvp_record(event=event, person=PersonFactory(), bus=foreign, source="proxy")
    assert "no longer running" in " ".join(error.value.messages)


def test_move_between_buses_checks_seats_and_warns_about_flagged_places(regions, staff) -> None:
    bus = BusFactory(seats=1)
    full = BusFactory(event=bus.event, seats=1)
    flagged = BusFactory(event=bus.event, pickup_point=PickupPointFactory(near_school_park_daycare=True))
    person = PersonFactory()
    SensitiveFacts.objects.create(person=person, registry_status=SensitiveFacts.Registry.CURRENT)
    rsvp, _ = services.rsvp_record(event=bus.event, person=person, bus=bus, source="proxy")
    services.rsvp_record(event=bus.event, person=PersonFactory(), bus=full, source="proxy")
    with pytest.raises(ValidationError, match="full"):
        services.rsvp_move_bus(actor=staff, rsvp=rsvp, bus=full)
    with pytest.raises(services.PlacementWarning):
        services.rsvp_move_bus(actor=staff, rsvp=rsvp, bus=flagged)
    services.rsvp_move_bus(actor=staff, rsvp=rsvp, bus=flagged, confirmed=True)
    rsvp.refresh_from_db()
    assert rsvp.bus == flagged


def test_proxy_rsvp_stays_in_the_organizers_reach(regions, organizer_chicago, organizer_central) -> None:
    event = EventFactory()
    chicago_person = PersonFactory()
    with pytest.raises(OutOfReach):
        services.rsvp_proxy(actor=organizer_central, event=event, person=chicago_person)
    rsvp = services.rsvp_proxy(actor=organizer_chicago, event=event, person=chicago_person,
                               travel_permission="needed")
    assert rsvp.source == RSVP.Source.PROXY and rsvp.travel_permission == "needed"


def test_check_in_is_idempotent_and_walk_ins_are_matched_or_created(regions, organizer_chicago) -> None:
    event = EventFactory(region=organizer_chicago.region)
    rsvp = RSVPFactory(event=event, status=RSVP.Status.GOING)
    first = services.rsvp_check_in(actor=organizer_chicago, rsvp=rsvp).checked_in_at
    assert services.rsvp_check_in(actor=organizer_chicago, rsvp=rsvp).checked_in_at == first
    known = person_with_phone("+13125550111")
    walk = services.walk_in_record(actor=organizer_chicago, event=event, name="Someone", phone="3125550111")
    assert walk.person == known and walk.checked_in_at and walk.source == RSVP.Source.WALK_IN
    new = services.walk_in_record(actor=organizer_chicago, event=event, name="New Comer", phone="3125550122")
    assert new.person.region == organizer_chicago.region
    assert PersonPhone.objects.filter(digits="3125550122").count() == 1


def test_organizers_create_events_only_in_their_region(regions, organizer_chicago, region_central) -> None:
    start = timezone.now() + timedelta(days=5)
    fields = {"title": "T", "slug": "t", "kind": "training", "starts_at": start, "ends_at": start + timedelta(hours=1),
              "online_url": "https://example.org/meet"}
    with pytest.raises(OutOfReach):
        services.event_create(actor=organizer_chicago, region=region_central, **fields)
    event = services.event_create(actor=organizer_chicago, region=organizer_chicago.region, **fields)
    assert event.pk


def test_a_new_time_sends_change_notices_and_reschedules_reminders(regions, staff) -> None:
    event = EventFactory()
    rsvp, _ = services.rsvp_record(event=event, person=PersonFactory(), source="proxy")
    services.event_update(actor=staff, event=event, starts_at=event.starts_at + timedelta(days=1),
                          ends_at=event.ends_at + timedelta(days=1))
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGED and event.sequence == 1
    assert Message.objects.filter(**about(rsvp), kind=event_notices.Kind.CHANGE).count() == 1
    assert Message.objects.filter(**about(rsvp), kind=event_notices.Kind.REMINDER).count() == 6  # 3 old + 3 new
    services.event_cancel(actor=staff, event=event)
    services.event_cancel(actor=staff, event=event)
    assert Message.objects.filter(**about(rsvp), kind=event_notices.Kind.CANCELLATION).count() == 1


def test_an_organizers_walk_ins_join_their_region_and_staffs_the_events(regions, organizer_chicago, staff,
                                                                         region_central) -> None:
    event = EventFactory(region=region_central)
    by_organizer = services.walk_in_record(actor=organizer_chicago, event=event, name="Ana Door", phone="3125550133")
    by_staff = services.walk_in_record(actor=staff, event=event, name="Bo Door", phone="3125550144")
    assert by_organizer.person.region == organizer_chicago.region
    assert by_staff.person.region == region_central
