"""Venues and bus pickup points, with their staff-only presence flags: list, add, change, archive (staff)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from events import selectors, services
from events.forms import PickupPointForm, VenueForm


def _check(request: AuthenticatedHttpRequest) -> None:
    if not access.may_manage_places(request.user):
        raise OutOfReach("place")


@login_required
def venue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check(request)
    archived = request.GET.get("archived") == "1"
    page = paginate(request, selectors.venue_list(actor=request.user, archived=archived))
    return render(request, "events/venue_list.html", {"page": page, "query": query_without_page(request),
                                                      "archived": archived})


@login_required
@require_http_methods(["GET", "POST"])
def venue_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check(request)
    form = VenueForm(request.POST or None)
    if submit(request, form, lambda data: services.venue_create(actor=request.user, **data), _("Venue added.")):
        return redirect("events:venue_list")
    return render(request, "events/place_form.html", {"form": form, "place": None, "kind": "venue"})


@login_required
@require_http_methods(["GET", "POST"])
def venue_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check(request)
    venue = selectors.venue_get(actor=request.user, pk=pk)
    form = VenueForm(request.POST or None, instance=selectors.venue_get(actor=request.user, pk=pk))
    if submit(request, form, lambda data: services.venue_update(actor=request.user, venue=venue, **data),
              _("Venue changed.")):
        return redirect("events:venue_list")
    return render(request, "events/place_form.html", {"form": form, "place": venue, "kind": "venue"})


@login_required
@require_POST
def venue_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check(request)
    venue = selectors.venue_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    services.venue_archive(actor=request.user, venue=venue, restore=restore)
    messages.success(request, _("Venue offered again.") if restore else _("Venue archived."))
    return redirect("events:venue_list")


@login_required
def pickup_point_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check(request)
    archived = request.GET.get("archived") == "1"
    page = paginate(request, selectors.pickup_point_list(actor=request.user, archived=archived))
    return render(request, "events/pickup_point_list.html", {"page": page, "query": query_without_page(request),
                                                             "archived": archived})


@login_required
@require_http_methods(["GET", "POST"])
def pickup_point_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check(request)
    form = PickupPointForm(request.POST or None)
    if submit(request, form, lambda data: services.pickup_point_create(actor=request.user, **data),
              _("Pickup point added.")):
        return redirect("events:pickup_point_list")
    return render(request, "events/place_form.html", {"form": form, "place": None, "kind": "pickup_point"})


@login_required
@require_http_methods(["GET", "POST"])
def pickup_point_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check(request)
    point = selectors.pickup_point_get(actor=request.user, pk=pk)
    form = PickupPointForm(request.POST or None, instance=selectors.pickup_point_get(actor=request.user, pk=pk))

    def save(data: dict[str, Any]) -> Any:
        return services.pickup_point_update(actor=request.user, pickup_point=point, **data)

    if submit(request, form, save, _("Pickup point changed.")):
        return redirect("events:pickup_point_list")
    return render(request, "events/place_form.html", {"form": form, "place": point, "kind": "pickup_point"})


@login_required
@require_POST
def pickup_point_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check(request)
    point = selectors.pickup_point_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    services.pickup_point_archive(actor=request.user, pickup_point=point, restore=restore)
    messages.success(request, _("Pickup point offered again.") if restore else _("Pickup point archived."))
    return redirect("events:pickup_point_list")
