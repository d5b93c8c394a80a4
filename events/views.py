"""Pages for events: the list, an event's roster and buses, forms, manifests, check-in, calendar files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from coalition.undo import undo_offer
from events import notices, selectors, services, undo_views
from events.calendar import Plan, event_ics
from events.forms import AttendanceImportForm, EventForm, MoveBusForm, ProxyRSVPForm, TravelPermissionForm, WalkInForm
from events.models import RSVP, Event
from events.planning_views import bus_form_page
from members import importing
from messaging import selectors as outbox_selectors
from messaging.models import Message


def _travel_visible(request: AuthenticatedHttpRequest, rsvps: Iterable[RSVP]) -> set[int]:
    """The RSVPs whose private travel permission the actor may see: those of people whose sensitive facts they see."""
    return {rsvp.pk for rsvp in rsvps if access.may_view_sensitive(request.user, rsvp.person)}


@login_required
@people_worker_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    when = request.GET.get("when", "")
    past, archived = when == "past", when == "archived"
    page = paginate(request, selectors.event_list(actor=request.user, past=past, archived=archived))
    return render(request, "events/event_list.html", {
        "page": page, "query": query_without_page(request), "past": past, "archived": archived,
        "may_create": access.may_create_event(request.user),
        "may_places": access.may_manage_places(request.user),
        "may_review": access.may_review_public_rsvps(request.user)})


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    q = request.GET.get("q", "")
    page = paginate(request, selectors.event_roster(actor=request.user, event=event, q=q,
                                                    status=request.GET.get("status", "")), per_page=50,
                    from_either_end=True)
    services.travel_permissions_viewed(actor=request.user, event=event, rsvps=page.object_list, page="roster")
    buses = selectors.buses_with_seats(event=event)
    context = {
        "event": event, "page": page, "query": query_without_page(request), "q": q, "buses": buses,
        "regions": selectors.seats_by_region(buses=buses), "statuses": RSVP.Status.choices,
        "may_manage": access.may_manage_event(request.user, event),
        "may_transport": access.may_manage_transport(request.user),
        "may_see_flags": access.may_see_presence_flags(request.user),
        "hosts": selectors.event_hosts(event=event),
        "may_outbox": access.may_view_outbox(request.user),
        "travel_choices": [(value, str(label)) for value, label in RSVP.TravelPermission.choices],
        "travel_visible": _travel_visible(request, page.object_list),
    }
    template = "events/partials/_roster.html" if request.htmx else "events/event_detail.html"
    return render(request, template, context)


@login_required
def event_outbox(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One event's messages: the outbox filtered by the event's topic (staff)."""
    if not access.may_view_outbox(request.user):  # before the event is looked up: nothing about it leaks
        raise OutOfReach("outbox")
    event = selectors.event_get(actor=request.user, pk=pk)
    topic, status = notices.event_topic(event), request.GET.get("status", "")
    page = paginate(request, outbox_selectors.outbox_list(actor=request.user, topic=topic, status=status), per_page=50)
    return render(request, "events/event_outbox.html", {
        "event": event, "page": page, "query": query_without_page(request), "status": status,
        "counts": outbox_selectors.outbox_counts(actor=request.user, topic=topic),
        "statuses": Message.Status.choices})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_create_event(request.user):
        raise OutOfReach("event")
    form = EventForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda _data: services.event_create(actor=request.user, **form.service_fields()),
                       _("Event added.")):
        return redirect("events:event_detail", pk=saved.value.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    if not access.may_manage_event(request.user, event):
        raise OutOfReach("event")
    form = EventForm(request.POST or None, instance=selectors.event_get(actor=request.user, pk=pk),
                     actor=request.user)

    def save(data: dict[str, Any]) -> Any:
        if data.get("scope") == "later":
            return services.event_update_this_and_later(actor=request.user, event=event, **form.service_fields())
        return services.event_update(actor=request.user, event=event, **form.service_fields())

    if submit(request, form, save, _("Changes saved. People who RSVPed are told about a new time or place.")):
        return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    services.event_cancel(actor=request.user, event=event)
    messages.success(request, _("The event is cancelled. Everyone who RSVPed is told."))
    return redirect("events:event_detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def bus_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    if not access.may_manage_transport(request.user):
        raise OutOfReach("bus")

    return bus_form_page(request, event=event)


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def rsvp_proxy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Search a person in the actor's scope, then RSVP for them (the person page links here with ?person=)."""
    event = selectors.event_get(actor=request.user, pk=pk)
    person_id = request.POST.get("person") or request.GET.get("person")
    person = selectors.person_for_proxy(actor=request.user, pk=person_id) if person_id else None
    q = request.GET.get("q", "")
    found = selectors.people_search(actor=request.user, q=q) if person is None else []
    show_travel = person is not None and access.may_view_sensitive(request.user, person)
    form = ProxyRSVPForm(request.POST or None, event=event, show_travel=show_travel) if person else None
    warnings: list[str] = []
    if request.method == "POST" and person is not None and form is not None and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            confirmed = data.pop("confirm", False)
            rsvp = services.rsvp_proxy(actor=request.user, event=event, person=person, confirmed=confirmed, **data)
        except services.PlacementWarning as warning:
            services.placement_warnings_viewed(actor=request.user, person=person, event=event, page="rsvp_proxy")
            warnings = warning.messages
            form = ProxyRSVPForm({**request.POST.dict(), "confirm": "on"}, event=event, show_travel=show_travel)
            form.is_valid()
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("RSVP recorded: %(status)s.") % {"status": rsvp.get_status_display()})
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/rsvp_proxy.html", {
        "event": event, "person": person, "found": found, "q": q, "form": form, "warnings": warnings})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def attendance_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload an attendance file for this event: RSVPs and check-ins, with each left-out row's problem."""
    event = selectors.event_get(actor=request.user, pk=pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> services.AttendanceResult:
        upload = data["file"]
        importing.check_size(upload.name, upload.size)  # before reading a huge file into memory
        return services.event_attendance_import(actor=request.user, event=event, file_name=upload.name,
                                                raw=upload.read())

    result = None
    if saved := submit(request, form, save):
        result = saved.value
        form = AttendanceImportForm()
    return render(request, "events/attendance_import.html", {"event": event, "form": form, "result": result})


@login_required
@require_POST
def rsvp_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    rsvp, state = services.rsvp_cancel_tap(actor=request.user, rsvp=rsvp)
    if state is not None:
        undo_offer(request, undo_views.cancel_notice(request, rsvp, state))
    return redirect("events:event_detail", pk=rsvp.event_id)


@login_required
@require_http_methods(["GET", "POST"])
def rsvp_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_transport(request.user):
        raise OutOfReach("rsvp")
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    form = MoveBusForm(request.POST or None, event=rsvp.event, initial={"bus": rsvp.bus_id})
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.rsvp_move_bus(actor=request.user, rsvp=rsvp, bus=form.cleaned_data["bus"],
                                   confirmed=form.cleaned_data["confirm"])
        except services.PlacementWarning as warning:
            services.placement_warnings_viewed(actor=request.user, person=rsvp.person, event=rsvp.event,
                                               page="rsvp_move")
            warnings = warning.messages
            form = MoveBusForm({**request.POST.dict(), "confirm": "on"}, event=rsvp.event)
            form.is_valid()
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Moved."))
            return redirect("events:event_detail", pk=rsvp.event_id)
    return render(request, "events/rsvp_move.html", {"rsvp": rsvp, "form": form, "warnings": warnings})


@login_required
@require_POST
def rsvp_travel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    form = TravelPermissionForm(request.POST)
    if form.is_valid():
        services.rsvp_set_travel_permission(actor=request.user, rsvp=rsvp, **form.cleaned_data)
        messages.success(request, _("Travel permission saved."))
    return redirect("events:event_detail", pk=rsvp.event_id)


@login_required
def manifest(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bus = selectors.bus_get(actor=request.user, pk=pk)
    rows = selectors.bus_manifest(actor=request.user, bus=bus)
    services.travel_permissions_viewed(actor=request.user, event=bus.event, rsvps=rows, page="manifest")
    return render(request, "events/manifest.html", {
        "bus": bus, "rows": rows, "may_transport": access.may_manage_transport(request.user),
        "may_host_links": access.may_manage_host_links(request.user, bus.event),
        "travel_visible": _travel_visible(request, rows)})


def _manifest_rows(rsvps: Iterator[RSVP]) -> Iterator[list[Any]]:
    for rsvp in rsvps:
        phones = list(rsvp.person.phones.all())
        yield [rsvp.person.display_name, phones[0].number.as_national if phones else "", rsvp.guests,
               rsvp.access_needs, "yes" if rsvp.checked_in_at else ""]


@login_required
def manifest_csv(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    bus = selectors.bus_get(actor=request.user, pk=pk)
    return csv_response(filename=f"bus-{bus.pk}-manifest.csv",
                        header=[_("Name"), _("Phone"), _("Guests"), _("Access needs"), _("Checked in")],
                        rows=_manifest_rows(selectors.bus_manifest_rows(actor=request.user, bus=bus)))


@login_required
@people_worker_required
def checkin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    q = request.GET.get("q", "")
    page = paginate(request, selectors.checkin_list(actor=request.user, event=event, q=q), per_page=100)
    context = {"event": event, "page": page, "q": q, "query": query_without_page(request), "now_dt": timezone.now(),
               "counts": selectors.checkin_counts(actor=request.user, event=event)}
    template = "events/partials/_checkin_rows.html" if request.htmx else "events/checkin.html"
    return render(request, template, context)


@login_required
@require_POST
def checkin_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rsvp = selectors.rsvp_get(actor=request.user, pk=pk)
    notice = None
    if request.POST.get("undo") == "1":  # the standing "Undo check-in" button: a correction, any time
        rsvp = services.rsvp_check_in(actor=request.user, rsvp=rsvp, undo=True)
    else:
        rsvp, state = services.rsvp_check_in_tap(actor=request.user, rsvp=rsvp)
        notice = undo_views.check_in_notice(request, rsvp, state) if state is not None else None
    return undo_views.checkin_answer(request, rsvp, notice)


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def walk_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(actor=request.user, pk=pk)
    form = WalkInForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        services.walk_in_record(actor=request.user, event=event, name=data["name"],
                                phone=str(data["phone"] or ""), email=data["email"])

    if submit(request, form, save, _("Walk-in checked in.")):
        return redirect("events:checkin", pk=event.pk)
    return render(request, "events/walk_in.html", {"form": form, "event": event})


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Public RSVPs whose phone or email belongs to someone under another name, for staff to decide."""
    if not access.may_review_public_rsvps(request.user):
        raise OutOfReach("reviews")
    page = paginate(request, selectors.rsvp_review_list(actor=request.user))
    return render(request, "events/review_list.html", {"page": page, "query": query_without_page(request)})


@login_required
@require_POST
def review_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.rsvp_review_get(actor=request.user, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("same", "new"):
        messages.error(request, _("Choose “Same person” or “A different person”."))
        return redirect("events:review_list")
    try:
        review = services.rsvp_review_decide(actor=request.user, review=review, same_person=decision == "same")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if review.rsvp is not None:
            messages.success(request, _("RSVP recorded for %(name)s.") % {"name": review.rsvp.person})
    return redirect("events:review_list")

def calendar_response(event: Event, plan: Plan | None = None) -> HttpResponse:
    response = HttpResponse(event_ics(event, plan=plan), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
