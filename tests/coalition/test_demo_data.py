"""The demo data and the reference data: 102 counties with real FIPS codes; seeding twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coalition.demo import DEMO_PASSWORD
from coalition.models import County, Organization, Region, User
from members.models import Person

pytestmark = pytest.mark.django_db


def test_every_illinois_county_is_loaded_with_its_fips_code(regions) -> None:  # type: ignore[no-untyped-def]
    assert County.objects.count() == 102
    fips = list(County.objects.order_by("fips").values_list("fips", flat=True))
    assert fips[0] == "17001" and fips[-1] == "17203"
    assert all(int(code[2:]) % 2 == 1 for code in fips)  # Census county codes are odd numbers
    assert County.objects.get(fips="17031").name == "Cook"
    assert County.objects.get(fips="17031").region.slug == "chicago"
    assert County.objects.get(fips="17167").name == "Sangamon"
    assert set(Region.objects.values_list("name", flat=True)) == {
        "Chicago", "Collar Counties", "Northern", "Central", "Metro East", "Southern",
    }


def snapshot() -> tuple[object, ...]:
    return (
        list(User.objects.order_by("email").values_list("email", "role", "password", "region__slug", "person_id")),
        list(Organization.objects.order_by("name").values_list("name", "kind", "region__slug")),
        list(Person.objects.order_by("id").values_list("first_name", "last_name", "region__slug")),
    )


def test_seed_is_idempotent_and_makes_the_demo_accounts() -> None:
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    roles = dict(User.objects.values_list("email", "role"))
    assert roles == {
        "admin@demo.coalition.test": "admin",
        "staff@demo.coalition.test": "staff",
        "chicago.organizer@demo.coalition.test": "organizer",
        "central.organizer@demo.coalition.test": "organizer",
        "partner@demo.coalition.test": "partner",
        "member@demo.coalition.test": "member",
    }
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="chicago.organizer@demo.coalition.test").region.slug == "chicago"
    assert User.objects.get(email="partner@demo.coalition.test").organization.name == "Safer Foundation"
    assert User.objects.get(email="member@demo.coalition.test").person is not None
    for name in ("CAASE", "CAARPR", "Shriver Center on Poverty Law", "TASC", "Kolbe House Jail Ministry",
                 "Law Office of the Cook County Public Defender", "Legal Council for Health Justice",
                 "Above and Beyond Family Recovery Center", "Safer Foundation"):
        assert Organization.objects.filter(name=name).exists(), name
