"""Thin Celery tasks for people: ids in, one service, done."""

from __future__ import annotations

from celery import shared_task

from members import services


@shared_task(name="members.import_people")
def import_people(job_id: int) -> None:
    """Run a queued CSV import. Safe to run twice: the second run finds the job taken and does nothing."""
    services.import_job_run(job_id=job_id)


@shared_task(name="members.bulk_tag")
def bulk_tag(job_id: int) -> None:
    """Run a queued bulk tagging. Safe to run twice: the second run finds the job taken and does nothing."""
    services.bulk_tag_run(job_id=job_id)
