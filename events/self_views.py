"""The "manage your RSVP" pages, /r/<token>/: no account, whoever holds the private link (events/manage_links.py).

They show one RSVP and nothing about anyone else; of the person, only a masked phone. A forged, expired or other
event's token answers 404 (the middleware turns OutOfReach into the plain not-found page).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from coalition.formflow import add_form_errors
from coalition.http import remember_language, visitor_language
from events import selectors, services
from events.forms import SelfRSVPForm


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the key: no search engine keeps it (and the site-wide "same-origin" referrer policy gives it
    # to no other site; "no-referrer" would make the browser send `Origin: null` and fail the CSRF check).
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_manage(request: HttpRequest, token: str) -> HttpResponse:
    """See one's RSVP and change the bus, guests or access needs."""
    lang = visitor_language(request)
    rsvp = selectors.rsvp_manage_get(token=token)
    initial = {"bus": rsvp.bus_id, "guests": rsvp.guests, "access_needs": rsvp.access_needs,
               "seen": selectors.rsvp_manage_stamp(rsvp)}
    form = SelfRSVPForm(request.POST if request.method == "POST" else None, rsvp=rsvp, initial=initial)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            done = services.rsvp_self_update(rsvp=rsvp, bus=data.get("bus"), guests=data["guests"],
                                             access_needs=data["access_needs"], seen=data["seen"])
        except ValidationError as error:
            if getattr(error, "code", None) != "stale":
                add_form_errors(form, error)
            else:
                messages.warning(request, error.messages[0])
                return redirect("rsvp_self:manage", token=token)
        else:
            messages.success(request, _("Saved. Your RSVP is up to date.") if done.changed
                             else _("Nothing changed: your RSVP already said this."))
            return redirect("rsvp_self:manage", token=token)
    page = selectors.rsvp_manage_page(rsvp=rsvp)
    chosen = str(form["bus"].value() or "") if form.has_buses else ""
    response = render(request, "events/rsvp_manage.html",
                      {"page": page, "rsvp": rsvp, "event": rsvp.event, "form": form, "chosen": chosen,
                       "token": token})
    return _private(remember_language(response, lang))


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel one's RSVP, after a confirmation step (GET asks, POST cancels; a second POST changes nothing)."""
    lang = visitor_language(request)
    rsvp = selectors.rsvp_manage_get(token=token)
    if request.method == "POST":
        try:
            services.rsvp_self_cancel(rsvp=rsvp)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your RSVP is cancelled. Thank you for telling us."))
        return redirect("rsvp_self:manage", token=token)
    response = render(request, "events/rsvp_manage_cancel.html",
                      {"rsvp": rsvp, "event": rsvp.event, "token": token})
    return _private(remember_language(response, lang))
