"""Reading a people CSV: decoding, the header, guessing the column mapping, and checking each row.

Pure functions with no writes; `members.services` imports what they accept. Every problem names its row
and column the way a spreadsheet does (row 1 is the header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import csvimport
from coalition.csvimport import Decoded
from coalition.phones import phone_digits, phone_e164

# What a column can hold, in the order the mapping form shows them.
TARGETS: dict[str, Any] = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "preferred_name": gettext_lazy("Preferred name"),
    "pronouns": gettext_lazy("Pronouns"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "county": gettext_lazy("County"),
    "preferred_language": gettext_lazy("Preferred language"),
    "street_address": gettext_lazy("Street address"),
    "city": gettext_lazy("City"),
    "postal_code": gettext_lazy("ZIP code"),
    "tags": gettext_lazy("Tags (separated by ; or ,)"),
}

# Header spellings seen on sign-in sheets and partners' spreadsheets.
GUESSES = {
    "first_name": {"first", "firstname", "first_name", "given", "givenname", "nombre"},
    "last_name": {"last", "lastname", "last_name", "surname", "family", "familyname", "apellido"},
    "preferred_name": {"preferred", "preferredname", "nickname", "goesby"},
    "pronouns": {"pronouns"},
    "phone": {"phone", "phonenumber", "cell", "mobile", "telephone", "tel", "telefono", "teléfono"},
    "email": {"email", "emailaddress", "e-mail", "correo"},
    "county": {"county", "condado"},
    "preferred_language": {"language", "preferredlanguage", "idioma"},
    "street_address": {"address", "street", "streetaddress"},
    "city": {"city", "ciudad", "town"},
    "postal_code": {"zip", "zipcode", "postalcode", "postal"},
    "tags": {"tags", "tag", "interests"},
}

LANGUAGES = {"en": "en", "english": "en", "inglés": "en", "ingles": "en",
             "es": "es", "spanish": "es", "español": "es", "espanol": "es"}


@dataclass
class Row:
    """One data row, cleaned, with the problems that stop it from being imported."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    repeats: int | None = None


def check_size(file_name: str, size: int) -> None:
    """Refuse a file over PEOPLE_IMPORT_MAX_BYTES, saying how big it is and what is accepted."""
    limit = settings.PEOPLE_IMPORT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("%(name)s is %(size).1f MB; the largest file accepted is %(limit).0f MB. Split it into smaller files.")
            % {"name": file_name, "size": size / 1_048_576, "limit": limit / 1_048_576}
        )


