"""The ladder's answers to what the people app signals (members.signals); connected in LeadershipConfig.ready."""

from __future__ import annotations

from typing import Any

from coalition.models import User
from leadership import services
from leadership.models import Stage
from members.models import Person


def record_stage_change(sender: type[Person], *, actor: User | None, person: Person, to_stage: Stage,
                        reason: str = "", **kwargs: Any) -> None:
    """A stage changed on the person's record: it is a move on the ladder, with its history and its rules."""
    services.person_stage_move(actor=actor, person=person, to_stage=to_stage, reason=reason)


def record_media_milestone(sender: Any, *, appearance: Any, **kwargs: Any) -> None:
    """A story appeared in the media: the person reached the "told their story to media" milestone. The
    appearance is the stories app's, which the ladder does not import (the two stand side by side)."""
    services.milestone_from_media(appearance=appearance)
