"""Reading a people CSV: decoding, the header, guessing the column mapping, and checking each row.

Pure functions with no writes; `members.services` imports what they accept. Every problem names its row
and column the way a spreadsheet does (row 1 is the header).
"""

from __future__ import annotations

import csv
import datetime
import io
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
    "other_phone": gettext_lazy("Another phone"),
    "phones": gettext_lazy("Phones (several, separated by ;)"),
    "email": gettext_lazy("Email"),
    "county": gettext_lazy("County"),
    "preferred_language": gettext_lazy("Preferred language"),
    "street_address": gettext_lazy("Street address"),
    "city": gettext_lazy("City"),
    "postal_code": gettext_lazy("ZIP code"),
    "tags": gettext_lazy("Tags (separated by ; or ,)"),
    "external_id": gettext_lazy("Their id in the tool the file comes from"),
    "sms_consent": gettext_lazy("Text messages: subscribed or not"),
    "email_consent": gettext_lazy("Email: subscribed or not"),
    "phone_consent": gettext_lazy("Phone calls: agreed or not"),
}
PHONE_TARGETS = ("phone", "other_phone", "phones")
CONSENT_TARGETS = {"sms_consent": "sms", "email_consent": "email", "phone_consent": "phone"}

# Header spellings seen on sign-in sheets and partners' spreadsheets.
GUESSES = {
    "first_name": {"first", "firstname", "first_name", "given", "givenname", "nombre"},
    "last_name": {"last", "lastname", "last_name", "surname", "family", "familyname", "apellido", "apellidos"},
    "preferred_name": {"preferred", "preferredname", "nickname", "goesby"},
    "pronouns": {"pronouns"},
    "phone": {"phone", "phonenumber", "cell", "cellphone", "mobile", "mobilephone", "telephone", "tel", "telefono",
              "teléfono", "celular"},
    "other_phone": {"homephone", "otherphone", "workphone", "landline", "phone2"},
    "phones": {"phones"},
    "email": {"email", "emailaddress", "e-mail", "correo", "preferredemail"},
    "county": {"county", "countyname", "condado"},
    "preferred_language": {"language", "preferredlanguage", "idioma"},
    "street_address": {"address", "street", "streetaddress", "address1", "addressline1"},
    "city": {"city", "ciudad", "town"},
    "postal_code": {"zip", "zipcode", "postalcode", "postal", "zip5"},
    "tags": {"tags", "tag", "interests"},
    "sms_consent": {"smsconsent", "smsstatus", "textconsent", "smsoptin"},
    "email_consent": {"emailconsent", "subscriptionstatus", "emailstatus", "emailoptin"},
    "phone_consent": {"phoneconsent", "callconsent"},
}

LANGUAGES = {"en": "en", "english": "en", "inglés": "en", "ingles": "en",
             "es": "es", "spanish": "es", "español": "es", "espanol": "es"}

# What subscription and opt-in columns say. Anything that is not a yes is never a consent.
CONSENT_YES = {"subscribed", "yes", "y", "true", "1", "si", "sí", "optedin", "optin", "confirmed", "agreed"}
CONSENT_NO = {"unsubscribed", "no", "n", "false", "0", "optedout", "optout", "bouncing", "bounced", "spam",
              "spamcomplaint", "stopped", "unsubscribe", "notsubscribed", "never"}


@dataclass(frozen=True)
class Preset:
    """The columns of a file another tool exported, recognised from its header."""

    slug: str
    label: Any
    # Target -> the header spellings (normalised) that the tool uses for it, first found wins.
    columns: dict[str, tuple[str, ...]]
    # A header holding all of these (normalised) is this tool's.
    marks: tuple[frozenset[str], ...]


