"""One reading of phone numbers: the digits every app stores, searches, matches and texts by."""

from __future__ import annotations

import pytest

from coalition.phones import phone_digits, phone_e164
from events.services import person_match
from members.filters import search_people
from members.models import Person
from tests.members.factories import PersonFactory, add_phone


@pytest.mark.parametrize("typed", ["(312) 555-0142", "312.555.0142", "+1 312 555 0142", "1-312-555-0142",
                                   "13125550142", "3125550142", " 312 555 0142 "])
def test_every_way_of_writing_a_us_number_gives_its_ten_digits(typed: str) -> None:
    assert phone_digits(typed) == "3125550142"


@pytest.mark.parametrize(("fragment", "digits"), [("0142", "0142"), ("555-01", "55501"), ("312", "312"),
                                                  ("Lola 0142", "0142"), ("", ""), (None, "")])
def test_a_search_fragment_keeps_its_own_digits(fragment: str | None, digits: str) -> None:
    assert phone_digits(fragment) == digits


def test_another_country_keeps_its_country_code() -> None:
    assert phone_digits("+44 20 7946 0958") == "442079460958"
    assert phone_digits("+52 55 1234 5678") == "525512345678"


@pytest.mark.parametrize(("typed", "e164"), [("(312) 555-0142", "+13125550142"), ("+1 312 555 0142", "+13125550142"),
                                             ("555-0142", None), ("not a phone", None), ("", None),
                                             ("(312) 555-014", None)])
def test_e164_is_given_only_for_a_valid_number(typed: str, e164: str | None) -> None:
    assert phone_e164(typed) == e164


def test_a_number_already_read_is_written_without_reading_it_again() -> None:
    from phonenumber_field.phonenumber import PhoneNumber

    assert phone_e164(PhoneNumber.from_string("(312) 555-0142", region="US")) == "+13125550142"
    assert phone_e164(PhoneNumber.from_string("555-0142", region="US")) is None


@pytest.mark.django_db
def test_a_saved_phone_is_found_however_the_number_is_typed(regions: object) -> None:
    lola = PersonFactory(first_name="Lola", last_name="Reyes")
    PersonFactory(first_name="Sam", last_name="Other")
    phone = add_phone(lola, "+13125550142")
    assert phone.digits == phone_digits("1 (312) 555-0142")
    for typed in ("1 (312) 555-0142", "312.555.0142", "0142"):
        assert list(search_people(Person.objects.all(), typed)) == [lola]
    assert person_match(name="Lola Reyes", phone="1-312-555-0142").person == lola
