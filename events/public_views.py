"""Public pages: one per public event, with an RSVP form that needs no account. No member name appears here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from coalition.formflow import submit
from coalition.http import remember_language, visitor_language
from events import selectors, services
from events.calendar import CHICAGO, event_place, google_calendar_url, plan_for
from events.forms import PublicRSVPForm
from events.models import Event
from events.views import calendar_response


def _public_rsvp_rate(_group: str, _request: HttpRequest) -> str:
    # Read per request, so the setting (and a test's override) holds without a restart.
    return f"{settings.PUBLIC_RSVP_RATE_LIMIT}/m"


@require_http_methods(["GET", "POST"])
@ratelimit(group="events.public_rsvp", key="ip", rate=_public_rsvp_rate, method="POST", block=False)
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    lang = visitor_language(request)
    event = selectors.event_public_get(slug=slug)
    buses = selectors.buses_with_seats(event=event)
    # Bound on every POST, even an empty one: the rate limit adds its error to it.
    form = PublicRSVPForm(request.POST if request.method == "POST" else None, event=event, buses=buses,
                          language=translation.get_language() or "en")
    status = 200

    def save(data: dict[str, Any]) -> services.PublicSubmission:
        return services.rsvp_public_submit(
            event=event, name=data["name"], phone=str(data["phone"] or ""), email=data["email"],
            language=data["language"], bus=data.get("bus"), access_needs=data["access_needs"],
            guests=data["guests"], consent=data["consent"],
        )

    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Too many RSVPs from this connection in a minute. Wait a minute and try again."))
        status = 429
    elif saved := submit(request, form, save):
        done = saved.value
        token = selectors.rsvp_receipt_token(event=event, bus_id=done.bus_id, guests=done.guests,
                                             waitlisted=done.waitlisted)
        return redirect("public:rsvp_done", slug=event.slug, token=token)
    link = _page_link(event)
    response = render(request, "events/public_event.html", {
        "event": event, "form": form, "buses": buses, "hosts": selectors.event_hosts(event=event),
        "seats_left": selectors.event_seats_left(event=event), "page_url": link,
        "site_name": settings.COALITION_NAME, "summary": _summary(event),
        "google_url": google_calendar_url(event, link=link),
    }, status=status)
    return remember_language(response, lang)


def _page_link(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("public:event", kwargs={"slug": event.slug})


def _summary(event: Event) -> str:
    """One line for sharing (meta description, og:description): what, when and where, from the event alone."""
    when = formats.date_format(event.starts_at.astimezone(CHICAGO), "DATETIME_FORMAT")
    line = _("%(kind)s on %(when)s (Chicago time), %(where)s.") % {
        "kind": event.get_kind_display(), "when": when, "where": event_place(event) or _("online")}
    description = event.localized("description")
    return f"{line} {Truncator(description).words(30)}".strip() if description else line


@never_cache  # the answer to one person's RSVP (their bus, their guests): nobody's browser or proxy keeps it
@require_GET
def rsvp_done(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The confirmation: the event and what this submission chose, never anything read from a person's RSVP."""
    lang = visitor_language(request)
    event = selectors.event_public_get(slug=slug)
    receipt = selectors.rsvp_receipt_get(event=event, token=token)
    plan = plan_for(event, bus=receipt["bus"])
    return remember_language(render(request, "events/public_done.html", {
        "event": event, "receipt": receipt, "plan": plan, "token": token,
        "google_url": google_calendar_url(event, plan=plan, link=_page_link(event)),
    }), lang)


@require_GET
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    return calendar_response(selectors.event_public_get(slug=slug))


@never_cache
@require_GET
def rsvp_done_calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The thank-you page's calendar file: from the bus this submission chose (its signed token), so it starts
    at the bus's departure and pickup point. Names no person and no RSVP."""
    event = selectors.event_public_get(slug=slug)
    receipt = selectors.rsvp_receipt_get(event=event, token=token)
    return calendar_response(event, plan_for(event, bus=receipt["bus"]))
