"""Thin Celery tasks for leadership tracking: periodic, id-free, each recomputes its work from the database
(safe to run twice)."""

from __future__ import annotations

from celery import shared_task

from leadership import notices, services


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


@shared_task(name="leadership.mentor_checkin_reminders")
def mentor_checkin_reminders() -> int:
    """The periodic job (hourly): queue a reminder to each mentor whose check-in is overdue, once per overdue
    period (the dedupe key); running it twice, or every hour, creates nothing new."""
    return notices.mentor_checkin_reminders_queue()
