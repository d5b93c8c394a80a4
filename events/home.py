"""Panels of the events app: a member's own upcoming events (home page), the events an organization hosts
(organization page)."""

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


def member_join_panel(user: Any) -> Panel | None:
    """A member sees the upcoming public events of their region they have not RSVPed to, each joinable in one
    tap (events.member_views.member_join)."""
    if not access.may_see_own_record(user):
        return None
    return Panel("events/partials/_member_join_panel.html", {"events": selectors.member_joinable_events(actor=user)})


ORGANIZATION_EVENTS_SHOWN = 10


def organization_events_panel(user: Any, organization: Any) -> Panel | None:
    """The events an organization hosts or co-hosts, newest first (the latest ten), for whoever sees the page."""
    hosted = selectors.organization_events(actor=user, organization=organization)
    return Panel("events/partials/_organization_events_panel.html",
                 {"hosts": list(hosted[:ORGANIZATION_EVENTS_SHOWN]),
                  "may_open": access.may_work_with_people(user)})


def attendance_prompt_panel(user: Any) -> Panel | None:
    """The organizer who planned an event that has just ended is asked to record who came, with a link to its
    check-in page, until a check-in or no-show is recorded (events.selectors.attendance_to_record)."""
    if not access.may_work_with_people(user):
        return None
    events = selectors.attendance_to_record(actor=user)
    if not events:
        return None
    return Panel("events/partials/_attendance_prompt_panel.html", {"events": events})
