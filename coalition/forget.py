"""Forgetting a person: each app erases or anonymises what it keeps about them, in one transaction.

Each app lists its steps in its own `forget.py` (`STEPS`), named in the FORGET_STEPS setting, so this module
imports no domain app (like coalition/retention.py). A step takes a `Forgetting` (the person's row as it still is,
and the names, emails and phone numbers that are about to go, to find them wherever they were copied) and answers
how many rows it changed or removed. The members app's service (members/services/forget.py) checks who may do it,
runs every step and writes the one audit entry, which names the person's id and who did it, never what went.

What a step may keep: rows that other records count (RSVPs, attendance, contacts, campaign participation, stage
moves), emptied of their words and pointing at the person's placeholder row, so that counts stay the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from coalition.models import AuditEntry, User

# What an audit entry about a forgotten person says once its words are gone (English, like every stored summary).
FORGOTTEN_SUMMARY = "About a person who was later forgotten: the details were erased"


@dataclass(frozen=True)
class Forgetting:
    person: Any  # the Person row, before anything is erased
    names: tuple[str, ...]  # the full names they went by ("first last", "preferred last")
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # each number as digits, E.164 and the national format
    now: datetime

    @property
    def person_id(self) -> int:
        return int(self.person.pk)

    @property
    def traces(self) -> tuple[str, ...]:
        """Everything that would name them if it were found copied into another record."""
        return tuple(t for t in {*self.names, *self.emails, *self.phones} if len(t.strip()) >= 3)

    def mentions(self, *fields: str) -> Q:
        """Rows where any of these text columns holds one of the traces (case-insensitive)."""
        found = Q(pk__in=[])
        for trace in self.traces:
            for name in fields:
                found |= Q(**{f"{name}__icontains": trace})
        return found


@dataclass(frozen=True)
class Step:
    key: str
    label: Any  # a lazy translated string: what this step does, in plain words (the confirmation page lists it)
    run: Callable[[Forgetting], int]  # rows changed or removed


def steps() -> list[Step]:
    found: list[Step] = []
    for path in settings.FORGET_STEPS:
        found.extend(import_string(path))
    return found


def forget_apply(forgetting: Forgetting) -> dict[str, int]:
    """Run every app's steps, in the order of FORGET_STEPS. The caller holds the transaction."""
    return {step.key: step.run(forgetting) for step in steps()}


# What coalition itself keeps about a person -----------------------------------------------------------------

def _audit_entries(f: Forgetting) -> int:
    """Entries about the person or that copied their name, email or phone lose their words; who did what and when
    stays (the log itself is not erased, and says nothing about them any more)."""
    from django.contrib.contenttypes.models import ContentType

    person_type = ContentType.objects.get_for_model(type(f.person), for_concrete_model=False)
    about = Q(content_type=person_type, object_id=str(f.person_id))
    copied = (AuditEntry.objects.annotate(detail_text=Cast("detail", TextField()))
              .filter(f.mentions("summary", "object_repr", "detail_text")).values("pk"))
    return AuditEntry.objects.filter(about | Q(pk__in=copied)).update(
        summary=FORGOTTEN_SUMMARY, object_repr="", detail={"forgotten": True})


def _account(f: Forgetting) -> int:
    """Their sign-in, if they had one: closed for good, its email and name replaced, unlinked from the record."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    changed = 0
    for user in User.objects.select_for_update().filter(person_id=f.person_id):
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.email = f"forgotten-{user.pk}@forgotten.invalid"
        user.first_name = user.last_name = ""
        user.is_active = False
        user.person = None
        user.set_unusable_password()
        user.save()
        changed += 1
    return changed


STEPS = [
    Step("audit_entries", _("Audit log entries about them keep who did what and when, but lose their words"),
         _audit_entries),
    Step("account", _("Their sign-in, if they have one, is closed for good"), _account),
]
