"""Undo for an organization leaving a table and a representative stepping down (coalition/undo.py).

Both are dated history entries made through a short form (the date is the confirmation step); the form's answer
also offers a short undo. The undo reopens exactly what the action closed, and only while nothing has changed
since: the same date still stands, and nobody has been seated or named again in between."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import AuditEntry, SeatRepresentative, TableSeat, User
from coalition.table_services import _audit, _require_manager, table_representative_end, table_seat_end
from coalition.undo import UndoRefused


@transaction.atomic
def table_seat_end_tap(*, actor: User, seat: TableSeat, left_on: date) -> tuple[TableSeat, dict[str, Any] | None]:
    """`table_seat_end`, returning the state its undo needs (the date and the representatives it closed), or None
    when the organization had already left (nothing happened)."""
    _require_manager(actor)
    seat = TableSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.left_on is not None:
        return seat, None
    open_reps = list(seat.representatives.filter(until__isnull=True).values_list("pk", flat=True))
    seat = table_seat_end(actor=actor, seat=seat, left_on=left_on)
    return seat, {"left_on": left_on.isoformat(), "reps": open_reps}


@transaction.atomic
def table_seat_end_revert(*, actor: User, seat: TableSeat, state: dict[str, Any]) -> TableSeat:
    """Undo `table_seat_end_tap`: the organization sits at the table again with the representatives it left
    with. Refused when the seat or those representatives changed since, or the organization was seated again.
    Audited."""
    _require_manager(actor)
    seat = TableSeat.objects.select_for_update().select_related("table", "organization").get(pk=seat.pk)
    left_on = seat.left_on.isoformat() if seat.left_on else None
    reps = SeatRepresentative.objects.filter(seat=seat, pk__in=[int(pk) for pk in state.get("reps", [])])
    seated_again = TableSeat.objects.filter(table_id=seat.table_id, organization_id=seat.organization_id,
                                            left_on__isnull=True).exclude(pk=seat.pk).exists()
    if (left_on is None or left_on != state.get("left_on") or seated_again
            or reps.exclude(until=seat.left_on).exists() or reps.count() != len(state.get("reps", []))):
        raise UndoRefused(_("Nothing to undo: this seat was already brought back or changed since."),
                          code="changed")
    reps.update(until=None)
    seat.left_on = None
    seat.save(update_fields=["left_on", "updated_at"])
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=seat,
           summary=_("Undid: %(seat)s left the table") % {"seat": seat}, detail={"undo": "table_seat_end"})
    return seat


@transaction.atomic
def table_representative_end_tap(
    *, actor: User, representative: SeatRepresentative, until: date,
) -> tuple[SeatRepresentative, dict[str, Any] | None]:
    """`table_representative_end`, returning the state its undo needs, or None when they had already stepped
    down."""
    _require_manager(actor)
    current = SeatRepresentative.objects.select_for_update().get(pk=representative.pk)
    if current.until is not None:
        return current, None
    representative = table_representative_end(actor=actor, representative=current, until=until)
    return representative, {"until": until.isoformat()}


@transaction.atomic
def table_representative_end_revert(*, actor: User, representative: SeatRepresentative,
                                    state: dict[str, Any]) -> SeatRepresentative:
    """Undo `table_representative_end_tap`: they represent the seat again. Refused when the date changed, the
    organization has left the table since, or they were named again meanwhile. Audited."""
    _require_manager(actor)
    representative = (SeatRepresentative.objects.select_for_update()
                      .select_related("person", "seat__table", "seat__organization").get(pk=representative.pk))
    until = representative.until.isoformat() if representative.until else None
    named_again = SeatRepresentative.objects.filter(seat_id=representative.seat_id, person_id=representative.person_id,
                                                    until__isnull=True).exists()
    if until is None or until != state.get("until") or named_again or representative.seat.left_on is not None:
        raise UndoRefused(_("Nothing to undo: this representative was already brought back or changed since."),
                          code="changed")
    representative.until = None
    representative.save(update_fields=["until"])
    _audit(actor=actor, action=AuditEntry.Action.UPDATE, target=representative.seat,
           summary=_("Undid: %(person)s stepped down for %(seat)s") % {"person": representative.person,
                                                                       "seat": representative.seat},
           detail={"undo": "table_representative_end"})
    return representative
