"""factory-boy factories for people."""

from __future__ import annotations

import datetime

import factory

from coalition.models import County
from coalition.reference import load_regions_and_counties
from members.models import ForgetRequest, Person, PersonPhone


def cook_county() -> County:
    """Cook County, loading the reference data first if a transactional test flushed it."""
    load_regions_and_counties()
    return County.objects.get(fips="17031")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    county = factory.LazyFunction(cook_county)
    region = factory.LazyAttribute(lambda person: person.county.region if person.county else None)


def add_phone(person: Person, number: str, **fields: object) -> PersonPhone:
    """Save a phone for a person (the model keeps its digits in sync on save)."""
    phone = PersonPhone(person=person, number=number, **fields)
    phone.save()
    return phone


class ForgetRequestFactory(factory.django.DjangoModelFactory):
    """A waiting request to be forgotten, as staff write it down; pass `requested_by`."""

    class Meta:
        model = ForgetRequest

    person = factory.SubFactory(PersonFactory)
    who_asked = ForgetRequest.WhoAsked.THEMSELVES
    how = ForgetRequest.How.IN_PERSON
    asked_on = factory.LazyFunction(lambda: datetime.date(2026, 5, 1))
