"""The audience kinds of events (members.audiences): an event's RSVPs of one status, and the people on a bus."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import access
from coalition.access import OutOfReach
from events.models import RSVP, Bus, Event
from members.audiences import register, subject_id

RECENT_DAYS = 30  # events offered: upcoming ones and those of the last month
STATUSES = dict(RSVP.Status.choices)


def _events(actor: Any) -> QuerySet[Event]:
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return access.event_scope(actor).filter(ends_at__gte=since).order_by("starts_at", "id")


def _status(subject: str) -> str:
    status = subject.partition(":")[2]
    if status not in STATUSES:
        raise OutOfReach("audience")
    return status


def _rsvp_people(actor: Any, subject: str) -> QuerySet[Any]:
    event = access.get_in_scope(access.event_scope(actor), pk=subject_id(subject))
    return access.rsvp_scope(actor, event).filter(status=_status(subject)).values("person_id")


def _rsvp_choices(actor: Any) -> list[tuple[str, str]]:
    return [(f"{event.pk}:{status}", f"{event.localized('title')} · {label}")
            for event in _events(actor).only("title") for status, label in STATUSES.items()]


def _rsvp_name(actor: Any, subject: str) -> str:
    event = access.get_in_scope(access.event_scope(actor), pk=subject_id(subject))
    return f"{event.localized('title')} · {STATUSES[_status(subject)]}"


register("rsvps", gettext_lazy("An event's RSVPs"), people=_rsvp_people, choices=_rsvp_choices,
         describe=_rsvp_name)


def _bus(actor: Any, subject: str) -> Bus:
    buses = Bus.objects.filter(event__in=access.event_scope(actor)).select_related("event", "pickup_point")
    return access.get_in_scope(buses, pk=subject_id(subject))


def _bus_people(actor: Any, subject: str) -> QuerySet[Any]:
    bus = _bus(actor, subject)
    return access.rsvp_scope(actor, bus.event).filter(bus=bus, status=RSVP.Status.GOING).values("person_id")


def _bus_label(bus: Bus) -> str:
    return _("%(event)s · bus from %(place)s") % {"event": bus.event.localized("title"), "place": bus.pickup_point}


def _bus_choices(actor: Any) -> list[tuple[str, str]]:
    buses = Bus.objects.filter(event__in=_events(actor)).select_related("event", "pickup_point")
    return [(str(bus.pk), _bus_label(bus)) for bus in buses.order_by("event__starts_at", "departs_at", "id")]


register("bus", gettext_lazy("The people on a bus"), people=_bus_people, choices=_bus_choices,
         describe=lambda actor, subject: _bus_label(_bus(actor, subject)))
