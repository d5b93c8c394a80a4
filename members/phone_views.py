"""One tap on a phone number: "stopped working" (on a person's page, or a member's own page), with its undo
(coalition/undo.py). The undo puts the number back as it was, if nothing changed since."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition.http import AuthenticatedHttpRequest
from coalition.undo import UndoNotice, UndoRefused, undo_offer, undo_read, undo_token
from members import selectors, services
from members.models import PersonPhone

STOPPED = "members.phone_stopped"


def _stop(request: AuthenticatedHttpRequest, phone: PersonPhone, undo_url: str) -> None:
    phone, state = services.phone_mark_stopped_tap(actor=request.user, phone=phone)
    if state is None:
        messages.info(request, _("%(number)s was already marked as no longer working.") % {"number": phone})
        return
    undo_offer(request, UndoNotice(
        text=_("Done: %(number)s is marked as no longer working.") % {"number": phone}, url=undo_url,
        token=undo_token(user=request.user, action=STOPPED, pk=phone.pk, state=state), label=_("Undo")))


def _revert(request: AuthenticatedHttpRequest, phone: PersonPhone) -> None:
    try:
        state = undo_read(token=request.POST.get("token", ""), user=request.user, action=STOPPED, pk=phone.pk)
        phone = services.phone_stopped_revert(actor=request.user, phone=phone, state=state)
    except UndoRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Undone: %(number)s works again.") % {"number": phone})


@login_required
@require_POST
def phone_stopped(request: AuthenticatedHttpRequest, pk: int, phone_pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    phone = selectors.phone_get(actor=request.user, person=person, pk=phone_pk)
    _stop(request, phone, reverse("members:phone_stopped_undo", args=[person.pk, phone.pk]))
    return redirect("members:person_detail", pk=person.pk)


@login_required
@require_POST
def phone_stopped_undo(request: AuthenticatedHttpRequest, pk: int, phone_pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    _revert(request, selectors.phone_get(actor=request.user, person=person, pk=phone_pk))
    return redirect("members:person_detail", pk=person.pk)


@login_required
@require_POST
def phone_mine_stopped(request: AuthenticatedHttpRequest, phone_pk: int) -> HttpResponse:
    """A member marks one of their numbers as no longer working."""
    phone = selectors.phone_mine(actor=request.user, pk=phone_pk)
    _stop(request, phone, reverse("members:phone_mine_stopped_undo", args=[phone.pk]))
    return redirect("members:contact_mine")


@login_required
@require_POST
def phone_mine_stopped_undo(request: AuthenticatedHttpRequest, phone_pk: int) -> HttpResponse:
    _revert(request, selectors.phone_mine(actor=request.user, pk=phone_pk))
    return redirect("members:contact_mine")
