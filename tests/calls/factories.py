"""Helpers of the call list tests: people to call, a saved list of them, a call list with three questions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from calls import services
from calls.models import CallList, Question
from members import services as member_services
from members.models import Person, SavedList
from tests.members.factories import PersonFactory, add_phone


def callee(number: str | None = "+13125550101", *, consent: bool = True, language: str = "en",
           **fields: Any) -> Person:
    person = PersonFactory(preferred_language=language, phone_consent=consent, **fields)
    if number:
        add_phone(person, number, is_primary=True)
    return person


def saved_list(owner: Any, people: list[Person], name: str = "Springfield riders") -> SavedList:
    return member_services.saved_list_create(actor=owner, name=name, kind=SavedList.Kind.FIXED,
                                             person_ids=[p.pk for p in people], sharing=SavedList.Sharing.STAFF)


def call_list(owner: Any, people: list[Person], *, questions: bool = True, open_it: bool = True,
              **fields: Any) -> CallList:
    data = {"name": "Springfield day", "script_en": "Hi {preferred_name}, this is {caller_name}.",
            "script_es": "Hola {preferred_name}, habla {caller_name}.", **fields}
    made = services.call_list_save(actor=owner, audience=f"list:{saved_list(owner, people).pk}", **data)
    if questions:
        services.question_add(actor=owner, call_list=made, kind=Question.Kind.YES_NO, prompt="Coming to Springfield?")
        services.question_add(actor=owner, call_list=made, kind=Question.Kind.CHOICE, prompt="Which bus?",
                              options=["Chicago", "Rockford"])
        services.question_add(actor=owner, call_list=made, kind=Question.Kind.YES_NO,
                              prompt="Travel permission needed?")
    if open_it:
        made = services.call_list_open(actor=owner, call_list=made)
    return made


def daytime() -> Any:
    """Two in the afternoon in Chicago today: never quiet hours."""
    return timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
