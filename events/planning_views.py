"""Pages that plan events beyond one form: recurring series, the organizations hosting an event, archiving, and
changing a bus. The event list, roster and check-in are in events/views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from events import selectors, services
from events.forms import BusForm, EventHostForm, SeriesEditForm, SeriesForm


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def series_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A recurring series: one form, one event per date."""
    if not access.may_create_event(request.user):
        raise OutOfReach("series")
    form = SeriesForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda _data: services.series_create(actor=request.user,
                                                                            **form.service_fields()),
                       _("Series added: every date is its own event with its own RSVPs.")):
        return redirect("events:series_detail", pk=saved.value.pk)
    return render(request, "events/series_form.html", {"form": form, "series": None})


@login_required
@people_worker_required
def series_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = selectors.series_get(actor=request.user, pk=pk)
    page = paginate(request, selectors.series_events(actor=request.user, series=series))
    return render(request, "events/series_detail.html", {
        "series": series, "page": page, "query": query_without_page(request),
        "may_manage": access.may_manage_series(request.user, series)})


@login_required
@require_http_methods(["GET", "POST"])
def series_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change what the series' future dates share; dates edited on their own and past dates keep theirs."""
    series = selectors.series_get(actor=request.user, pk=pk)
    if not access.may_manage_series(request.user, series):
        raise OutOfReach("series")
    form = SeriesEditForm(request.POST or None, instance=selectors.series_get(actor=request.user, pk=pk),
                          actor=request.user)
    if submit(request, form, lambda data: services.series_update(actor=request.user, series=series, **data),
              _("Series changed. Its future dates that nobody changed on their own follow it.")):
        return redirect("events:series_detail", pk=series.pk)
    return render(request, "events/series_form.html", {"form": form, "series": series})


@login_required
@require_POST
def series_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = selectors.series_get(actor=request.user, pk=pk)
    cancelled = services.series_cancel_rest(actor=request.user, series=series)
    messages.success(request, _("%(count)s future dates cancelled. Everyone who RSVPed is told.")
                     % {"count": len(cancelled)})
    return redirect("events:series_detail", pk=series.pk)


@login_required
@require_POST
def event_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    try:
        services.event_archive(actor=request.user, event=event, restore=restore)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is back in the lists.") if restore else _("The event is archived."))
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_host_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Name a host or co-host of the event (whoever may manage it)."""
    event = selectors.event_get(actor=request.user, pk=pk)
    if not access.may_manage_event(request.user, event):
        raise OutOfReach("event")
    form = EventHostForm(request.POST or None, actor=request.user)
    if submit(request, form, lambda data: services.event_host_add(actor=request.user, event=event, **data),
              _("Host saved.")):
        return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_host_form.html", {"form": form, "event": event,
                                                          "hosts": selectors.event_hosts(event=event)})


@login_required
@require_POST
def event_host_remove(request: AuthenticatedHttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    organization = access.get_in_scope(access.organization_scope(request.user), pk=organization_pk)
    services.event_host_remove(actor=request.user, event=event, organization=organization)
    messages.success(request, _("%(name)s no longer hosts this event.") % {"name": organization.name})
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def bus_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a bus; more seats than the event holds asks for a confirmation."""
    if not access.may_manage_transport(request.user):
        raise OutOfReach("bus")
    bus = selectors.bus_get(actor=request.user, pk=pk)
    return bus_form_page(request, event=bus.event, bus=bus)


def bus_form_page(request: AuthenticatedHttpRequest, *, event: Any, bus: Any = None) -> HttpResponse:
    """The add and change pages of a bus: bad input on its field; a capacity warning shown, then confirmed."""
    form = BusForm(request.POST or None, actor=request.user, bus=bus)
    warning = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm", False)
        try:
            if bus is None:
                services.bus_create(actor=request.user, event=event, confirmed=confirmed, **data)
            else:
                services.bus_update(actor=request.user, bus=bus, confirmed=confirmed, **data)
        except services.CapacityWarning as caught:
            warning = caught.messages[0]
            form = BusForm({**request.POST.dict(), "confirm": "on"}, actor=request.user, bus=bus)
            form.is_valid()
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Bus added.") if bus is None else _("Bus changed."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/bus_form.html", {"form": form, "event": event, "bus": bus, "warning": warning})
