"""Sensitive facts are encrypted at rest: no plain text in the database, typed values back, keys that rotate."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coalition.fieldcrypto import FieldKeyError, check_keys, new_key
from members.models import SensitiveFacts
from tests.members.factories import PersonFactory

COLUMNS = ("lived_experience", "registry_status", "supervision_status", "housing_unstable", "reporting_day", "note")
BEFORE_ENCRYPTION = [("members", "0013_tags_referrals_voting_bloc")]


def _raw(pk: int) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {", ".join(COLUMNS)} FROM members_sensitivefacts WHERE id = %s', [pk])  # noqa: S608
        return dict(zip(COLUMNS, cursor.fetchone(), strict=True))


def _facts(**fields: Any) -> SensitiveFacts:
    values = {"lived_experience": "directly", "registry_status": "current", "supervision_status": "parole",
              "housing_unstable": True, "reporting_day": 2, "note": "Reports to the Peoria office on Wednesdays",
              **fields}
    return SensitiveFacts.objects.create(person=PersonFactory(), **values)


@pytest.mark.django_db
def test_the_database_holds_no_plain_fact_and_reads_give_back_their_types() -> None:
    facts = _facts()
    raw = _raw(facts.pk)
    for column in COLUMNS:
        assert raw[column].startswith("gAAAA"), column  # a Fernet token
    joined = " ".join(raw.values())
    for plain in ("directly", "current", "parole", "Peoria", "true", "True"):
        assert plain not in joined
    again = SensitiveFacts.objects.get(pk=facts.pk)
    assert (again.lived_experience, again.registry_status, again.supervision_status, again.housing_unstable,
            again.reporting_day, again.note) == (
        "directly", "current", "parole", True, 2, "Reports to the Peoria office on Wednesdays")
    assert again.under_supervision
    values = SensitiveFacts.objects.filter(pk=facts.pk).values_list("reporting_day", "housing_unstable").get()
    assert values == (2, True)


@pytest.mark.django_db
def test_not_said_and_no_reporting_day_are_encrypted_too() -> None:
    facts = _facts(registry_status="", reporting_day=None, housing_unstable=False, note="")
    raw = _raw(facts.pk)
    assert raw["reporting_day"] is not None and raw["registry_status"] != ""
    again = SensitiveFacts.objects.get(pk=facts.pk)
    assert (again.registry_status, again.reporting_day, again.housing_unstable, again.note) == ("", None, False, "")
    assert _raw(facts.pk)["note"] != _raw(_facts(note="").pk)["note"]  # the same value encrypts differently


@pytest.mark.django_db
def test_an_encrypted_fact_cannot_be_filtered_on() -> None:
    with pytest.raises(FieldKeyError, match="registry_status is encrypted"):
        list(SensitiveFacts.objects.filter(registry_status="current"))


@pytest.mark.django_db
def test_keys_rotate_and_a_missing_key_is_a_plain_error(settings: Any) -> None:
    old, new = new_key(), new_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    facts = _facts()
    token = _raw(facts.pk)["note"]

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert SensitiveFacts.objects.get(pk=facts.pk).note.startswith("Reports")
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "members.SensitiveFacts: 1 rows re-encrypted" in out.getvalue()
    assert _raw(facts.pk)["note"] != token
    call_command("rotate_field_keys", stdout=io.StringIO())  # twice: still readable

    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert SensitiveFacts.objects.get(pk=facts.pk).registry_status == "current"
    assert check_keys(databases=["default"]) == []

    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(FieldKeyError, match="cannot be read with FIELD_ENCRYPTION_KEYS"):
        SensitiveFacts.objects.get(pk=facts.pk)
    [error] = check_keys(databases=["default"])
    assert error.id == "coalition.E001" and "FIELD_ENCRYPTION_KEYS" in error.msg
    assert check_keys() == []  # without --database the check does not touch the database


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_encryption_keeps_every_fact_and_holds_them_encrypted() -> None:
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_ENCRYPTION)
        apps = executor.loader.project_state(BEFORE_ENCRYPTION).apps
        person = apps.get_model("members", "Person").objects.create(first_name="Ana", last_name="Antes")
        plain = apps.get_model("members", "SensitiveFacts").objects.create(
            person=person, lived_experience="family", registry_status="former", supervision_status="",
            housing_unstable=True, reporting_day=4, note="Ask before sharing")
        empty = apps.get_model("members", "SensitiveFacts").objects.create(
            person=apps.get_model("members", "Person").objects.create(first_name="Bo", last_name="Antes"))
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert "Ask before" not in " ".join(str(v) for v in _raw(plain.pk).values())
    facts = SensitiveFacts.objects.get(pk=plain.pk)
    assert (facts.lived_experience, facts.registry_status, facts.supervision_status, facts.housing_unstable,
            facts.reporting_day, facts.note) == ("family", "former", "", True, 4, "Ask before sharing")
    blank = SensitiveFacts.objects.get(pk=empty.pk)
    assert (blank.housing_unstable, blank.reporting_day, blank.note) == (False, None, "")

    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_ENCRYPTION)  # and back: the plain values return
        with connection.cursor() as cursor:
            cursor.execute("SELECT registry_status, reporting_day, note FROM members_sensitivefacts WHERE id = %s",
                           [plain.pk])
            assert cursor.fetchone() == ("former", 4, "Ask before sharing")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
