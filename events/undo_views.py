"""One-tap actions of the events pages and their undo (coalition/undo.py): check-in at the door, cancelling an
RSVP. The action's view offers the notice; the undo views take the token back, here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.http import AuthenticatedHttpRequest
from coalition.undo import UndoNotice, UndoRefused, undo_offer, undo_read, undo_token
from events import selectors, services
from events.models import RSVP

CHECK_IN = "events.check_in"
CANCEL = "events.rsvp_cancel"
NO_SHOW = "events.no_show"


def check_in_notice(request: AuthenticatedHttpRequest, rsvp: RSVP, state: dict[str, Any]) -> UndoNotice:
    return UndoNotice(
        text=_("Done: %(name)s is checked in.") % {"name": rsvp.person.display_name},
        url=reverse("events:checkin_undo", args=[rsvp.pk]),
        token=undo_token(user=request.user, action=CHECK_IN, pk=rsvp.pk, state=state),
        label=_("Undo"), target=f"#checkin-{rsvp.pk}")


def no_show_notice(request: AuthenticatedHttpRequest, rsvp: RSVP, state: dict[str, Any]) -> UndoNotice:
    return UndoNotice(
        text=_("Done: %(name)s is marked as a no-show.") % {"name": rsvp.person.display_name},
        url=reverse("events:no_show_undo", args=[rsvp.pk]),
        token=undo_token(user=request.user, action=NO_SHOW, pk=rsvp.pk, state=state),
        label=_("Undo"), target=f"#checkin-{rsvp.pk}")


def cancel_notice(request: AuthenticatedHttpRequest, rsvp: RSVP, state: dict[str, Any]) -> UndoNotice:
    return UndoNotice(
        text=_("Done: the RSVP of %(name)s is cancelled. The next person on the waitlist who fits gets the seat.")
        % {"name": rsvp.person.display_name},
        url=reverse("events:rsvp_cancel_undo", args=[rsvp.pk]),
        token=undo_token(user=request.user, action=CANCEL, pk=rsvp.pk, state=state),
        label=_("Undo"))


def checkin_answer(request: AuthenticatedHttpRequest, rsvp: RSVP, notice: UndoNotice | None,
                   error: str = "") -> HttpResponse:
    """The check-in row (htmx, with the page's count swapped out of band) or back to the check-in page."""
    if request.htmx:
        return render(request, "events/partials/_checkin_row.html", {
            "rsvp": rsvp, "event": rsvp.event, "now_dt": timezone.now(), "undo": notice, "undo_error": error,
            "oob_counts": selectors.checkin_counts(actor=request.user, event=rsvp.event)})
    if notice is not None:
        undo_offer(request, notice)
    if error:
        messages.error(request, error)
    return redirect("events:checkin", pk=rsvp.event_id)


def _door_undo(request: AuthenticatedHttpRequest, pk: int, *, action: str, revert: Any, done: str) -> HttpResponse:
    """An undo at the door (check-in, no-show): read the token for this user, action and RSVP, revert through
    the service, answer the row (htmx) or the check-in page. `done` names the person: "%(name)s ..."."""
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    try:
        state = undo_read(token=request.POST.get("token", ""), user=request.user, action=action, pk=rsvp.pk)
        rsvp = revert(actor=request.user, rsvp=rsvp, state=state)
    except UndoRefused as refused:
        return checkin_answer(request, rsvp, None, error=" ".join(refused.messages))
    if not request.htmx:
        messages.success(request, done % {"name": rsvp.person.display_name})
    return checkin_answer(request, rsvp, None)


@login_required
@require_POST
def checkin_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _door_undo(request, pk, action=CHECK_IN, revert=services.rsvp_check_in_revert,
                      done=_("Undone: %(name)s is not checked in."))


@login_required
@require_POST
def no_show(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Someone expected at the door did not come: marked in one tap, with an undo."""
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    rsvp, state = services.rsvp_no_show_tap(actor=request.user, rsvp=rsvp)
    return checkin_answer(request, rsvp, no_show_notice(request, rsvp, state) if state is not None else None)


@login_required
@require_POST
def no_show_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _door_undo(request, pk, action=NO_SHOW, revert=services.rsvp_no_show_revert,
                      done=_("Undone: %(name)s is expected again."))


@login_required
@require_POST
def rsvp_cancel_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    try:
        state = undo_read(token=request.POST.get("token", ""), user=request.user, action=CANCEL, pk=rsvp.pk)
        rsvp = services.rsvp_cancel_revert(actor=request.user, rsvp=rsvp, state=state)
    except UndoRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Undone: the RSVP of %(name)s is back (%(status)s).") % {
            "name": rsvp.person.display_name, "status": rsvp.get_status_display()})
    return redirect("events:event_detail", pk=rsvp.event_id)
