"""Thin Celery tasks of the coalition itself."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="coalition.ping")
def ping(token: str) -> str:
    """Answer with the token: proves a worker runs. Safe to run any number of times."""
    return f"pong:{token}"


@shared_task(name="coalition.retention_apply")
def retention_apply() -> dict[str, int]:
    """Remove what is past its time (coalition/retention.py). Nightly; safe to run twice (nothing is due twice)."""
    from coalition import retention

    return retention.retention_apply()
