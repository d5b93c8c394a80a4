"""Helpers of the broadcast tests: people with consent and contacts, a saved list of them, a broadcast."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from members import services as member_services
from members.models import Person, SavedList
from messaging import broadcast_services
from tests.members.factories import PersonFactory, add_phone


def consenting(number: str | None = None, *, email: str = "", language: str = "en", sms: bool = True,
               email_ok: bool = False, **fields: Any) -> Person:
    person = PersonFactory(preferred_language=language, sms_consent=sms, email_consent=email_ok, email=email,
                           **fields)
    if number:
        add_phone(person, number, is_primary=True)
    return person


def saved_list(owner: Any, people: list[Person], name: str = "Riders", **sharing: Any) -> SavedList:
    sharing = sharing or {"sharing": SavedList.Sharing.STAFF}
    return member_services.saved_list_create(actor=owner, name=name, kind=SavedList.Kind.FIXED,
                                             person_ids=[p.pk for p in people], **sharing)


def draft(owner: Any, audience: str, **fields: Any) -> Any:
    data = {"name": "Springfield day", "audience": audience, "mode": "sms",
            "sms_en": "Hi {preferred_name}, ride with us to Springfield!",
            "sms_es": "Hola {preferred_name}, ¡ven a Springfield!",
            "email_subject_en": "", "email_subject_es": "", "email_body_en": "", "email_body_es": "", **fields}
    return broadcast_services.broadcast_save(actor=owner, **data)


def withdrawn(person: Person, channel: str = "sms") -> None:
    setattr(person, f"{channel}_consent", False)
    setattr(person, f"{channel}_consent_at", timezone.now())
    person.save()
