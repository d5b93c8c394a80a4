"""Twenty callers pressing "next person" at the same instant, on PostgreSQL: twenty different people."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from calls import services
from calls.models import CallTarget
from members.models import Person, PersonPhone
from tests.calls.factories import call_list, daytime
from tests.coalition.factories import UserFactory
from tests.members.factories import cook_county


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_callers_at_once_never_get_the_same_person(regions, staff) -> None:
    county = cook_county()
    people = Person.objects.bulk_create([Person(first_name=f"P{i}", last_name="Crowd", county=county,
                                                region_id=county.region_id, phone_consent=True) for i in range(30)])
    PersonPhone.objects.bulk_create([PersonPhone(person=p, number=f"+1312555{i:04d}", digits=f"312555{i:04d}",
                                                 is_primary=True) for i, p in enumerate(people)])
    made = call_list(staff, people, questions=False)
    callers = [UserFactory(role=staff.role, email=f"caller{i}@test.example") for i in range(20)]
    now = daytime()
    start = threading.Barrier(len(callers))
    got: dict[int, int] = {}
    errors: list[BaseException] = []

    def press(caller) -> None:
        try:
            start.wait()
            got[caller.pk] = services.call_next(actor=caller, call_list=made, now=now).pk
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(c,)) for c in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(got) == 20 and len(set(got.values())) == 20
    held = dict(CallTarget.objects.filter(locked_by__isnull=False).values_list("pk", "locked_by_id"))
    assert held == {target: caller for caller, target in got.items()}
