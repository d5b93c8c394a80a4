"""A person's request to be forgotten: recorded by staff or an admin, then carried out by an admin, for good.

Carrying it out runs every app's steps (coalition/forget.py, each app's forget.py) in one transaction: nothing is
half-forgotten. The audit entry names the person's record number and the admin, never what was erased.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coalition import access
from coalition.access import OutOfReach
from coalition.forget import Forgetting, forget_apply
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from members.models import ConsentChange, ConsentRequest, ForgetRequest, Person, PersonPhone


@transaction.atomic
def forget_request_record(*, actor: User, person: Person, who_asked: str, how: str,
                          asked_on: datetime.date) -> ForgetRequest:
    """Write down that a person asked to be forgotten. A second submit (or a second request while one waits)
    finds the waiting one: one request waits per person."""
    if not access.may_record_forget_request(actor) or person.forgotten_at is not None:
        raise OutOfReach("person")
    if asked_on > timezone.localdate():
        raise ValidationError({"asked_on": _("This date is in the future.")})
    Person.objects.select_for_update().filter(pk=person.pk).first()
    waiting = ForgetRequest.objects.filter(person=person, status=ForgetRequest.Status.PENDING).first()
    if waiting is not None:
        return waiting
    request = ForgetRequest.objects.create(person=person, who_asked=who_asked, how=how, asked_on=asked_on,
                                           requested_by=actor)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=request,
                 summary=gettext_noop("Recorded a request to be forgotten for person #%(id)s"),
                 values={"id": person.pk}, detail={"kind": "forget_request"})
    return request


def _name_key(value: str) -> str:
    return " ".join(value.split()).casefold()


def forget_name_matches(person: Person, typed: str) -> bool:
    """Whether what the admin typed is the name the person goes by (or their first and last name), ignoring case
    and extra spaces."""
    wanted = {_name_key(person.display_name), _name_key(f"{person.first_name} {person.last_name}")}
    return bool(typed.strip()) and _name_key(typed) in wanted


def _forgetting(person: Person, now: datetime.datetime) -> Forgetting:
    firsts = [n for n in (person.first_name, person.preferred_name) if n.strip()]
    names = {" ".join(f"{first} {person.last_name}".split()) for first in firsts}
    phones: set[str] = set()
    for phone in PersonPhone.objects.filter(person=person):
        phones |= {phone.digits, str(phone.number), phone.number.as_national if phone.number else ""}
    phones |= set(ConsentChange.objects.filter(person=person).exclude(phone_digits="").values_list(
        "phone_digits", flat=True))
    phones |= set(ConsentRequest.objects.filter(person=person).values_list("phone_digits", flat=True))
    return Forgetting(person=person, names=tuple(sorted(names)),
                      emails=(person.email,) if person.email else (),
                      phones=tuple(sorted(p for p in phones if len(p) >= 7)), now=now)


@transaction.atomic
def forget_carry_out(*, actor: User, request: ForgetRequest, typed_name: str, understood: bool) -> dict[str, Any]:
    """Forget the person of a waiting request: every app erases what it keeps (one transaction), the request is
    marked carried out, one audit entry names the record number and who did it. The admin types the person's
    name and ticks that it cannot be undone. A second submit finds the request carried out and changes nothing.
    Returns what each step changed (counts only)."""
    if not access.may_carry_out_forget(actor):
        raise OutOfReach("forget request")
    locked = ForgetRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status == ForgetRequest.Status.DONE:
        return {}
    person = Person.objects.select_for_update().get(pk=locked.person_id)
    errors = {}
    if not forget_name_matches(person, typed_name):
        errors["typed_name"] = _("Type the person's name exactly as it is shown above.")
    if not understood:
        errors["understood"] = _("Tick the box to say you understand this cannot be undone.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = forget_apply(_forgetting(person, now))
    locked.status, locked.carried_out_by, locked.carried_out_at = ForgetRequest.Status.DONE, actor, now
    locked.save(update_fields=["status", "carried_out_by", "carried_out_at"])
    person.refresh_from_db()
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, target=person,
                 summary=gettext_noop("Forgot person #%(id)s at their request"), values={"id": person.pk},
                 detail={"kind": "forget", "person_id": person.pk, "request_id": locked.pk, "changed": changed})
    return changed
