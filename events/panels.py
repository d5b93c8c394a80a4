"""The events section of a person's page (coalition.home.PERSON_PANELS)."""

from __future__ import annotations

from typing import Any

from coalition.home import Panel
from events import selectors


def person_events_panel(user: Any, person: Any) -> Panel | None:
    """The person's RSVPs the user may see, and upcoming events the user could RSVP them to."""
    found = selectors.person_events(actor=user, person=person)
    return Panel("events/partials/_person_events.html", {"person": person, **found})
