"""The ladder's answers to what other apps signal (members.signals); connected in MembersConfig.ready."""

from __future__ import annotations

from typing import Any

from members import services


def record_media_milestone(sender: Any, *, appearance: Any, **kwargs: Any) -> None:
    """A story appeared in the media: the person reached the "told their story to media" milestone."""
    services.milestone_from_media(appearance=appearance)
