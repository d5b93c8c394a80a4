"""A person's plan for an event, and the calendar entries made from it: the .ics file (the same UID for the life
of an event, SEQUENCE raised on each change) and the Google Calendar link.

`plan_for` is the one answer to "when does this person set off, and from where": the bus's departure and pickup
point when they chose a bus, else the event's start and place. The .ics, the Google link and the reminders
(events/notices.py) all ask it, so a calendar entry and a reminder never disagree about the morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import RSVP, Bus, Event

CHICAGO = ZoneInfo("America/Chicago")
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


@dataclass(frozen=True)
class Plan:
    """When a person's day of the event starts and where: `starts_at` and `location` are the bus's departure and
    pickup point when they ride one (`bus`), else the event's; `ends_at` is always the event's end."""

    starts_at: datetime
    ends_at: datetime
    location: str
    bus: Bus | None = None


def event_place(event: Event) -> str:
    """Where the event itself is: the venue and its address, or the online link; "" when neither is set."""
    if event.venue is not None:
        return f"{event.venue.name}, {event.venue.address}"
    return event.online_url or ""


def plan_for(event: Event, rsvp: RSVP | None = None, *, bus: Bus | None = None) -> Plan:
    """This person's plan: from their RSVP's bus (or `bus`, what a confirmation page says they chose), else the
    event's own start and place. Reads the bus's pickup point: callers select it with the bus."""
    if rsvp is not None:
        bus = rsvp.bus
    if bus is not None:
        point = bus.pickup_point
        return Plan(starts_at=bus.departs_at, ends_at=event.ends_at, location=f"{point.name}, {point.address}",
                    bus=bus)
    return Plan(starts_at=event.starts_at, ends_at=event.ends_at, location=event_place(event))


def _time(moment: datetime) -> str:
    return formats.time_format(moment.astimezone(CHICAGO), "TIME_FORMAT")


def _details(event: Event, plan: Plan, link: str = "") -> str:
    """The entry's notes: for a bus rider, where the event itself is and when it starts; the description; the
    event's page."""
    lines = []
    if plan.bus is not None:
        lines.append(_("Your bus leaves from %(place)s at %(time)s. The event starts at %(start)s at %(where)s.") % {
            "place": plan.location, "time": _time(plan.starts_at), "start": _time(event.starts_at),
            "where": event_place(event) or _("Online")})
    if description := event.localized("description"):
        lines.append(description)
    if link:
        lines.append(link)
    return "\n\n".join(lines)


def event_ics(event: Event, *, method: str | None = None, plan: Plan | None = None) -> bytes:
    """An iCalendar file for the event, starting when and where `plan` says (default: the event's own start and
    place); a cancelled event gives METHOD:CANCEL and STATUS:CANCELLED. UID and SEQUENCE are the event's, so a
    person's file and the page's are one entry in their calendar, updated in place."""
    plan = plan or plan_for(event)
    cancelled = event.status == Event.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Coalition CRM//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method or ("CANCEL" if cancelled else "PUBLISH"))
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", plan.starts_at)
    entry.add("dtend", plan.ends_at)
    entry.add("summary", event.localized("title"))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if plan.location:
        entry.add("location", plan.location)
    if plan.bus is None and event.venue is None and event.online_url:
        entry.add("url", event.online_url)
    if details := _details(event, plan):
        entry.add("description", details)
    calendar.add_component(entry)
    return calendar.to_ical()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, *, plan: Plan | None = None, link: str = "") -> str:
    """A Google Calendar "add event" link with the same start, end and place as the .ics (`plan`); `link` (the
    event's public page) goes in the details."""
    plan = plan or plan_for(event)
    query = {
        "action": "TEMPLATE",
        "text": event.localized("title"),
        "dates": f"{_utc(plan.starts_at)}/{_utc(plan.ends_at)}",
        "details": _details(event, plan, link),
        "location": plan.location,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"
