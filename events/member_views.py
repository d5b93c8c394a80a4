"""A member's own event actions from their home page: joining an event in one tap, their event's calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coalition.http import AuthenticatedHttpRequest
from events import selectors, services
from events.calendar import plan_for
from events.models import RSVP
from events.views import calendar_response


@login_required
@require_POST
def member_join(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.member_joinable_get(actor=request.user, pk=pk)
    try:
        rsvp, _created = services.rsvp_member_join(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if rsvp.status == RSVP.Status.WAITLISTED:
            messages.success(request, _("You are on the waitlist for %(event)s. We will tell you if a seat opens.")
                             % {"event": event.localized("title")})
        else:
            messages.success(request, _("You are going to %(event)s.") % {"event": event.localized("title")})
    return redirect("coalition:home")


@login_required
@require_GET
def member_event_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The member's calendar file for an event they go to: it starts when and where their bus leaves, if any."""
    event = selectors.member_event_get(actor=request.user, pk=pk)
    return calendar_response(event, plan_for(event, selectors.member_rsvp_for_event(actor=request.user, event=event)))
