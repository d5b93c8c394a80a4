"""What the members app tells the outbox's broadcasts (messaging.reach): who an audience holds for an actor, its
name, the audiences an actor may pick, who reports in person on a weekday, and the unsubscribe link's consent
withdrawal. Registered from MembersConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from members import audiences, consent
from members.models import SensitiveFacts
from messaging import reach


def _people(actor: Any, audience: str) -> QuerySet[Any]:
    return audiences.audience_people(actor, audiences.Audience.parse(audience))


def _label(actor: Any, audience: str) -> str:
    return audiences.audience_label(actor, audiences.Audience.parse(audience))


def _choices(actor: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    return audiences.audience_choices(actor)


def _reporting_on(person_ids: QuerySet[Any], weekday: int) -> set[int]:
    """The reporting day is encrypted in the database: the rows of those who have one are read and compared here
    (one query; most people have none)."""
    facts = SensitiveFacts.objects.filter(person_id__in=person_ids).values_list("person_id", "reporting_day")
    return {person_id for person_id, day in facts.iterator(chunk_size=2000) if day == weekday}


def _unsubscribe(person_id: int, reference: str) -> bool:
    return consent.consent_email_unsubscribe(person_id=person_id, reference=reference)


reach.register_audiences(reach.Audiences(people=_people, label=_label, choices=_choices, reporting_on=_reporting_on,
                                         unsubscribe=_unsubscribe))
