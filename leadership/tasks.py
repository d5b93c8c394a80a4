"""Thin Celery tasks for leadership tracking: periodic, id-free, each recomputes its work from the database
(safe to run twice)."""

from __future__ import annotations

from celery import shared_task

from leadership import services


@shared_task(name="leadership.track_milestones")
def track_milestones() -> int:
    """Record training completions from attendance and milestones found in the app's records."""
    return services.training_completions_from_attendance() + services.milestones_track()


@shared_task(name="leadership.suggest_advancement")
def suggest_advancement() -> int:
    """Suggest the next stage to people who meet its criteria."""
    return services.advancement_suggest()


@shared_task(name="leadership.flag_quiet_leaders")
def flag_quiet_leaders() -> tuple[int, int]:
    """Flag leaders gone quiet; clear the flags of those contacted since."""
    return services.quiet_flags_update()
