"""The organizer's "My people" panel on the home page."""

from __future__ import annotations

from typing import Any

from coalition.home import Panel
from members import selectors


def my_people_panel(user: Any) -> Panel | None:
    """Follow-ups due, people assigned to me, and my region's quiet people; organizers only."""
    context = selectors.my_people(actor=user)
    return None if context is None else Panel("members/partials/_my_people.html", context)


def mentorship_overdue_panel(user: Any) -> Panel | None:
    """Overdue mentorship check-ins of the organizer's people (and every one for staff)."""
    from coalition import access

    if not access.works_with_people(user):
        return None
    overdue = selectors.mentorships_overdue(actor=user)
    return Panel("members/partials/mentorship_overdue_panel.html", {"mentorships": overdue[:10]}) if overdue else None


def my_development_panel(user: Any) -> Panel | None:
    """A member's own trainings and milestones."""
    context = selectors.my_development(actor=user)
    return None if context is None else Panel("members/partials/development_member_panel.html", context)
