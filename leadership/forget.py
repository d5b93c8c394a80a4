"""What leadership erases when a person is forgotten (coalition/forget.py runs it)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forget import Forgetting, Step
from leadership.models import (
    AdvancementSuggestion,
    Mentorship,
    Milestone,
    QuietFlag,
    StageMove,
    TrainingCompletion,
)


def _ladder(f: Forgetting) -> int:
    """Stage moves, trainings and milestones stay (the ladder's and trainings' counts do not change) without their
    words; a milestone of someone else that named them (they recruited the person) loses that note too."""
    mine = Q(person_id=f.person_id)
    changed = StageMove.objects.filter(mine).exclude(reason="").update(reason="")
    changed += TrainingCompletion.objects.filter(mine).exclude(note="").update(note="")
    changed += Milestone.objects.filter(mine | f.mentions("note")).exclude(note="").update(note="")
    return changed


def _open_work(f: Forgetting) -> int:
    """Nobody is asked to act on them any more: waiting suggestions are dismissed, gone-quiet flags cleared, and
    mentorships they are part of end today (the other person's record shows "a former member")."""
    changed = AdvancementSuggestion.objects.filter(
        person_id=f.person_id, status=AdvancementSuggestion.Status.PENDING).update(
        status=AdvancementSuggestion.Status.DISMISSED, decided_at=f.now, reason="")
    changed += AdvancementSuggestion.objects.filter(person_id=f.person_id).exclude(reason="").update(reason="")
    changed += QuietFlag.objects.filter(person_id=f.person_id, cleared_at__isnull=True).update(cleared_at=f.now)
    changed += Mentorship.objects.filter(Q(mentor_id=f.person_id) | Q(mentee_id=f.person_id),
                                         ended_on__isnull=True).update(ended_on=timezone.localdate(f.now))
    return changed


STEPS = [
    Step("ladder", _("Their stage moves, trainings and milestones stay, so the ladder keeps its counts, without "
                     "their notes"), _ladder),
    Step("leadership_work", _("Suggestions and gone-quiet flags about them are closed; their mentorships end "
                              "today"), _open_work),
]
