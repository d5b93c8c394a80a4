"""How long the coalition keeps what it keeps: one rule per kind of record, applied every night.

Each app lists its rules in its own `retention.py` (`RULES`), named in the RETENTION_RULES setting, so this
module imports no domain app. A rule says what it removes, after how many days (a setting, read each run), how
many rows are due now, and removes them; removing is a set-wise update or delete of what is due, so a second run
the same night removes nothing. `retention_apply` writes one audit entry with the counts, never the values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry


@dataclass(frozen=True)
class Rule:
    key: str
    label: Any  # a lazy translated string: what goes, in plain words
    setting: str  # the name of the setting that holds the days; 0 or less keeps forever
    due: Callable[[datetime], Any]  # the cutoff in, a queryset of what is due out
    remove: Callable[[Any], int]  # that queryset in, the rows changed or deleted out

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))

    def cutoff(self, now: datetime) -> datetime | None:
        return now - timedelta(days=self.days) if self.days > 0 else None


def rules() -> list[Rule]:
    found: list[Rule] = []
    for path in settings.RETENTION_RULES:
        found.extend(import_string(path))
    return found


@dataclass(frozen=True)
class Due:
    rule: Rule
    cutoff: datetime | None
    count: int


def retention_schedule(*, actor: Any, now: datetime | None = None) -> list[Due]:
    """Each rule with its cutoff and how many rows are due now (admins). Read-only."""
    if not access.may_read_audit_log(actor):
        raise OutOfReach("retention")
    now = now or timezone.now()
    return [Due(rule, cutoff, rule.due(cutoff).count() if cutoff else 0)
            for rule in rules() for cutoff in [rule.cutoff(now)]]


def retention_last_run() -> AuditEntry | None:
    return AuditEntry.objects.filter(detail__kind="retention").order_by("-at", "-id").first()


@transaction.atomic
def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule: remove what is past its time. Run nightly by Celery beat, no actor; idempotent (what was
    removed is no longer due). One audit entry records how many rows each rule removed."""
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for rule in rules():
        cutoff = rule.cutoff(now)
        removed[rule.key] = rule.remove(rule.due(cutoff)) if cutoff else 0
    AuditEntry.objects.create(
        action=AuditEntry.Action.DELETE, summary=str(_("Retention: removed what was past its time"))[:300],
        detail={"kind": "retention", "removed": removed, "at": now.isoformat()})
    return removed


def _old_audit_entries(cutoff: datetime) -> Any:
    return AuditEntry.objects.filter(at__lt=cutoff)


def _delete(qs: Any) -> int:
    return int(qs.delete()[0])


RULES = [
    Rule("audit_entries", _("Audit log entries"), "RETENTION_AUDIT_DAYS", _old_audit_entries, _delete),
]
