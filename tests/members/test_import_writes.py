"""How an import batch writes and checks what its rows change: the PostgreSQL statement and the portable one write
the same thing, each row only its own fields; a row is checked for the fields it sets and fails whole."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.models import County
from members import importing, services
from members.models import Person
from members.services.import_writes import people_update, people_update_portable, people_update_values
from tests.members.factories import PersonFactory, add_phone, cook_county

pytestmark = pytest.mark.django_db

_FIELDS = ("first_name", "last_name", "email", "street_address", "city", "postal_code", "county_id", "region_id",
           "sms_consent", "sms_consent_at", "sms_consent_how", "email_consent", "email_consent_at", "updated_at")


def _batch() -> tuple[list[Person], list[set[str]], datetime.datetime]:
    """Four people loaded, then changed in memory as four rows would change them, each different fields; a fifth
    field changes in the database behind the batch's back (someone else's edit) and must survive."""
    lake = County.objects.get(fips="17097")
    people = [PersonFactory(first_name=f"P{i}", last_name="", email="", city="", street_address="", county=None,
                            region=None) for i in range(4)]
    loaded = list(Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk"))
    now = timezone.now()
    at = now - datetime.timedelta(days=1)
    loaded[0].city, loaded[0].sms_consent, loaded[0].sms_consent_at, loaded[0].sms_consent_how = (
        "Chicago", True, at, "imported from Action Network")
    loaded[1].street_address, loaded[1].email = "1 S Pulaski Rd", "p1@example.org"
    loaded[2].county, loaded[2].region, loaded[2].email_consent, loaded[2].email_consent_at = (
        lake, lake.region, False, at)
    loaded[3].last_name = "Ruiz"
    changed = [{"city", "sms_consent", "sms_consent_at", "sms_consent_how"}, {"street_address", "email"},
               {"county", "region", "email_consent", "email_consent_at"}, {"last_name"}]
    for person, fields in zip(loaded, changed, strict=True):
        person.updated_at = now
        fields.add("updated_at")
    # Someone else's edits after the batch read the people: the batch writes none of these fields for them.
    Person.objects.filter(pk=loaded[1].pk).update(city="Evanston")
    Person.objects.filter(pk=loaded[3].pk).update(street_address="9 W Oak St", email="p3@example.org")
    return loaded, changed, at


def _stored(people: list[Person]) -> list[tuple[Any, ...]]:
    return list(Person.objects.filter(pk__in=[p.pk for p in people]).order_by("pk").values_list(*_FIELDS))


def _expected(people: list[Person], at: datetime.datetime) -> list[tuple[Any, ...]]:
    lake = County.objects.get(fips="17097")
    now = people[0].updated_at
    how = "imported from Action Network"
    return [
        ("P0", "", "", "", "Chicago", "", None, None, True, at, how, False, None, now),
        ("P1", "", "p1@example.org", "1 S Pulaski Rd", "Evanston", "", None, None, False, None, "", False, None, now),
        ("P2", "", "", "", "", "", lake.pk, lake.region_id, False, None, "", False, at, now),
        ("P3", "Ruiz", "p3@example.org", "9 W Oak St", "", "", None, None, False, None, "", False, None, now),
    ]


@pytest.mark.parametrize("write", [
    pytest.param(people_update_values, marks=pytest.mark.postgres, id="postgresql-values"),
    pytest.param(people_update_portable, id="portable"),
    pytest.param(people_update, id="the-database's-own"),
])
def test_each_row_writes_only_the_fields_it_changes(write):  # type: ignore[no-untyped-def]
    people, changed, at = _batch()
    write(people, changed)
    assert _stored(people) == _expected(people, at)


@pytest.mark.postgres
def test_the_postgresql_statement_and_the_portable_path_write_the_same():
    people, changed, _at = _batch()
    people_update_values(people, changed)
    by_values = _stored(people)
    people_update_portable(people, changed)  # writing the same batch again the other way changes nothing
    assert _stored(people) == by_values


@pytest.mark.postgres
def test_a_value_too_long_for_its_column_fails_instead_of_being_cut():
    from django.db import DatabaseError, transaction

    person = PersonFactory(city="")
    person.city = "x" * 101
    with pytest.raises(DatabaseError), transaction.atomic():
        people_update_values([person], [{"city"}])
    person.refresh_from_db()
    assert person.city == ""


def _values(**values: object) -> dict[str, object]:
    return {**importing.empty_values(), **values}


def test_a_signup_is_checked_for_the_fields_it_sets(organizer_chicago):
    with pytest.raises(ValidationError) as error:
        services.person_signup(actor=organizer_chicago, values=_values(first_name="Zed", email="not an email"))
    assert "email" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.person_signup(actor=organizer_chicago, values=_values(email="zed@example.org"))
    assert "first_name" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.person_signup(actor=organizer_chicago, values=_values(first_name="Zed", preferred_language="fr"))
    # A number no reader has checked is validated here (the import's reader checks its own, once).
    with pytest.raises(ValidationError) as error:
        services.person_signup(actor=organizer_chicago, values=_values(first_name="Zed", phone="+1555"))
    assert "number" in error.value.message_dict
    assert not Person.objects.filter(first_name="Zed").exists()


def test_a_match_whose_fill_in_is_invalid_fails_whole(organizer_chicago):
    known = PersonFactory(first_name="Ana", email="", street_address="", county=cook_county())
    add_phone(known, "+13125550111")
    with pytest.raises(ValidationError):
        services.person_signup(actor=organizer_chicago, values=_values(
            first_name="Ana", phone="+13125550111", email="bad@", street_address="1 S Pulaski Rd",
            consent={"sms": True}, consent_how="a form"))
    known.refresh_from_db()
    assert (known.email, known.street_address, known.sms_consent) == ("", "", False)
    outcome, person = services.person_signup(actor=organizer_chicago, values=_values(
        first_name="Ana", phone="+13125550111", street_address="1 S Pulaski Rd", consent={"sms": True},
        consent_how="a form"))
    known.refresh_from_db()
    assert (outcome, person.pk) == ("matched", known.pk)
    assert (known.street_address, known.sms_consent, known.sms_consent_how) == ("1 S Pulaski Rd", True, "a form")


def test_an_import_batch_whose_rows_change_different_fields(organizer_chicago, django_capture_on_commit_callbacks):
    """Through the whole import, on whichever database runs the tests: each matched row fills in its own gaps."""
    ana = PersonFactory(first_name="Ana", last_name="Ruiz", city="", email="", county=cook_county())
    add_phone(ana, "+13125550111")
    ben = PersonFactory(first_name="Ben", last_name="Okoro", city="Evanston", email="ben@example.org",
                        street_address="", county=cook_county())
    cy = PersonFactory(first_name="Cy", last_name="Ho", city="", email="cy@example.org", county=cook_county())
    text = ("First name,Last name,Phone,Email,City,Street address,SMS consent\n"
            "Ana,Ruiz,312-555-0111,ana@example.org,,,yes\n"
            "Ben,Okoro,,ben@example.org,Chicago,5 N State St,\n"
            "Cy,Ho,,cy@example.org,Chicago,,no\n")
    job = services.import_job_create(actor=organizer_chicago, file_name="s.csv", raw=text.encode())
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(actor=organizer_chicago, job=job)
    job.refresh_from_db()
    assert [r["status"] for r in job.results] == ["matched"] * 3
    ana.refresh_from_db()
    ben.refresh_from_db()
    cy.refresh_from_db()
    assert (ana.email, ana.city, ana.sms_consent) == ("ana@example.org", "", True)
    assert (ben.city, ben.street_address, ben.sms_consent) == ("Evanston", "5 N State St", False)
    assert (cy.city, cy.street_address, cy.sms_consent, cy.sms_consent_at) == ("Chicago", "", False, None)


@pytest.mark.parametrize("vendor_path", [pytest.param(True, marks=pytest.mark.postgres, id="postgresql-unnest"),
                                         pytest.param(False, id="bulk-create")])
def test_rows_insert_fills_defaults_and_skips_what_a_constraint_holds(vendor_path, monkeypatch):  # type: ignore[no-untyped-def]
    from django.db import connection

    from members.models import ConsentChange, PersonExternalId, Tag
    from members.services.import_writes import rows_insert

    if not vendor_path:
        monkeypatch.setattr(connection, "vendor", "portable")
    ana, ben = PersonFactory(first_name="Ana"), PersonFactory(first_name="Ben")
    PersonExternalId.objects.create(person=ben, source="action_network", external_id="an-2")
    rows_insert(PersonExternalId, [{"person_id": ana.pk, "source": "action_network", "external_id": "an-1"},
                                   {"person_id": ana.pk, "source": "action_network", "external_id": "an-2"}],
                ignore_conflicts=True)
    assert list(PersonExternalId.objects.order_by("external_id").values_list("person_id", "external_id")) == [
        (ana.pk, "an-1"), (ben.pk, "an-2")]  # the id Ben holds stays his
    assert PersonExternalId.objects.get(external_id="an-1").created_at is not None
    tag = Tag.objects.create(name="Pilot")
    ana.tags.add(tag)
    Through = Person.tags.through
    rows_insert(Through, [{"person_id": ana.pk, "tag_id": tag.pk}, {"person_id": ben.pk, "tag_id": tag.pk}],
                ignore_conflicts=True)
    assert sorted(Through.objects.values_list("person_id", flat=True)) == sorted([ana.pk, ben.pk])
    at = timezone.now()
    rows_insert(ConsentChange, [ConsentChange(person_id=ana.pk, channel="sms", given=True, method="import",
                                              how="imported", at=at)])
    change = ConsentChange.objects.get(person=ana)
    assert (change.given, change.how, change.at, change.recorded_by_id, change.phone_digits) == (
        True, "imported", at, None, "")


@pytest.mark.parametrize("written", ["(312) 555-0111", "+44 20 7946 0958", "+39 06 6988 4631", "+52 55 1234 5678",
                                     "+1 416 555 0199"])
def test_the_readers_digits_are_what_phone_digits_reads(written):  # type: ignore[no-untyped-def]
    from coalition.phones import phone_digits, phone_e164

    e164 = phone_e164(written)
    assert e164 is not None
    assert importing.e164_digits(e164) == phone_digits(e164) == phone_digits(written)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_large_import_refreshes_the_planner_statistics_of_what_it_wrote() -> None:
    from django.db import connection

    from members.models import PersonExternalId
    from members.services.import_writes import ANALYZE_AFTER_ROWS, refresh_statistics

    for n in range(3):
        PersonExternalId.objects.create(person=PersonFactory(), source="action_network", external_id=f"an-{n}")

    def estimated() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'members_personexternalid'")
            return cursor.fetchone()[0]

    refresh_statistics(ANALYZE_AFTER_ROWS - 1)  # a small import leaves them to autovacuum
    assert estimated() != 3
    refresh_statistics(ANALYZE_AFTER_ROWS)
    assert estimated() == 3