PRESETS = (
    Preset(
        slug="action_network", label="Action Network",
        columns={
            "external_id": ("uuid",), "first_name": ("firstname",), "last_name": ("lastname",),
            "email": ("email",), "phone": ("can2phone",), "street_address": ("can2useraddress",),
            "city": ("can2usercity",), "postal_code": ("zipcode",), "county": ("can2county",),
            "tags": ("can2usertags",), "email_consent": ("can2subscriptionstatus",),
            "sms_consent": ("can2smsstatus",),
        },
        marks=(frozenset({"uuid", "email"}), frozenset({"can2phone"}), frozenset({"can2subscriptionstatus"})),
    ),
    Preset(
        slug="van", label="VAN",
        columns={
            "external_id": ("voterfilevanid", "vanid", "myvoters", "mycampaignid"), "first_name": ("firstname",),
            "last_name": ("lastname",), "phone": ("cellphone", "phone", "preferredphone"),
            "other_phone": ("homephone",), "email": ("preferredemail", "email"), "county": ("countyname",),
            "street_address": ("maddress", "address"), "city": ("mcity", "city"),
            "postal_code": ("mzip5", "zip5", "mzip", "zip"),
        },
        marks=(frozenset({"voterfilevanid"}), frozenset({"vanid"})),
    ),
    Preset(
        slug="mobilize", label="Mobilize",
        columns={
            "external_id": ("userid", "personid"), "first_name": ("givenname",), "last_name": ("familyname",),
            "email": ("emailaddress",), "phone": ("phonenumber",), "postal_code": ("postalcode",),
            "sms_consent": ("smsoptinstatus",),
        },
        marks=(frozenset({"givenname", "familyname", "emailaddress"}),),
    ),
    Preset(
        slug="coalition", label=gettext_lazy("this app"),
        columns={
            "external_id": ("id",), "first_name": ("firstname",), "last_name": ("lastname",),
            "preferred_name": ("preferredname",),
            "pronouns": ("pronouns",), "preferred_language": ("preferredlanguage",), "email": ("email",),
            "phones": ("phones",), "street_address": ("streetaddress",), "city": ("city",),
            "postal_code": ("postalcode",), "county": ("county",), "tags": ("tags",),
            "sms_consent": ("smsconsent",), "email_consent": ("emailconsent",), "phone_consent": ("phoneconsent",),
        },
        marks=(frozenset({"firstname", "phones", "smsconsent", "reachthrough"}),),
    ),
)
PRESET_LABELS = {preset.slug: preset.label for preset in PRESETS}


@dataclass
class Row:
    """One data row, cleaned, with the problems that stop it from being imported."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Problems that do not stop the row: what they name is left out and the rest is imported.
    warnings: list[str] = field(default_factory=list)
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
    """The file's text: an Excel workbook's first sheet, else UTF-8 (with or without a byte-order mark), UTF-16
    with one, Windows-1252 or Latin-1. Refuses empty and huge files, and files that are not text."""
    check_size(file_name, len(raw))
    if raw.startswith(b"PK\x03\x04") and file_name.lower().endswith((".xlsx", ".xlsm")):
        decoded = Decoded(_workbook_text(raw, file_name), "xlsx")
    else:
        decoded = csvimport.decode(raw, file_name)
    if not decoded.text.strip():
        raise ValidationError(_("%(name)s is empty.") % {"name": file_name})
    return decoded


def _workbook_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a ZIP code or phone typed as a number
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _workbook_text(raw: bytes, file_name: str) -> str:
    """The first sheet of an .xlsx as the CSV text the rest of the import reads (kept, not exported)."""
    import openpyxl  # only imports of workbooks pay for loading it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # a damaged or password-protected workbook: openpyxl raises many kinds
        raise ValidationError(_("%(name)s cannot be opened as an Excel workbook. Open it and save it as “CSV "
                                "UTF-8”, then upload that file.") % {"name": file_name}) from error
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            writer.writerow([_workbook_cell(value) for value in cells])
    finally:
        workbook.close()
    return buffer.getvalue()


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


def preset_for(header: list[str]) -> Preset | None:
    """The tool whose export this header is, if it is one we know."""
    normal = {_normal(column) for column in header}
    for preset in PRESETS:
        if any(mark <= normal for mark in preset.marks):
            return preset
    return None


def guess_mapping(header: list[str]) -> dict[str, str]:
    """Target field -> column name: a known tool's columns first, then the columns whose name says what they
    hold."""
    by_normal = {_normal(column): column for column in reversed(header)}
    mapping: dict[str, str] = {}
    preset = preset_for(header)
    if preset is not None:
        for target, names in preset.columns.items():
            for name in names:
                if name in by_normal:
                    mapping[target] = by_normal[name]
                    break
    taken = set(mapping.values())
    for column in header:
        normal = _normal(column)
        for target, spellings in GUESSES.items():
            if target not in mapping and column not in taken and normal in {_normal(n) for n in spellings}:
                mapping[target] = column
                taken.add(column)
    return mapping


def unmapped_columns(header: list[str], mapping: dict[str, str]) -> list[str]:
    """The columns of the file that no field takes, in the file's order: listed on the preview, not imported."""
    used = {column for column in mapping.values() if column}
    return [column for column in header if column not in used]


def consent_how(source: str, file_name: str, on: datetime.date) -> str:
    """How consent read from a file was given, in the words kept with it."""
    where = PRESET_LABELS.get(source) or file_name
    return _("imported from %(source)s on %(date)s") % {"source": where, "date": on.isoformat()}


def normal_county(value: str) -> str:
    value = value.strip().lower()
    return value[: -len(" county")].strip() if value.endswith(" county") else value


