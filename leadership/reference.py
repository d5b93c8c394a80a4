"""Reference data for the ladder: the default stages and training catalogue. Admins can change them."""

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

# Emerging leader and above are flagged when they go quiet.
QUIET_FROM_ORDER = 4


def load_default_stages(stage_model: Any = None) -> None:
    """Create the default stages when the ladder is empty; an admin's ladder is left alone. Idempotent."""
    if stage_model is None:
        from leadership.models import Stage

        stage_model = Stage
    if stage_model.objects.exists():
        return
    # The migration that first fills the ladder runs before the "flag when quiet" field exists.
    has_flag = any(f.name == "watch_for_quiet" for f in stage_model._meta.get_fields())
    stage_model.objects.bulk_create(
        stage_model(order=order, name=name, description=description,
                    **({"watch_for_quiet": order >= QUIET_FROM_ORDER} if has_flag else {}))
        for order, name, description in DEFAULT_STAGES
    )


DEFAULT_TRAININGS = [
    ("Know Your Rights", "Your rights with police, landlords, employers and supervision."),
    ("Legislative Advocacy 101", "How a bill becomes law in Illinois and how to talk to a legislator."),
    ("Storytelling for Media", "Telling your story safely and well, on your terms."),
    ("Community Organizing Fundamentals", "1:1s, self-interest, power mapping and the ask."),
    ("Springfield experiential learning", "A day at the Capitol: committee hearings, lobby visits, witness slips."),
    ("Facilitating a Meeting", "Agendas, timekeeping, making room for every voice."),
]


def load_default_trainings(training_model: Any = None) -> None:
    """Create the default training catalogue entries that are missing by name. Idempotent."""
    if training_model is None:
        from leadership.models import Training

        training_model = Training
    for name, description in DEFAULT_TRAININGS:
        training_model.objects.get_or_create(name=name, defaults={"description": description})
