"""The stories section of a person's development page (coalition.home.DEVELOPMENT_PANELS)."""

from __future__ import annotations

from typing import Any

from coalition import access
from coalition.home import Panel
from stories import selectors


def development_stories_panel(user: Any, person: Any) -> Panel | None:
    """The person's stories with live consent, for whoever may read stories; recording one for whoever may
    change the person."""
    if not access.story_audiences(user):
        return None
    return Panel("stories/partials/development_stories.html", {
        "person": person,
        "stories": selectors.person_stories(actor=user, person=person),
        "may_manage": access.may_manage_stories(user, person),
    })
