"""factory-boy factories for people."""

from __future__ import annotations

import factory

from coalition.models import County
from members.models import Person, PersonPhone


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    county = factory.LazyFunction(lambda: County.objects.get(fips="17031"))
    region = factory.LazyAttribute(lambda person: person.county.region if person.county else None)


def add_phone(person: Person, number: str, **fields: object) -> PersonPhone:
    """Save a phone for a person (the model keeps its digits in sync on save)."""
    phone = PersonPhone(person=person, number=number, **fields)
    phone.save()
    return phone
