"""The merge fields events fill in broadcasts (messaging.reach) to an event's RSVPs or a bus: {event}, {bus},
{pickup_time} and {rsvp_link} (the person's own link to change their RSVP). Read when a message is composed, in
its language; a person without a bus gets "" for the bus fields. Registered from EventsConfig.ready()."""

from __future__ import annotations

from collections.abc import Collection
from zoneinfo import ZoneInfo

from django.utils import formats

from events.manage_links import manage_url
from events.models import RSVP, Bus
from messaging import reach

CHICAGO = ZoneInfo("America/Chicago")
FIELDS = ("event", "bus", "pickup_time", "rsvp_link")


def _rsvps(kind: str, subject: str, person_ids: Collection[int]) -> list[RSVP]:
    head = subject.split(":", 1)[0]
    if not head.isdigit():
        return []
    rsvps = RSVP.objects.filter(person_id__in=list(person_ids)).select_related("event", "bus__pickup_point")
    if kind == "bus":
        bus = Bus.objects.filter(pk=int(head)).values_list("event_id", flat=True).first()
        rsvps = rsvps.filter(event_id=bus, bus_id=int(head)) if bus is not None else rsvps.none()
    else:
        rsvps = rsvps.filter(event_id=int(head))
    return list(rsvps)


def _values(kind: str, subject: str, person_ids: Collection[int]) -> dict[int, dict[str, str]]:
    values = {}
    for rsvp in _rsvps(kind, subject, person_ids):
        bus = rsvp.bus
        values[rsvp.person_id] = {
            "event": rsvp.event.localized("title"),
            "bus": str(bus.pickup_point) if bus is not None else "",
            "pickup_time": formats.time_format(bus.departs_at.astimezone(CHICAGO), "TIME_FORMAT") if bus else "",
            "rsvp_link": manage_url(rsvp),
        }
    return values


def register() -> None:
    reach.register_merge_fields(reach.MergeFields(
        audience_kinds=("rsvps",), fields=FIELDS, values=lambda subject, ids: _values("rsvps", subject, ids)))
    reach.register_merge_fields(reach.MergeFields(
        audience_kinds=("bus",), fields=FIELDS, values=lambda subject, ids: _values("bus", subject, ids)))
