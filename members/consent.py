"""Every write to consent: the history row and the person's current consent fields, always together.

Consent is the person's own. It is given or withdrawn only by the person: a text from their own phone, their
own page, what they told an organizer (recorded with how and when), or the public form that has just added
them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from coalition import access
from members.importing import phone_digits
from members.models import ConsentChange, ConsentRequest, Person, PersonPhone

Method = ConsentChange.Method


def texting_phone(person: Person) -> str:
    """The digits of the number texts to this person go to now (the first working phone, primary first)."""
    return (
        PersonPhone.objects.filter(person=person, stopped_working_on__isnull=True)
        .order_by("-is_primary", "id").values_list("digits", flat=True).first() or ""
    )


def consent_change_record(
    *, person: Person, channel: str, given: bool, method: str, how: str, phone: str = "", actor: Any = None,
    reference: str = "", at: datetime | None = None,
) -> ConsentChange:
    """Write one consent decision: a history row, and the person's current fields (`update_fields`).

    Not a policy check: the consent services call it once they know the decision is the person's. A
    withdrawal also ends the person's pending requests on that channel, so no confirmation text follows it.
    """
    at = at or timezone.now()
    recorded_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    change = ConsentChange(person=person, channel=channel, given=given, method=method, how=how.strip()[:200],
                           phone_digits=phone_digits(phone), recorded_by=recorded_by, reference=reference[:64], at=at)
    change.full_clean(exclude=["person", "recorded_by"])
    change.save()
    setattr(person, f"{channel}_consent", given)
    setattr(person, f"{channel}_consent_at", at)
    setattr(person, f"{channel}_consent_how", change.how)
    person.save(update_fields=[f"{channel}_consent", f"{channel}_consent_at", f"{channel}_consent_how", "updated_at"])
    if not given:
        ConsentRequest.objects.filter(person=person, channel=channel, status=ConsentRequest.Status.PENDING).update(
            status=ConsentRequest.Status.WITHDRAWN, answered_at=at
        )
    return change


def method_for(actor: Any, person: Person) -> str:
    """How a decision entered through the app came: the member on their own page, or an organizer writing down
    what the person told them."""
    if access.is_member(actor) and actor.person_id == person.pk:
        return Method.OWN_PAGE
    return Method.ORGANIZER
