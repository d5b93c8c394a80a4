"""factory-boy factories for events, buses and RSVPs."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from coalition.models import Region
from events.models import RSVP, Bus, Event, PickupPoint, Venue
from members.models import PersonPhone
from tests.members.factories import PersonFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Hall {n}")
    street_address = "401 S 2nd St"
    city = "Springfield"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Advocacy day {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.ADVOCACY_DAY
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=6))
    venue = factory.SubFactory(VenueFactory)
    is_public = True


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    name = factory.Sequence(lambda n: f"Pickup {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(slug="central"))
    street_address = "309 S Dusenbery St"
    city = factory.Sequence(lambda n: f"Peoria {n}")


class BusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bus

    event = factory.SubFactory(EventFactory)
    pickup_point = factory.SubFactory(PickupPointFactory)
    departs_at = factory.LazyAttribute(lambda b: b.event.starts_at - timedelta(hours=3))
    seats = 50


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    source = RSVP.Source.PROXY


def person_with_phone(number: str = "+13125550142", **kwargs: object):  # type: ignore[no-untyped-def]
    person = PersonFactory(**kwargs)
    PersonPhone.objects.create(person=person, number=number, is_primary=True)
    return person
