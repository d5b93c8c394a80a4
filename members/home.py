"""The organizer's "My people" panel on the home page."""

from __future__ import annotations

from typing import Any

from coalition.home import Panel
from members import selectors


def my_people_panel(user: Any) -> Panel | None:
    """Follow-ups due, people assigned to me, and my region's quiet people; organizers only."""
    context = selectors.my_people(actor=user)
    return None if context is None else Panel("members/partials/_my_people.html", context)

