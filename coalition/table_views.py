"""Pages of the coalition tables: the list, a table and its roster, seats, representatives, meetings (with their
revisions and attendance) and action items. Staff and admins change things; who may read is the policy's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalition import access, selectors, services, table_undo, table_undo_views
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import submit
from coalition.forms import (
    ActionItemForm,
    TableAttendanceForm,
    TableForm,
    TableMeetingCancelForm,
    TableMeetingEditForm,
    TableMeetingForm,
    TableRepresentativeEndForm,
    TableRepresentativeForm,
    TableSeatEndForm,
    TableSeatForm,
    TableSeatRoleForm,
)
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from coalition.undo import undo_offer

if TYPE_CHECKING:
    from coalition.models import CoalitionTable, TableMeeting


def _table_or_404(request: AuthenticatedHttpRequest, slug: str) -> CoalitionTable:
    if not access.may_read_tables(request.user):
        raise OutOfReach("table")
    return selectors.table_get(actor=request.user, slug=slug)


def _manager_or_404(request: AuthenticatedHttpRequest, what: str = "table") -> None:
    if not access.may_manage_tables(request.user):
        raise OutOfReach(what)


def _form_page(request: AuthenticatedHttpRequest, form: Any, table: CoalitionTable, title: str,
               meeting: TableMeeting | None = None, **extra: Any) -> HttpResponse:
    return render(request, "coalition/table_form.html",
                  {"form": form, "table": table, "title": title, "meeting": meeting, **extra})


# Tables --------------------------------------------------------------------------------------------------

@login_required
def table_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_read_tables(request.user):
        raise OutOfReach("tables")
    found = selectors.table_list(actor=request.user, filters=request.GET)
    page = paginate(request, found.qs)
    return render(request, "coalition/table_list.html", {
        "filter": found, "page": page, "query": query_without_page(request),
        "may_manage": access.may_manage_tables(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def table_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manager_or_404(request)
    form = TableForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda data: services.table_create(actor=request.user, **data),
                       _("Table started.")):
        return redirect("coalition:table_detail", slug=saved.value.slug)
    return render(request, "coalition/table_edit.html", {"form": form, "table": None})


@login_required
@require_http_methods(["GET", "POST"])
def table_update(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manager_or_404(request)
    table = _table_or_404(request, slug)
    roster = selectors.table_roster(actor=request.user, table=table)
    chairs = [seat.organization for seat in roster["current"] if seat.role == seat.Role.CHAIR]
    initial = {"name": table.name, "description": table.description, "status": table.status,
               "name_es": table.name_es, "description_es": table.description_es,
               "closed_on": table.closed_on, "chair": chairs[0] if chairs else None,
               "campaigns": list(table.campaigns.all())}
    form = TableForm(request.POST or None, actor=request.user, table=table, initial=initial)

    def save(data: dict[str, Any]) -> CoalitionTable:
        # Co-chairs: leaving the field on one of them changes nothing about the others.
        return services.table_update(actor=request.user, table=table, **data)

    if submit(request, form, save, _("Changes saved.")):
        return redirect("coalition:table_detail", slug=table.slug)
    return render(request, "coalition/table_edit.html", {"form": form, "table": table})


@login_required
def table_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    table = _table_or_404(request, slug)
    roster = selectors.table_roster(actor=request.user, table=table)
    meetings = paginate(request, selectors.table_meetings(actor=request.user, table=table), per_page=10)
    may_manage = access.may_manage_tables(request.user)
    return render(request, "coalition/table_detail.html", {
        "table": table, "roster": roster, "page": meetings, "query": query_without_page(request),
        "may_manage": may_manage, "may_change_roster": may_manage and table.status != table.Status.CLOSED,
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


# Seats and representatives -------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def table_seat_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manager_or_404(request)
    table = _table_or_404(request, slug)
    form = TableSeatForm(request.POST or None, actor=request.user, initial={"joined_on": timezone.localdate()})
    if submit(request, form, lambda data: services.table_seat_add(actor=request.user, table=table, **data)):
        messages.success(request, _("%(organization)s now sits at the table.") % {
            "organization": form.cleaned_data["organization"]})
        return redirect("coalition:table_detail", slug=table.slug)
    return _form_page(request, form, table, _("Seat an organization"))


@login_required
@require_http_methods(["GET", "POST"])
def table_seat_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    form = TableSeatRoleForm(request.POST or None, initial={"role": seat.role, "changed_on": timezone.localdate()})
    if submit(request, form,
              lambda data: services.table_seat_role_change(actor=request.user, seat=seat, **data),
              _("The role of %(organization)s is saved.") % {"organization": seat.organization}):
        return redirect("coalition:table_detail", slug=seat.table.slug)
    return _form_page(request, form, seat.table,
                      _("Change the role of %(organization)s") % {"organization": seat.organization})


@login_required
@require_http_methods(["GET", "POST"])
def table_seat_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    form = TableSeatEndForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if saved := submit(request, form, lambda data: table_undo.table_seat_end_tap(
            actor=request.user, seat=seat, left_on=data["left_on"])):
        _seat, state = saved.value
        if state is not None:
            undo_offer(request, table_undo_views.seat_end_notice(request, seat, state))
        else:
            messages.info(request, _("%(organization)s had already left the table.") % {
                "organization": seat.organization})
        return redirect("coalition:table_detail", slug=seat.table.slug)
    return _form_page(request, form, seat.table,
                      _("%(organization)s leaves the table") % {"organization": seat.organization})


@login_required
@require_http_methods(["GET", "POST"])
def table_representative_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "seat")
    seat = selectors.table_seat_get(actor=request.user, pk=pk)
    form = TableRepresentativeForm(request.POST or None, actor=request.user, initial={"since": timezone.localdate()})
    if submit(request, form, lambda data: services.table_representative_add(actor=request.user, seat=seat, **data),
              _("Representative added.")):
        return redirect("coalition:table_detail", slug=seat.table.slug)
    return _form_page(request, form, seat.table,
                      _("Add a representative of %(organization)s") % {"organization": seat.organization})


@login_required
@require_http_methods(["GET", "POST"])
def table_representative_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "representative")
    representative = selectors.table_representative_get(actor=request.user, pk=pk)
    form = TableRepresentativeEndForm(request.POST or None, initial={"until": timezone.localdate()})
    if saved := submit(request, form, lambda data: table_undo.table_representative_end_tap(
            actor=request.user, representative=representative, until=data["until"])):
        _rep, state = saved.value
        if state is not None:
            undo_offer(request, table_undo_views.representative_end_notice(request, representative, state))
        else:
            messages.info(request, _("%(person)s had already stepped down.") % {"person": representative.person})
        return redirect("coalition:table_detail", slug=representative.seat.table.slug)
    return _form_page(request, form, representative.seat.table,
                      _("%(person)s steps down for %(organization)s") % {
                          "person": representative.person, "organization": representative.seat.organization})


# Meetings ------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def table_meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manager_or_404(request)
    table = _table_or_404(request, slug)
    form = TableMeetingForm(request.POST or None)
    if saved := submit(request, form,
                       lambda data: services.table_meeting_create(actor=request.user, table=table, **data),
                       _("Meeting scheduled.")):
        return redirect("coalition:table_meeting_detail", pk=saved.value.pk)
    return _form_page(request, form, table, _("Schedule a meeting"))


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
def table_meeting_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    initial = {"starts_at": timezone.localtime(meeting.starts_at), "place": meeting.place, "link": meeting.link,
               "agenda": meeting.agenda, "notes": meeting.notes, "version": meeting.version}
    form = TableMeetingEditForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> TableMeeting:
        version = data.pop("version")
        try:
            return services.table_meeting_update(actor=request.user, meeting=meeting, expected_version=version,
                                                 **data)
        except services.MeetingChanged as changed:
            form.overtaken(changed.meeting)
            raise

    if submit(request, form, save, _("Meeting saved.")):
        return redirect("coalition:table_meeting_detail", pk=meeting.pk)
    return _form_page(request, form, meeting.table, _("Edit the meeting"), meeting=meeting,
                      saved_now=form.saved_now)


@login_required
@require_http_methods(["GET", "POST"])
def table_meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    form = TableMeetingCancelForm(request.POST or None)
    if submit(request, form,
              lambda data: services.table_meeting_cancel(actor=request.user, meeting=meeting, **data),
              _("Meeting cancelled.")):
        return redirect("coalition:table_meeting_detail", pk=meeting.pk)
    return _form_page(request, form, meeting.table, _("Cancel the meeting"), meeting=meeting,
                      submit_label=_("Cancel the meeting"))


@login_required
@require_http_methods(["GET", "POST"])
def table_meeting_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "meeting")
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
    return _form_page(request, form, meeting.table, _("Take attendance"), meeting=meeting)


# Action items ----------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["POST"])
def table_action_item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "meeting")
    meeting = selectors.table_meeting_get(actor=request.user, pk=pk)
    form = ActionItemForm(request.POST, actor=request.user)
    if submit(request, form,
              lambda data: services.table_action_item_create(actor=request.user, meeting=meeting, **data),
              _("Action item added.")):
        return redirect("coalition:table_meeting_detail", pk=meeting.pk)
    return render(request, "coalition/table_meeting_detail.html", _meeting_context(request, meeting, form), status=200)


@login_required
@require_http_methods(["GET", "POST"])
def table_action_item_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manager_or_404(request, "action item")
    item = selectors.action_item_get(actor=request.user, pk=pk)
    form = ActionItemForm(request.POST or None, actor=request.user, editing=True, initial={
        "description": item.description, "owner": item.owner, "due_on": item.due_on})
    if submit(request, form, lambda data: services.table_action_item_update(actor=request.user, item=item, **data),
              _("Action item saved.")):
        return redirect("coalition:table_meeting_detail", pk=item.meeting_id)
    return _form_page(request, form, item.meeting.table, _("Edit the action item"), meeting=item.meeting)


def _back(request: AuthenticatedHttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    # Only a path on this site: redirect() would read anything else as the name of a view.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                   require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("coalition:home")


@login_required
@require_http_methods(["POST"])
def table_action_item_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_item_get(actor=request.user, pk=pk)
    services.table_action_item_done(actor=request.user, item=item)
    messages.success(request, _("Marked done: %(item)s") % {"item": item.description})
    return _back(request)


@login_required
@require_http_methods(["POST"])
def table_action_item_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_item_get(actor=request.user, pk=pk)
    services.table_action_item_reopen(actor=request.user, item=item)
    messages.success(request, _("Reopened: %(item)s") % {"item": item.description})
    return _back(request)
