"""Every write to leadership development, by sub-domain: development.py (ladder moves, completions, milestones,
mentorships, suggestions and the periodic tracking), catalogue.py (the training catalogue and the ladder's
stages and criteria). Callers use `leadership.services.<name>`; each name lives in one module.
"""

from leadership.services.catalogue import (
    stage_create,
    stage_move,
    stage_retire,
    stage_update,
    training_create,
    training_retire,
    training_update,
)
from leadership.services.development import (
    advancement_suggest,
    mentorship_check_in,
    mentorship_end,
    mentorship_start,
    milestone_from_media,
    milestone_record,
    milestones_track,
    people_meeting_criterion,
    person_stage_move,
    quiet_flags_update,
    suggestion_accept,
    suggestion_dismiss,
    training_completion_record,
    training_completions_from_attendance,
    training_delete,
)

__all__ = [
    "advancement_suggest", "mentorship_check_in", "mentorship_end", "mentorship_start", "milestone_from_media",
    "milestone_record", "milestones_track", "people_meeting_criterion", "person_stage_move", "quiet_flags_update",
    "stage_create", "stage_move", "stage_retire", "stage_update", "suggestion_accept", "suggestion_dismiss",
    "training_completion_record", "training_completions_from_attendance", "training_create", "training_delete",
    "training_retire", "training_update",
]
