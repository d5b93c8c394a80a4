"""Ids other tools gave a person: kept per source, matched before phone, email and name, by an import row and
by the one-person signup the API uses; moved on merge, erased on forget."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.access import OutOfReach
from members import importing, services
from members.models import Person, PersonExternalId
from tests.members.factories import PersonFactory, add_phone, cook_county

pytestmark = pytest.mark.django_db


def _values(**values: object) -> dict[str, object]:
    return {**importing.empty_values(), **values}


def test_signup_creates_a_person_with_their_outside_id_phone_and_tags(organizer_chicago):
    outcome, person = services.person_signup(actor=organizer_chicago, values=_values(
        first_name="Ana", last_name="Ruiz", phone="+13125550111", county=cook_county(), tags=["Clean Slate"],
        external_ids={"action_network": "an-1"},
    ))
    assert outcome == "created"
    person.refresh_from_db()
    assert (person.first_name, person.region.slug) == ("Ana", "chicago")
    assert list(person.phones.values_list("digits", flat=True)) == ["3125550111"]
    assert list(person.tags.values_list("name", flat=True)) == ["Clean Slate"]
    assert list(person.external_ids.values_list("source", "external_id")) == [("action_network", "an-1")]


def test_an_outside_id_matches_before_phone_and_email(organizer_chicago):
    known = PersonFactory(first_name="Ana", last_name="Ruiz", county=cook_county(), email="")
    PersonExternalId.objects.create(person=known, source="van", external_id="1001")
    other = PersonFactory(first_name="Bea", county=cook_county(), email="bea@example.org")
    add_phone(other, "+13125550122")
    outcome, person = services.person_signup(actor=organizer_chicago, values=_values(
        first_name="Ana", phone="+13125550122", email="bea@example.org", external_ids={"van": "1001"},
    ))
    assert (outcome, person.pk) == ("matched", known.pk)
    # The match is only filled in: its empty email takes the row's, and the row's phone is added beside.
    known.refresh_from_db()
    assert known.email == "bea@example.org" and known.first_name == "Ana"
    assert list(known.phones.values_list("digits", flat=True)) == ["3125550122"]
    assert Person.objects.count() == 2


def test_the_same_id_from_another_source_is_another_person(organizer_chicago):
    known = PersonFactory(first_name="Ana", county=cook_county())
    PersonExternalId.objects.create(person=known, source="van", external_id="1001")
    outcome, person = services.person_signup(actor=organizer_chicago, values=_values(
        first_name="Cy", county=cook_county(), external_ids={"action_network": "1001"}))
    assert outcome == "created" and person.pk != known.pk


def test_signing_up_twice_is_one_person_with_one_id(organizer_chicago):
    values = _values(first_name="Ana", county=cook_county(), external_ids={"mobilize": "m-9"})
    first = services.person_signup(actor=organizer_chicago, values=values)[1]
    outcome, second = services.person_signup(actor=organizer_chicago, values=values)
    assert (outcome, second.pk) == ("matched", first.pk)
    assert PersonExternalId.objects.filter(source="mobilize").count() == 1


def test_an_id_held_by_a_record_out_of_reach_is_not_matched_nor_moved(organizer_chicago, organizer_central):
    theirs = PersonFactory(first_name="Dee", region=organizer_central.region, county=None)
    PersonExternalId.objects.create(person=theirs, source="van", external_id="77")
    outcome, person = services.person_signup(actor=organizer_chicago, values=_values(
        first_name="Dee", county=cook_county(), external_ids={"van": "77"}))
    assert outcome == "created" and person.pk != theirs.pk
    assert PersonExternalId.objects.get(source="van", external_id="77").person_id == theirs.pk


def test_one_id_per_source_belongs_to_one_person_in_the_database():
    a, b = PersonFactory(), PersonFactory()
    PersonExternalId.objects.create(person=a, source="van", external_id="5")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonExternalId.objects.create(person=b, source="van", external_id="5")


def test_signup_refuses_a_member_and_writes_nothing(member):
    with pytest.raises(OutOfReach):
        services.person_signup(actor=member, values=_values(first_name="Eve", external_ids={"van": "8"}))
    assert not PersonExternalId.objects.exists()


def test_signup_refuses_a_bad_row_before_writing(organizer_chicago):
    with pytest.raises(ValidationError):
        services.person_signup(actor=organizer_chicago, values=_values(
            first_name="F" * 300, county=cook_county(), external_ids={"van": "9"}))
    assert not PersonExternalId.objects.exists() and not Person.objects.filter(first_name__startswith="FFF").exists()


def test_merge_moves_the_ids_and_forget_erases_them(staff, coalition_admin):
    keep, drop = PersonFactory(county=cook_county()), PersonFactory(county=cook_county())
    PersonExternalId.objects.create(person=drop, source="van", external_id="31")
    services.person_merge(actor=staff, keep=keep, drop=drop)
    assert list(keep.external_ids.values_list("external_id", flat=True)) == ["31"]
    request = services.forget_request_record(actor=staff, person=keep, who_asked="themselves", how="phone",
                                             asked_on=timezone.localdate())
    services.forget_carry_out(actor=coalition_admin, request=request, typed_name=keep.display_name, understood=True)
    assert not PersonExternalId.objects.exists()