def decode(raw: bytes, file_name: str) -> Decoded:
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with one, else Latin-1. Refuses empty and
    huge files, and files that are not text."""
    check_size(file_name, len(raw))
    decoded = csvimport.decode(raw, file_name)
    if not decoded.text.strip():
        raise ValidationError(_("%(name)s is empty.") % {"name": file_name})
    return decoded


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-.]+", "", header.strip().lower())


def _looks_like_data(cell: str) -> bool:
    cell = cell.strip()
    return "@" in cell or len(phone_digits(cell)) >= 7


def read_header(text: str) -> list[str]:
    """The column names of the first row; a missing or unusable header is refused with where it is wrong."""
    rows = csvimport.records(text)
    _number, header = next(rows, (1, []))
    if header is None:
        raise ValidationError(csvimport.unreadable_row(1))
    if not header or not any(cell.strip() for cell in header):
        raise ValidationError(_("Row 1 must name the columns (First name, Phone, ...), but it is empty."))
    for index, cell in enumerate(header, start=1):
        if _looks_like_data(cell):
            raise ValidationError(
                _("Row 1 must name the columns, but column %(column)d holds “%(value)s”, which looks like data. "
                  "Add a header row.") % {"column": index, "value": cell.strip()[:40]}
            )
        if not cell.strip():
            raise ValidationError(_("Column %(column)d has no name in row 1.") % {"column": index})
    seen: dict[str, int] = {}
    for index, cell in enumerate(header, start=1):
        key = cell.strip().lower()
        if key in seen:
            raise ValidationError(
                _("Columns %(first)d and %(second)d are both named “%(name)s” in row 1.")
                % {"first": seen[key], "second": index, "name": cell.strip()}
            )
        seen[key] = index
    if not any(cells is None or any(cell.strip() for cell in cells) for _number, cells in rows):
        raise ValidationError(_("The file names its columns but has no rows of people."))
    return [cell.strip() for cell in header]


def guess_mapping(header: list[str]) -> dict[str, str]:
    """Target field -> column name, for the columns whose name says what they hold."""
    mapping: dict[str, str] = {}
    for column in header:
        normal = _normal(column)
        for target, names in GUESSES.items():
            if target not in mapping and normal in {_normal(n) for n in names}:
                mapping[target] = column
    return mapping


def normal_county(value: str) -> str:
    value = value.strip().lower()
    return value[: -len(" county")].strip() if value.endswith(" county") else value


def empty_values() -> dict[str, Any]:
    """The values of a row that says nothing: every field empty, no county, no tags, no outside ids."""
    return {**{k: "" for k in TARGETS}, "county": None, "tags": [], "external_ids": {}}


def read_rows(text: str, mapping: dict[str, str], counties: dict[str, Any]) -> list[Row]:
    """Every data row cleaned and checked. `counties` maps a lower-case name or FIPS code to a County."""
    columns = {target: column for target, column in mapping.items() if column}
    labels = {target: column for target, column in columns.items()}
    rows: list[Row] = []
    seen: dict[tuple[tuple[str, str], ...], int] = {}
    records = csvimport.records(text)
    _number, header = next(records, (1, []))
    for number, cells in records:
        if cells is None:
            rows.append(Row(number=number, values=empty_values(), problems=[csvimport.unreadable_row(number)]))
            continue
        record = dict(zip([column.strip() for column in header or []], cells, strict=False))
        raw = {target: (record.get(column) or "").strip() for target, column in columns.items()}
        if not any(raw.values()):
            continue
        row = Row(number=number)

        def problem(target: str, message: str, row: Row = row) -> None:
            row.problems.append(
                _("Row %(row)d, column “%(column)s”: %(message)s")
                % {"row": row.number, "column": labels.get(target, TARGETS[target]), "message": message}
            )

        values: dict[str, Any] = {k: raw.get(k, "") for k in TARGETS}
        values["external_ids"] = {}
        if not values["first_name"]:
            problem("first_name", _("a first name is needed."))
        if values["phone"]:
            e164 = phone_e164(values["phone"])
            if e164 is None:
                problem("phone", _("“%(value)s” is not a phone number.") % {"value": raw["phone"]})
            else:
                values["phone"] = e164
        if values["email"]:
            try:
                validate_email(values["email"])
                values["email"] = values["email"].lower()
            except ValidationError:
                problem("email", _("“%(value)s” is not an email address.") % {"value": raw["email"]})
        county = None
        if values["county"]:
            county = counties.get(normal_county(values["county"]))
            if county is None:
                problem("county", _("there is no Illinois county called “%(value)s”.") % {"value": raw["county"]})
        values["county"] = county
        if values["preferred_language"]:
            language = LANGUAGES.get(values["preferred_language"].lower())
            if language is None:
                problem("preferred_language", _("“%(value)s” is not a language we know (English or Spanish).")
                        % {"value": raw["preferred_language"]})
            values["preferred_language"] = language or ""
        values["tags"] = [t.strip() for t in re.split(r"[;,]", values["tags"]) if t.strip()]
        for target, limit in (("first_name", 100), ("last_name", 100), ("preferred_name", 100), ("pronouns", 40),
                              ("street_address", 200), ("city", 100), ("postal_code", 10)):
            if len(values[target]) > limit:
                problem(target, _("longer than %(limit)d characters.") % {"limit": limit})
        key = tuple(sorted((k, v.lower()) for k, v in raw.items()))
        if key in seen:
            row.repeats = seen[key]
            row.problems.append(
                _("Row %(row)d repeats row %(first)d; it is skipped.") % {"row": number, "first": seen[key]}
            )
        else:
            seen[key] = number
        row.values = values
        rows.append(row)
    return rows
