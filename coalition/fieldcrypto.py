"""Model fields whose values are encrypted in the database: the sensitive facts about people with records.

Each value is JSON-encoded (so a boolean, a weekday number or "not said" keep their type), then encrypted and
authenticated with Fernet under the first of FIELD_ENCRYPTION_KEYS; every key in the list can still read, so a
new key goes first and `manage.py rotate_field_keys` re-encrypts the rows before the old key is dropped. The
database holds no plain text, so these fields cannot be filtered or sorted on: nothing in the app needs to, and
search never touches them. A value no key can read raises FieldKeyError with a plain message, never garbage.
"""

from __future__ import annotations

import json
from functools import cached_property, lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class FieldKeyError(Exception):
    """Encrypted values that the configured keys cannot read: the keys are wrong or missing."""


def new_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise FieldKeyError("FIELD_ENCRYPTION_KEYS is empty: sensitive facts cannot be read or written.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise FieldKeyError("FIELD_ENCRYPTION_KEYS holds a value that is not a key (44 characters of URL-safe "
                            "base64, as `manage.py rotate_field_keys --new-key` prints).") from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: Any) -> str:
    return fernet().encrypt(json.dumps(value).encode()).decode()


def decrypt(token: str) -> Any:
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise FieldKeyError("Sensitive facts in the database cannot be read with FIELD_ENCRYPTION_KEYS: the key "
                            "they were written with is missing from the list.") from error


def rotate(token: str) -> str:
    """The same value encrypted under the first key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise FieldKeyError("A sensitive fact cannot be read with any of FIELD_ENCRYPTION_KEYS.") from error


class EncryptedMixin:
    """Stores the field's Python value encrypted in a text column; reads decrypt. No lookups but isnull."""

    def db_type(self, connection: Any) -> str | None:
        return models.TextField().db_type(connection)

    def db_check(self, connection: Any) -> None:
        return None  # a range check on a ciphertext would always fail

    def get_internal_type(self) -> str:
        return "TextField"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        return encrypt(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.to_python(decrypt(value))  # type: ignore[attr-defined]

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldKeyError(f"{self.name} is encrypted: it cannot be filtered with {lookup_name}.")  # type: ignore[attr-defined]
        return super().get_lookup(lookup_name)  # type: ignore[misc]


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (choices and max_length checked on the plain value) kept encrypted."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField kept encrypted."""


class EncryptedBooleanField(EncryptedMixin, models.BooleanField):
    """A BooleanField kept encrypted."""


class EncryptedSmallIntegerField(EncryptedMixin, models.PositiveSmallIntegerField):
    """A PositiveSmallIntegerField (its choices checked on the plain value) kept encrypted."""

    @cached_property
    def validators(self) -> list[Any]:
        # The database's integer range does not apply to a text column: the small integer's range does.
        return [*self.default_validators, *self._validators, MinValueValidator(0), MaxValueValidator(32767)]  # type: ignore[attr-defined]


# -- Every encrypted column of the project, for the key check and the rotation ------------------------------


def encrypted_columns() -> dict[Any, list[str]]:
    """Each model with encrypted fields, and the columns of those fields."""
    from django.apps import apps

    found: dict[Any, list[str]] = {}
    for model in apps.get_models():
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        if columns:
            found[model] = columns
    return found


def check_keys(**kwargs: Any) -> list[Any]:
    """A system check (manage.py check --database default, and `make web` before it serves): one stored value of
    each encrypted model must decrypt, so wrong keys stop the start with a plain message instead of error pages."""
    from django.core.checks import Error
    from django.db import DatabaseError, connection

    if not kwargs.get("databases"):
        return []
    errors = []
    for model, columns in encrypted_columns().items():
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT "{columns[0]}" FROM "{model._meta.db_table}" LIMIT 1')  # noqa: S608
                row = cursor.fetchone()
        except DatabaseError:
            continue  # not migrated yet: nothing stored to read
        if row is None or row[0] is None:
            continue
        try:
            decrypt(row[0])
        except FieldKeyError as error:
            errors.append(Error(str(error), hint="Put the key these rows were written with in "
                                "FIELD_ENCRYPTION_KEYS (a new key goes first, the old one after it).",
                                obj=model._meta.label, id="coalition.E001"))
    return errors


def rotate_all(batch: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value under the first key, in batches. Safe to run twice; returns rows per model."""
    from django.db import connection, transaction

    done: dict[str, int] = {}
    for model, columns in encrypted_columns().items():
        table, count, last = model._meta.db_table, 0, None
        pk = model._meta.pk.column
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f'WHERE "{pk}" > %s ' if last is not None else ""
                cursor.execute(
                    f'SELECT "{pk}", {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" '  # noqa: S608
                    f'{where}ORDER BY "{pk}" LIMIT {int(batch)}', [last] if last is not None else [])
                rows = cursor.fetchall()
                if not rows:
                    break
                sets = ", ".join(f'"{c}" = %s' for c in columns)
                cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE "{pk}" = %s', [  # noqa: S608
                    [None if v is None else rotate(v) for v in row[1:]] + [row[0]] for row in rows])
                count, last = count + len(rows), rows[-1][0]
        done[model._meta.label] = count
    return done
