"""Matching the person a form names (by phone or email and name), or creating them. Used by the public RSVP
form, the review of public RSVPs and walk-ins; it never edits a person it finds."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Region
from coalition.phones import phone_digits, phone_e164
from members.models import Person, PersonPhone
from messaging.models import Message

if TYPE_CHECKING:
    pass



def _name_key(name: str) -> str:
    """A name as compared: case, accents, punctuation and spacing do not count ("José  O'Neil" = "jose o neil")."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", letters.casefold()))


def _name_keys(person: Person) -> set[str]:
    """The names a person goes by on their record: first and last, and preferred and last."""
    firsts = [name for name in (person.first_name, person.preferred_name) if name.strip()]
    return {_name_key(f"{first} {person.last_name}") for first in firsts}


@dataclass(frozen=True)
class PersonMatch:
    """Whom a form's phone or email and name point at. `person` is an exact match (or was just created);
    `conflict` is someone who holds that phone or email under another name, whom nothing may be attached to
    without a person's decision."""

    person: Person | None
    created: bool = False
    conflict: Person | None = None


def person_match(*, name: str, phone: str = "", email: str = "") -> PersonMatch:
    """The person with this working phone or this email (case-insensitive) and this name, oldest first; else the
    first holder of the phone (then the email) as a conflict. A shared phone finds whichever sharer is named. A
    forgotten person is never found: what comes back under their old phone or email is someone new."""
    holders: list[Person] = []
    if phone:
        holders += Person.objects.filter(
            phones__digits=phone_digits(phone), phones__stopped_working_on__isnull=True, forgotten_at__isnull=True,
        ).order_by("created_at", "id").distinct()
    if email:
        holders += Person.objects.filter(email__iexact=email.strip(), forgotten_at__isnull=True).order_by(
            "created_at", "id")
    wanted = _name_key(name)
    for person in holders:
        if wanted and wanted in _name_keys(person):
            return PersonMatch(person=person)
    return PersonMatch(person=None, conflict=holders[0] if holders else None)


def _check_contact(phone: str, email: str) -> None:
    if phone and phone_e164(phone) is None:
        raise ValidationError({"phone": _("Enter a phone number with its area code, like 312-555-0142.")})
    if not phone and not email:
        raise ValidationError(_("Give a phone number or an email address, so we can reach you."))


def _person_add(*, name: str, phone: str, email: str, language: str, region: Region | None, source: str) -> Person:
    first, _sep, last = name.strip().partition(" ")
    person = Person(
        first_name=first[:100] or "?", last_name=last[:100], email=(email or "").strip(), preferred_language=language,
        region=region, source=source, joined_on=timezone.localdate(),
        preferred_channel=Message.Channel.SMS if phone else Message.Channel.EMAIL,
    )
    person.full_clean()
    person.save()
    if phone:
        number = PersonPhone(person=person, number=str(phone), is_primary=True, valid_since=timezone.localdate())
        number.full_clean()
        number.save()
    return person


def person_match_or_create(
    *, name: str, phone: str = "", email: str = "", language: str = "en", region: Region | None = None,
    source: str = Person.Source.PUBLIC_RSVP,
) -> PersonMatch:
    """Find the person by phone or email and name, or create them with that phone. Never edits a found record,
    and creates nobody when the phone or email is someone else's under another name (a `conflict`)."""
    _check_contact(phone, email)
    found = person_match(name=name, phone=phone, email=email)
    if found.person is not None or found.conflict is not None:
        return found
    person = _person_add(name=name, phone=phone, email=email, language=language, region=region, source=source)
    return PersonMatch(person=person, created=True)

