"""Home-page panel of the events app: a member's own upcoming events."""

from __future__ import annotations

from typing import Any

from coalition import access
from coalition.home import Panel
from events import selectors


def member_events_panel(user: Any) -> Panel | None:
    """A member sees the events they said they would come to, with their bus and status."""
    if not access.may_see_own_record(user):
        return None
    return Panel("events/partials/_member_events_panel.html", {"rsvps": selectors.member_events(actor=user)})
