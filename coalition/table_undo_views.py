"""The undo of an organization leaving a table and of a representative stepping down (coalition/table_undo.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition import access, selectors, table_undo
from coalition.access import OutOfReach
from coalition.http import AuthenticatedHttpRequest
from coalition.models import SeatRepresentative, TableSeat
from coalition.undo import UndoNotice, UndoRefused, undo_read, undo_token

SEAT_END = "coalition.table_seat_end"
REPRESENTATIVE_END = "coalition.table_representative_end"


def seat_end_notice(request: AuthenticatedHttpRequest, seat: TableSeat, state: dict[str, Any]) -> UndoNotice:
    return UndoNotice(
        text=_("Done: %(organization)s has left the table.") % {"organization": seat.organization},
        url=reverse("coalition:table_seat_end_undo", args=[seat.pk]),
        token=undo_token(user=request.user, action=SEAT_END, pk=seat.pk, state=state), label=_("Undo"))


def representative_end_notice(request: AuthenticatedHttpRequest, representative: SeatRepresentative,
                              state: dict[str, Any]) -> UndoNotice:
    return UndoNotice(
        text=_("Done: %(person)s has stepped down.") % {"person": representative.person},
        url=reverse("coalition:table_representative_end_undo", args=[representative.pk]),
        token=undo_token(user=request.user, action=REPRESENTATIVE_END, pk=representative.pk, state=state),
        label=_("Undo"))


@login_required
@require_POST
def table_seat_end_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    try:
        state = undo_read(token=request.POST.get("token", ""), user=request.user, action=SEAT_END, pk=seat.pk)
        seat = table_undo.table_seat_end_revert(actor=request.user, seat=seat, state=state)
    except UndoRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Undone: %(organization)s sits at the table again.") % {
            "organization": seat.organization})
    return redirect("coalition:table_detail", slug=seat.table.slug)


@login_required
@require_POST
def table_representative_end_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("representative")
    representative = selectors.table_representative_get(actor=request.user, pk=pk)
    try:
        state = undo_read(token=request.POST.get("token", ""), user=request.user, action=REPRESENTATIVE_END,
                          pk=representative.pk)
        representative = table_undo.table_representative_end_revert(actor=request.user,
                                                                     representative=representative, state=state)
    except UndoRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Undone: %(person)s represents %(organization)s again.") % {
            "person": representative.person, "organization": representative.seat.organization})
    return redirect("coalition:table_detail", slug=representative.seat.table.slug)