def empty_values() -> dict[str, Any]:
    """The values of a row that says nothing: every field empty, no county, no tags, no phones, no outside ids and
    no consent. "phone" is the first of "phones" (a caller may give either); "consent" is {channel: bool};
    "phone_digits" is {number: its digits} for the numbers the reader has checked."""
    return {**{k: "" for k in TARGETS}, "county": None, "tags": [], "external_ids": {}, "phones": [],
            "consent": {}, "consent_how": "", "phone_digits": {}}


def e164_digits(e164: str) -> str:
    """The digits `phone_digits` reads from a valid number written in E.164 (as `phone_e164` writes it), without
    parsing it again: E.164 is "+", the country code and the national number, and only the North American code
    (1, read without it) starts with a 1."""
    return e164[2:] if e164.startswith("+1") else e164[1:]


def row_phones(values: dict[str, Any]) -> list[str]:
    """The phones of a row's values, in order and without repeats: "phones", else the single "phone"."""
    phones = list(values.get("phones") or [])
    if not phones and values.get("phone"):
        phones = [values["phone"]]
    return list(dict.fromkeys(phones))


def consent_value(text: str) -> bool | None:
    """True for a subscription or opt-in that says yes, False for one that says no, None for anything else."""
    normal = _normal(text)
    if normal in CONSENT_YES:
        return True
    if normal in CONSENT_NO:
        return False
    return None


def _unguarded(cell: str) -> str:
    # The apostrophe a CSV export (ours among them) puts before a cell that would start a formula.
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r" else cell


def read_rows(text: str, mapping: dict[str, str], counties: dict[str, Any], *, source: str = "",
              how: str = "") -> list[Row]:
    """Every data row cleaned and checked. `counties` maps a lower-case name or FIPS code to a County; `source`
    names the tool the ids in the external id column come from; `how` is kept with the consent the rows give."""
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
        raw = {target: _unguarded((record.get(column) or "").strip()) for target, column in columns.items()}
        if not any(raw.values()):
            continue
        row = Row(number=number)

        def problem(target: str, message: str, row: Row = row) -> None:
            row.problems.append(
                _("Row %(row)d, column “%(column)s”: %(message)s")
                % {"row": row.number, "column": labels.get(target, TARGETS[target]), "message": message}
            )

        values: dict[str, Any] = {k: raw.get(k, "") for k in TARGETS}
        values["external_ids"] = {source: values["external_id"][:100]} if source and values["external_id"] else {}
        if not values["first_name"]:
            problem("first_name", _("a first name is needed."))
        email_ok = False
        if values["email"]:
            try:
                validate_email(values["email"])
                values["email"] = values["email"].lower()
                email_ok = True
            except ValidationError:
                problem("email", _("“%(value)s” is not an email address.") % {"value": raw["email"]})
        phones: list[str] = []
        bad_phones: list[tuple[str, str]] = []
        for target in PHONE_TARGETS:
            written = raw.get(target, "")
            for given in (re.split(r"[;,/]", written) if target == "phones" else [written]):
                if not given.strip():
                    continue
                e164 = phone_e164(given.strip())
                if e164 is None:
                    bad_phones.append((target, given.strip()))
                elif e164 not in phones:
                    phones.append(e164)
        for target, bad in bad_phones:
            message = _("“%(value)s” is not a phone number.") % {"value": bad}
            if phones or email_ok:
                # The row still reaches the person: it is imported without this number, which is listed.
                row.warnings.append(
                    _("Row %(row)d, column “%(column)s”: %(message)s It is left out.")
                    % {"row": row.number, "column": labels.get(target, TARGETS[target]), "message": message}
                )
            else:
                problem(target, message)
        values["phones"], values["phone"], values["other_phone"] = phones, (phones[0] if phones else ""), ""
        values["phone_digits"] = {number: e164_digits(number) for number in phones}
        consent: dict[str, bool] = {}
        for target, channel in CONSENT_TARGETS.items():
            if raw.get(target):
                given = consent_value(raw[target])
                if given is None:
                    row.warnings.append(
                        _("Row %(row)d, column “%(column)s”: “%(value)s” is not a yes or a no; consent is left as "
                          "it is.") % {"row": row.number, "column": labels[target], "value": raw[target]}
                    )
                else:
                    consent[channel] = given
        values["consent"], values["consent_how"] = consent, how
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


def failed_rows(text: str, results: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the file that failed to import, as the file had them, each with its problems in
    a last column: a file to fix and import again (the problems column is left unmapped)."""
    failed = {result["row"]: result["messages"] for result in results if result["status"] == "failed"}
    records = csvimport.records(text)
    _number, header = next(records, (1, []))
    rows: list[list[str]] = []
    for number, cells in records:
        if number in failed:
            rows.append([*(cells or []), " ".join(failed[number])])
    return [*(header or []), str(_("Problems"))], rows
