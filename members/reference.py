"""Reference data for people: the default leadership ladder (DOMAIN.md). Admins can change it."""

from __future__ import annotations

from typing import Any

DEFAULT_STAGES = [
    (1, "Contact", "Someone we have met."),
    (2, "Member", "Has joined and wants to stay in touch."),
    (3, "Active", "Comes to meetings and events."),
    (4, "Emerging leader", "Takes on roles: recruits, speaks, trains."),
    (5, "Leader", "Leads meetings, testifies, mentors others."),
    (6, "Organizer", "Organizes others in a region or campaign."),
]


def load_default_stages(stage_model: Any = None) -> None:
    """Create the default stages when the ladder is empty; an admin's ladder is left alone. Idempotent."""
    if stage_model is None:
        from members.models import Stage

        stage_model = Stage
    if stage_model.objects.exists():
        return
    stage_model.objects.bulk_create(
        stage_model(order=order, name=name, description=description) for order, name, description in DEFAULT_STAGES
    )
