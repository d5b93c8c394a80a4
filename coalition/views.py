"""Pages of the coalition itself: home, health, organizations, regions, invitations, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coalition import access, selectors, services
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import submit
from coalition.forms import (
    ActionItemForm,
    InviteForm,
    OrganizationForm,
    RegionCountiesForm,
    TableAttendanceForm,
    TableMeetingForm,
    TableRepresentativeForm,
    TableSeatEndForm,
    TableSeatForm,
)
from coalition.home import organization_panels_for, panels_for
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page

if TYPE_CHECKING:
    from coalition.access import Actor
    from coalition.home import Panel
    from coalition.models import CoalitionTable, TableMeeting


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status = selectors.health_status()
    return JsonResponse(status, status=200 if status["ok"] else 503)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "coalition/home.html", {
        "panels": panels_for(user), "statewide": access.may_see_statewide(user),
        "own_region": access.organizer_region(user), "own_organization": access.represented_organization(user),
    })


@login_required
def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_read_organizations(request.user):
        raise OutOfReach("organizations")
    found = selectors.organization_list(actor=request.user, filters=request.GET)
    page = paginate(request, found.qs)
    context = {
        "filter": found,
        "page": page,
        "query": query_without_page(request),
        "may_manage": access.may_manage_organizations(request.user),
    }
    template = "coalition/partials/_organization_rows.html" if request.htmx else "coalition/organization_list.html"
    return render(request, template, context)


@login_required
def organization_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get(actor=request.user, pk=pk)
    return render(
        request,
        "coalition/organization_detail.html",
        {"organization": organization, "may_manage": access.may_manage_organizations(request.user),
         "panels": organization_panels_for(request.user, organization)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    form = OrganizationForm(request.POST or None)
    if saved := submit(request, form, lambda data: services.organization_create(actor=request.user, **data),
                       _("Organization added.")):
        return redirect("coalition:organization_detail", pk=saved.value.pk)
    return render(request, "coalition/organization_form.html", {"form": form, "organization": None})


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    organization = selectors.organization_get(actor=request.user, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if submit(request, form,
              lambda data: services.organization_update(actor=request.user, organization=organization, **data),
              _("Changes saved.")):
        return redirect("coalition:organization_detail", pk=organization.pk)
    return render(request, "coalition/organization_form.html", {"form": form, "organization": organization})


@login_required
@people_worker_required
def region_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "coalition/region_list.html", {
        "regions": selectors.region_list(actor=request.user), "may_manage": access.may_manage_regions(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def region_update(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if not access.may_manage_regions(request.user):
        raise OutOfReach("region")
    region = selectors.region_get(actor=request.user, slug=slug)
    form = RegionCountiesForm(request.POST or None, initial={"counties": list(region.counties.all())})
    if submit(request, form,
              lambda data: services.region_set_counties(actor=request.user, region=region, counties=data["counties"]),
              _("The counties of %(region)s are saved.") % {"region": region.name}):
        return redirect("coalition:region_list")
    return render(request, "coalition/region_form.html", {"form": form, "region": region})


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_invite(request.user):
        raise OutOfReach("invite")
    form = InviteForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda data: services.user_invite(
            actor=request.user, base_url=request.build_absolute_uri("/"), **data)):
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": saved.value.email})
        return redirect("coalition:user_invite")
    return render(request, "coalition/user_invite.html", {"form": form})


@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = selectors.audit_list(actor=request.user, filters=request.GET)
    page = paginate(request, found.qs, per_page=50)
    return render(
        request, "coalition/audit_list.html", {"filter": found, "page": page, "query": query_without_page(request)}
    )


# Coalition tables and meetings ------------------------------------------------------------------------

def _table_or_404(request: AuthenticatedHttpRequest, slug: str) -> CoalitionTable:
    if not access.may_read_tables(request.user):
        raise OutOfReach("table")
    return selectors.table_get(actor=request.user, slug=slug)


@login_required
def table_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_read_tables(request.user):
        raise OutOfReach("tables")
    page = paginate(request, selectors.table_list(actor=request.user))
    return render(request, "coalition/table_list.html", {"page": page, "query": query_without_page(request)})


@login_required
def table_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    table = _table_or_404(request, slug)
    roster = selectors.table_roster(actor=request.user, table=table)
    meetings = paginate(request, selectors.table_meetings(actor=request.user, table=table), per_page=10)
    return render(request, "coalition/table_detail.html", {
        "table": table, "roster": roster, "page": meetings, "query": query_without_page(request),
        "may_manage": access.may_manage_tables(request.user),
    })


@login_required
def table_roster_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    table = _table_or_404(request, slug)
    roster = selectors.table_roster(actor=request.user, table=table)
    header = [_("Organization"), _("Role"), _("Joined on"), _("Left on"), _("Representatives"), _("Public phone"),
              _("Public email"), _("Website")]
    rows = ([seat.organization.name, seat.get_role_display(), seat.joined_on, seat.left_on,
             "; ".join(str(r.person) for r in seat.current_representatives),
             seat.organization.phone, seat.organization.email, seat.organization.website]
            for seat in roster["current"] + roster["former"])
    return csv_response(filename=f"{table.slug}-roster.csv", header=header, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def table_seat_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("table")
    table = _table_or_404(request, slug)
    form = TableSeatForm(request.POST or None, actor=request.user)
    if submit(request, form, lambda data: services.table_seat_add(actor=request.user, table=table, **data)):
        messages.success(request, _("%(organization)s now sits at the table.") % {
            "organization": form.cleaned_data["organization"]})
        return redirect("coalition:table_detail", slug=table.slug)
    return render(request, "coalition/table_form.html", {
        "form": form, "table": table, "title": _("Seat an organization")})


@login_required
@require_http_methods(["GET", "POST"])
def table_seat_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    form = TableSeatEndForm(request.POST or None)
    if submit(request, form,
              lambda data: services.table_seat_end(actor=request.user, seat=seat, left_on=data["left_on"]),
              _("%(organization)s has left the table.") % {"organization": seat.organization}):
        return redirect("coalition:table_detail", slug=seat.table.slug)
    return render(request, "coalition/table_form.html", {
        "form": form, "table": seat.table,
        "title": _("%(organization)s leaves the table") % {"organization": seat.organization}})


@login_required
@require_http_methods(["GET", "POST"])
def table_representative_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    form = TableRepresentativeForm(request.POST or None, actor=request.user)
    if submit(request, form, lambda data: services.table_representative_add(actor=request.user, seat=seat, **data),
              _("Representative added.")):
        return redirect("coalition:table_detail", slug=seat.table.slug)
    return render(request, "coalition/table_form.html", {
        "form": form, "table": seat.table,
        "title": _("Add a representative of %(organization)s") % {"organization": seat.organization}})


@login_required
@require_http_methods(["GET", "POST"])
def table_meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("table")
    table = _table_or_404(request, slug)
    form = TableMeetingForm(request.POST or None)
    if saved := submit(request, form,
                       lambda data: services.table_meeting_create(actor=request.user, table=table, **data),
                       _("Meeting scheduled.")):
        return redirect("coalition:table_meeting_detail", pk=saved.value.pk)
    return render(request, "coalition/table_form.html",
                  {"form": form, "table": table, "title": _("Schedule a meeting")})


@login_required
def table_meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_read_tables(request.user):
        raise OutOfReach("meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    may_manage = access.may_manage_tables(request.user)
    action_form = ActionItemForm(actor=request.user) if may_manage else None
    return render(request, "coalition/table_meeting_detail.html", _meeting_context(request, meeting, action_form))


def _meeting_context(request: AuthenticatedHttpRequest, meeting: TableMeeting,
                     action_form: ActionItemForm | None) -> dict[str, Any]:
    detail = selectors.table_meeting_detail(actor=request.user, meeting=meeting)
    return {
        "meeting": meeting, "table": meeting.table, "may_manage": access.may_manage_tables(request.user),
        "action_form": action_form, **detail,
        "may_mark_done": {item.pk for item in detail["action_items"]
                          if access.may_mark_action_item_done(request.user, item)},
    }


@login_required
@require_http_methods(["GET", "POST"])
def table_meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    representatives = selectors.table_representatives_at(actor=request.user, meeting=meeting)
    present = selectors.table_meeting_detail(actor=request.user, meeting=meeting)["attendance"]
    present_ids = {a.person_id for a in present if a.person_id}
    initial = {
        "representatives": [r.pk for r in representatives if r.person_id in present_ids],
        "guests": "\n".join(a.guest_name for a in present if not a.person_id),
    }
    form = TableAttendanceForm(request.POST or None, initial=initial, representatives=representatives)

    def save(data: dict[str, Any]) -> None:
        services.table_meeting_attendance_set(actor=request.user, meeting=meeting,
                                              representatives=data["representatives"], guests=data["guests"])

    if submit(request, form, save, _("Attendance saved.")):
        return redirect("coalition:table_meeting_detail", pk=meeting.pk)
    return render(request, "coalition/table_form.html", {
        "form": form, "table": meeting.table, "title": _("Take attendance"), "meeting": meeting})


@login_required
@require_http_methods(["POST"])
def table_action_item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_tables(request.user):
        raise OutOfReach("meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    form = ActionItemForm(request.POST, actor=request.user)
    if submit(request, form,
              lambda data: services.table_action_item_create(actor=request.user, meeting=meeting, **data),
              _("Action item added.")):
        return redirect("coalition:table_meeting_detail", pk=meeting.pk)
    return render(request, "coalition/table_meeting_detail.html", _meeting_context(request, meeting, form), status=200)


@login_required
@require_http_methods(["POST"])
def table_action_item_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_item_get(actor=request.user, pk=pk)
    services.table_action_item_done(actor=request.user, item=item)
    messages.success(request, _("Marked done: %(item)s") % {"item": item.description})
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    # Only a path on this site: redirect() would read anything else as the name of a view.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                   require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("coalition:home")


def action_items_panel(user: Actor) -> Panel | None:
    """Home panel: the user's open action items from table meetings, until done."""
    from coalition.home import Panel

    items = selectors.action_items_open(actor=user)
    return Panel("coalition/partials/_action_items_panel.html", {"items": items}) if items else None
