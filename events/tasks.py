"""Thin Celery tasks for events: ids in (or none), one service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from events import notices


@shared_task(name="events.reminders_schedule_upcoming")
def reminders_schedule_upcoming() -> int:
    """The safety net (every ten minutes): insert any reminder row missing for an upcoming event's active RSVPs.
    The services schedule reminders as RSVPs and events change; this catches what they could not. Idempotent."""
    return notices.reminders_schedule_upcoming()
