"""Calendar files (.ics) for events: the same UID for the life of an event, SEQUENCE raised on each change."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event


def event_ics(event: Event, *, method: str | None = None) -> bytes:
    """An iCalendar file for the event; a cancelled event gives METHOD:CANCEL and STATUS:CANCELLED."""
    cancelled = event.status == Event.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Coalition CRM//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method or ("CANCEL" if cancelled else "PUBLISH"))
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.localized("title"))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.venue is not None:
        entry.add("location", f"{event.venue.name}, {event.venue.address}")
    elif event.online_url:
        entry.add("location", event.online_url)
        entry.add("url", event.online_url)
    if description := event.localized("description"):
        entry.add("description", description)
    calendar.add_component(entry)
    return calendar.to_ical()
