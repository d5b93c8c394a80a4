"""What members keeps for a limited time (coalition/retention.py applies it nightly)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.retention import Rule
from members.models import SensitiveFacts


def _unreviewed_circumstances(cutoff: datetime) -> Any:
    # The facts are encrypted, so what is due is found by when the record was last saved (saving it is reviewing).
    return SensitiveFacts.objects.filter(updated_at__lt=cutoff)


def _clear_circumstances(qs: Any) -> int:
    # Supervision, the reporting day and housing change with time: an old value misleads and exposes. Clearing
    # them counts as a review, so the same record is not due again until the period has passed once more.
    return int(qs.update(supervision_status="", reporting_day=None, housing_unstable=False,
                         updated_at=timezone.now()))


RULES = [
    Rule("circumstances", _("Supervision status, reporting day and housing instability not reviewed (cleared)"),
         "RETENTION_CIRCUMSTANCES_DAYS", _unreviewed_circumstances, _clear_circumstances),
]
