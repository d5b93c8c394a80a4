"""factory-boy factories for people."""

from __future__ import annotations

import factory

from coalition.models import County
from members.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    county = factory.LazyFunction(lambda: County.objects.get(fips="17031"))
    region = factory.LazyAttribute(lambda person: person.county.region if person.county else None)
