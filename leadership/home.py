"""Home-page panels of leadership development: overdue mentorship check-ins, a member's own trainings."""

from __future__ import annotations

from typing import Any

from coalition import access
from coalition.home import Panel
from leadership import selectors


def mentorship_overdue_panel(user: Any) -> Panel | None:
    """Overdue mentorship check-ins of the organizer's people (and every one for staff)."""
    if not access.works_with_people(user):
        return None
    overdue = selectors.mentorships_overdue(actor=user)
    if not overdue:
        return None
    return Panel("leadership/partials/mentorship_overdue_panel.html", {"mentorships": overdue[:10]})


def my_development_panel(user: Any) -> Panel | None:
    """A member's own trainings and milestones."""
    context = selectors.my_development(actor=user)
    return None if context is None else Panel("leadership/partials/development_member_panel.html", context)
