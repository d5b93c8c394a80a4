"""Buses to an event from its pickup points: add and change them. A bus leaves before the event starts and
never has fewer seats than people on it; more bus seats than the event holds is a warning staff confirm."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry
from coalition.services import audit_record
from events import notices
from events.models import Bus, Event, PickupPoint
from events.services.rsvps import _promote, _seats_taken

if TYPE_CHECKING:
    from coalition.models import User


class CapacityWarning(ValidationError):
    """The event's buses would hold more people than the event does: a staff member confirms it on purpose."""


def _check_bus(event: Event, bus: Bus, *, confirmed: bool) -> None:
    """Bad input raises ValidationError on its field; seats over the event's capacity raise CapacityWarning."""
    errors: dict[str, str] = {}
    if bus.departs_at is not None and bus.departs_at >= event.starts_at:
        errors["departs_at"] = _("The bus must leave before the event starts (%(start)s).") % {
            "start": formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")}
    if bus.pk is not None:
        taken = _seats_taken(event, bus)
        if bus.seats is not None and bus.seats < taken:
            errors["seats"] = _("%(taken)s seats on this bus are taken: give at least %(taken)s, or move people "
                                "to another bus first.") % {"taken": taken}
    if errors:
        raise ValidationError(errors)
    if event.capacity is not None and not confirmed:
        others = (Bus.objects.filter(event=event).exclude(pk=bus.pk).aggregate(n=Sum("seats"))["n"] or 0)
        total = others + (bus.seats or 0)
        if total > event.capacity:
            raise CapacityWarning(
                _("The buses would have %(total)s seats, more than the %(capacity)s people this event holds. "
                  "Save again to keep it that way.") % {"total": total, "capacity": event.capacity},
                code="over_capacity")


@transaction.atomic
def bus_create(*, actor: User, event: Event, pickup_point: PickupPoint, departs_at: datetime, seats: int,
               confirmed: bool = False, idempotency_key: uuid.UUID | None = None) -> Bus:
    """Add a bus to an event (staff and admins). Raises CapacityWarning unless `confirmed` when the buses would
    seat more than the event's capacity. The same form submitted twice (`idempotency_key`) adds one bus."""
    if not access.may_manage_transport(actor):
        raise OutOfReach("bus")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if idempotency_key is not None and (done := Bus.objects.filter(idempotency_key=idempotency_key,
                                                                     event=event).first()) is not None:
        return done

    def create() -> Bus:
        bus = Bus(event=event, pickup_point=pickup_point, departs_at=departs_at, seats=seats,
                  idempotency_key=idempotency_key)
        bus.full_clean()
        _check_bus(event, bus, confirmed=confirmed)
        bus.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=event, summary=f"Added {bus} to {event}")
        return bus

    bus, _created = create_once(Bus, idempotency_key, create)
    return bus


@transaction.atomic
def bus_update(*, actor: User, bus: Bus, pickup_point: PickupPoint, departs_at: datetime, seats: int,
               confirmed: bool = False) -> Bus:
    """Change a bus's pickup point, departure or seats (staff and admins). More seats let the waitlist in, in
    order; fewer than the people on it is refused; a new departure re-plans its riders' reminders.
    CapacityWarning as for bus_create."""
    if not access.may_manage_transport(actor):
        raise OutOfReach("bus")
    event = Event.objects.select_for_update().get(pk=bus.event_id)
    bus = Bus.objects.select_for_update().get(pk=bus.pk)
    old_seats = bus.seats
    bus.pickup_point, bus.departs_at, bus.seats = pickup_point, departs_at, seats
    bus.full_clean()
    _check_bus(event, bus, confirmed=confirmed)
    bus.save(update_fields=["pickup_point", "departs_at", "seats", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=event, summary=f"Changed {bus} of {event}")
    # Its riders' reminders count from the departure: a new time re-plans them (a same time changes nothing).
    notices.reminders_schedule_bus(bus_id=bus.pk)
    if seats > old_seats:
        _promote(event)
    return bus
