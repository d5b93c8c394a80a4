"""A person's own copy of what the coalition keeps about them: sections from every app, as HTML and as JSON.

Each app that keeps something about a person lists a function in SECTIONS (a dotted path, so this module imports
no domain app); it takes the person and returns a Section of records. A record is a list of fields, each with a
stable key (the JSON), a label in the reader's language (the page) and a value. What is withheld and why is
said in the copy itself: organizers' working notes on contacts are not included (docs/access.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry
from coalition.services import audit_record

SECTIONS: list[str] = [
    "members.own_copy.person_section",
    "members.own_copy.phones_section",
    "members.own_copy.consent_section",
    "members.own_copy.sensitive_section",
    "members.own_copy.interactions_section",
    "members.own_copy.referrals_section",
    "leadership.own_copy.development_section",
    "events.own_copy.rsvps_section",
    "stories.own_copy.stories_section",
    "messaging.own_copy.messages_section",
]


@dataclass
class Field:
    key: str
    label: str
    value: Any

    @property
    def shown(self) -> str:
        return display(self.value)


@dataclass
class Section:
    key: str
    title: Any
    records: list[list[Field]] = field(default_factory=list)
    note: Any = ""  # what this section leaves out, and why


def display(value: Any) -> str:
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(obj: models.Model, names: list[str]) -> list[Field]:
    """The named fields of one row: the model's own label, and the shown choice rather than its code."""
    fields = []
    for name in names:
        model_field = obj._meta.get_field(name)
        label = str(getattr(model_field, "verbose_name", name))
        if getattr(model_field, "choices", None):
            value: Any = getattr(obj, f"get_{name}_display")()
        elif isinstance(model_field, models.ForeignKey):
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        else:
            value = getattr(obj, name)
        fields.append(Field(name, label[:1].upper() + label[1:], value))
    return fields


def own_copy_build(*, actor: Any, person: Any) -> list[Section]:
    """Every section about the person, for the person themselves or staff (who give it to someone who asks in
    person). Audited: one entry names who was given the copy, never what it held."""
    if not access.may_give_own_copy(actor, person):
        raise OutOfReach("own copy")
    sections = [import_string(path)(person) for path in SECTIONS]
    audit_record(actor=actor, action=AuditEntry.Action.EXPORT, target=person,
                 summary=f"Own copy of what is kept about {person}", detail={"kind": "own_copy"})
    return sections


def own_copy_json(sections: list[Section], *, person: Any, language: str) -> dict[str, Any]:
    return {
        "person_id": person.pk, "generated_at": timezone.now().isoformat(), "language": language,
        "sections": {s.key: {"title": str(s.title), "note": str(s.note),
                             "records": [{f.key: json_value(f.value) for f in r} for r in s.records]}
                     for s in sections},
    }
