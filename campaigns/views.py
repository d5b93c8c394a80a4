"""Pages of campaigns, bills and whip counts: parse, call a selector or a service, respond."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaigns import forms, selectors, services
from campaigns.models import Bill, Campaign, Chamber, Legislator, Resource
from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import add_form_errors, submit
from coalition.home import campaign_panels_for
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from coalition.selectors import region_list


def _manage(request: HttpRequest) -> None:
    if not access.may_manage_campaigns(request.user):
        raise OutOfReach("campaigns")


def _form_page(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], *, title: str,
               back: str, done: str, success: str, template: str = "campaigns/form.html",
               extra: dict[str, Any] | None = None) -> HttpResponse:
    """The one shape of a form page: validate, call the service, show its ValidationError on the form."""
    if submit(request, form, save, success):
        return redirect(done)
    return render(request, template, {"form": form, "title": title, "back": back, **(extra or {})})


def _campaign_url(campaign: Campaign) -> str:
    return reverse("coalition:campaigns:campaign_detail", args=[campaign.slug])


def _bill_url(bill: Bill) -> str:
    url = reverse("coalition:campaigns:bill_detail", kwargs={"kind": bill.kind, "number": bill.number})
    # Numbers start again each session: name the session, so an older session's bill is the one that opens.
    return f"{url}?session={bill.session_id}" if bill.session_id else url


def _session_id(request: HttpRequest) -> int | None:
    value = request.GET.get("session", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def _region_id(request: HttpRequest) -> int | None:
    value = request.GET.get("region", "")
    # A region's id is a few ASCII digits; anything else (a huge number, "²") names no region.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    closed = request.GET.get("closed") == "1"
    page = paginate(request, selectors.campaign_list(actor=request.user, closed=closed))
    return render(request, "campaigns/campaign_list.html", {
        "page": page, "query": query_without_page(request), "closed": closed,
        "may_manage": access.may_manage_campaigns(request.user)})


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    people = paginate(request, selectors.participants(actor=request.user, campaign=campaign))
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign, "page": people, "query": query_without_page(request),
        "may_manage": access.may_manage_campaigns(request.user) and not campaign.is_closed,
        "panels": campaign_panels_for(request.user, campaign),
        **selectors.campaign_dashboard(actor=request.user, campaign=campaign),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    form = forms.CampaignForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda data: services.campaign_create(actor=request.user, **data),
                       _("Campaign started.")):
        return redirect(_campaign_url(saved.value))
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Start a campaign"), "back": reverse("coalition:campaigns:campaign_list")})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_update(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manage(request)
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    initial = {"name": campaign.name, "slug": campaign.slug, "kind": campaign.kind, "status": campaign.status,
               "starts_on": campaign.starts_on, "ends_on": campaign.ends_on, "description": campaign.description,
               "name_es": campaign.name_es, "description_es": campaign.description_es,
               "tables": list(campaign.tables.all())}
    form = forms.CampaignForm(request.POST or None, initial=initial, actor=request.user, campaign=campaign)
    if saved := submit(request, form, lambda data: services.campaign_update(actor=request.user, campaign=campaign,
                                                                            **data), _("Changes saved.")):
        return redirect(_campaign_url(saved.value))
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Change %(campaign)s") % {"campaign": campaign}, "back": _campaign_url(campaign)})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_close(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Closing asks first: the open goals are listed, and with any of them the box must be ticked."""
    _manage(request)
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    if campaign.is_closed:
        return redirect(_campaign_url(campaign))
    open_goals = selectors.goals_with_counts(actor=request.user, campaign=campaign)
    open_goals = [g for g in open_goals if g.retired_at is None]
    # Bound on every POST: with no open goals the form has no field, and an empty POST is the confirmation.
    form = forms.CampaignCloseForm(request.POST if request.method == "POST" else None)
    if not open_goals:
        del form.fields["confirm_open_goals"]
    if submit(request, form, lambda data: services.campaign_close(actor=request.user, campaign=campaign, **data),
              _("Campaign closed; its final tally is recorded.")):
        return redirect(_campaign_url(campaign))
    return render(request, "campaigns/campaign_close.html", {
        "form": form, "campaign": campaign, "open_goals": open_goals, "back": _campaign_url(campaign)})


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manage(request)
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    back = reverse("coalition:campaigns:campaign_detail", args=[campaign.slug])
    return _form_page(
        request, forms.GoalForm(request.POST or None),
        lambda data: services.goal_create(actor=request.user, campaign=campaign, **data),
        title=_("Add a goal to %(campaign)s") % {"campaign": campaign}, back=back, done=back,
        success=_("Goal added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    goal = selectors.goal_get(actor=request.user, pk=pk)
    back = _campaign_url(goal.campaign)
    return _form_page(
        request, forms.GoalEditForm(request.POST or None, initial={
            "description": goal.description, "target": goal.target, "due_on": goal.due_on}),
        lambda data: services.goal_update(actor=request.user, goal=goal, **data),
        title=_("Change the goal “%(goal)s”") % {"goal": goal}, back=back, done=back, success=_("Changes saved."),
    )


@login_required
@require_http_methods(["POST"])
def goal_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    goal = selectors.goal_get(actor=request.user, pk=pk)
    try:
        services.goal_retire(actor=request.user, goal=goal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Goal retired: %(goal)s") % {"goal": goal})
    return redirect(_campaign_url(goal.campaign))


@login_required
@require_http_methods(["GET", "POST"])
def participation_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manage(request)
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    return _form_page(
        request, forms.ParticipationForm(request.POST or None, actor=request.user),
        lambda data: services.participation_add(actor=request.user, campaign=campaign, **data),
        title=_("Add a participant to %(campaign)s") % {"campaign": campaign}, back=_campaign_url(campaign),
        done=_campaign_url(campaign),
        success=_("Participant added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _manage(request)
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    return _form_page(
        request, forms.ActionForm(request.POST or None, actor=request.user),
        lambda data: services.campaign_action_record(actor=request.user, campaign=campaign, **data),
        title=_("Log an action for %(campaign)s") % {"campaign": campaign}, back=_campaign_url(campaign),
        done=_campaign_url(campaign),
        success=_("Action logged."),
    )


# Sessions, bills, legislators -----------------------------------------------------------------------------

@login_required
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.session_list(actor=request.user))
    return render(request, "campaigns/session_list.html", {
        "page": page, "query": query_without_page(request), "may_manage": access.may_manage_campaigns(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    back = reverse("coalition:campaigns:session_list")
    return _form_page(request, forms.SessionForm(request.POST or None),
                      lambda data: services.session_create(actor=request.user, **data),
                      title=_("Add a legislative session"), back=back, done=back, success=_("Session added."))


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    session = selectors.session_get(actor=request.user, pk=pk)
    back = reverse("coalition:campaigns:session_list")
    return _form_page(
        request, forms.SessionForm(request.POST or None, initial={
            "name": session.name, "starts_on": session.starts_on, "ends_on": session.ends_on}),
        lambda data: services.session_update(actor=request.user, session=session, **data),
        title=_("Change %(session)s") % {"session": session}, back=back, done=back, success=_("Changes saved."))


def _bill_data(data: dict[str, Any]) -> dict[str, Any]:
    data["current_chamber"] = data.get("current_chamber") or (
        Chamber.HOUSE if data.get("kind") == Bill.Kind.HB else Chamber.SENATE)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def bill_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    form = forms.BillForm(request.POST or None, actor=request.user,
                          initial={"session": selectors.session_list(actor=request.user).first()})
    if saved := submit(request, form, lambda data: services.bill_create(actor=request.user, **_bill_data(data)),
                       _("Bill added.")):
        return redirect(_bill_url(saved.value))
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Add a bill"), "back": reverse("coalition:campaigns:bill_list")})


@login_required
@require_http_methods(["GET", "POST"])
def bill_update(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    _manage(request)
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number, session_id=_session_id(request))
    fields = ("kind", "number", "title", "session", "status", "current_chamber", "committee", "hearing_on",
              "sponsor", "campaign", "public_act")
    form = forms.BillForm(request.POST or None, actor=request.user, bill=bill,
                          initial={name: getattr(bill, name) for name in fields})
    if saved := submit(request, form, lambda data: services.bill_update(actor=request.user, bill=bill,
                                                                        **_bill_data(data)), _("Changes saved.")):
        return redirect(_bill_url(saved.value))
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Change %(bill)s") % {"bill": bill}, "back": _bill_url(bill)})


@login_required
def bill_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.bill_list(actor=request.user))
    return render(request, "campaigns/bill_list.html", {
        "page": page, "query": query_without_page(request), "may_manage": access.may_manage_campaigns(request.user)})


@login_required
def bill_detail(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number, session_id=_session_id(request))
    region_id = _region_id(request)
    return render(request, "campaigns/bill_detail.html", {
        "bill": bill, "regions": region_list(actor=request.user), "region_id": region_id,
        "whip": selectors.whip_count(actor=request.user, bill=bill, region_id=region_id),
        "history": selectors.position_history(actor=request.user, bill=bill),
        "drives": selectors.drives_for(actor=request.user, bill=bill),
        "may_manage": access.may_manage_campaigns(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    _manage(request)
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number, session_id=_session_id(request))
    return _form_page(
        request, forms.PositionForm(request.POST or None, actor=request.user),
        lambda data: services.position_record(actor=request.user, bill=bill, **data),
        title=_("Record a position on %(bill)s") % {"bill": bill}, back=_bill_url(bill), done=_bill_url(bill),
        success=_("Position recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    position = selectors.position_get(actor=request.user, pk=pk)
    back = _bill_url(position.bill)
    return _form_page(
        request, forms.PositionEditForm(request.POST or None, initial={
            "stance": position.stance, "source": position.source, "note": position.note}),
        lambda data: services.position_update(actor=request.user, position=position, **data),
        title=_("Correct the position of %(legislator)s on %(bill)s") % {
            "legislator": position.legislator, "bill": position.bill},
        back=back, done=back, success=_("Position corrected."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def drive_create(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    _manage(request)
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number, session_id=_session_id(request))
    return _form_page(
        request, forms.DriveForm(request.POST or None, initial={"hearing_on": bill.hearing_on}),
        lambda data: services.witness_drive_create(actor=request.user, bill=bill, **data),
        title=_("Start a witness-slip drive for %(bill)s") % {"bill": bill}, back=_bill_url(bill), done=_bill_url(bill),
        success=_("Witness-slip drive started."),
    )


@login_required
def drive_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    drive = selectors.drive_get(actor=request.user, pk=pk)
    may_manage = access.may_manage_campaigns(request.user)
    return render(request, "campaigns/drive_detail.html", {
        "drive": drive, "may_manage": may_manage,
        "form": forms.MarkFiledForm(actor=request.user) if may_manage else None,
        **selectors.drive_detail(actor=request.user, drive=drive),
    })


@login_required
@require_http_methods(["POST"])
def drive_mark_filed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    drive = selectors.drive_get(actor=request.user, pk=pk)
    form = forms.MarkFiledForm(request.POST, actor=request.user)
    if form.is_valid():
        services.witness_slip_mark_filed(actor=request.user, drive=drive, person=form.cleaned_data["person"])
        messages.success(request, _("Marked filed: %(person)s") % {"person": form.cleaned_data["person"]})
        return redirect("coalition:campaigns:drive_detail", pk=drive.pk)
    return render(request, "campaigns/drive_detail.html", {
        "drive": drive, "may_manage": True, "form": form,
        **selectors.drive_detail(actor=request.user, drive=drive),
    })


@login_required
@require_http_methods(["GET", "POST"])
def lobby_visit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    bill_pk = request.GET.get("bill", "")
    form = forms.LobbyVisitForm(request.POST or None, actor=request.user,
                                initial={"bills": [bill_pk]} if bill_pk.isdigit() else None)
    if saved := submit(request, form, lambda data: services.lobby_visit_record(actor=request.user, **data),
                       _("Lobby visit recorded; the whip count is updated.")):
        bill = saved.value.bills.order_by("kind", "number").first()
        if bill is None:  # the form asks for at least one bill
            return redirect("coalition:campaigns:bill_list")
        return redirect("coalition:campaigns:bill_detail", kind=bill.kind, number=bill.number)
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Record a lobby visit"), "back": reverse("coalition:campaigns:bill_list")})


@login_required
def legislator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    region_id = _region_id(request)
    chamber = request.GET.get("chamber", "")
    former = request.GET.get("former") == "1"
    page = paginate(request, selectors.legislator_list(actor=request.user, chamber=chamber, region_id=region_id,
                                                       former=former), per_page=50)
    return render(request, "campaigns/legislator_list.html", {
        "page": page, "query": query_without_page(request), "regions": region_list(actor=request.user),
        "region_id": region_id, "chamber": chamber, "former": former,
        "may_manage": access.may_manage_campaigns(request.user)})


def _legislator_url(legislator: Legislator) -> str:
    return reverse("coalition:campaigns:legislator_detail", args=[legislator.pk])


@login_required
def legislator_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    legislator = selectors.legislator_get(actor=request.user, pk=pk)
    may_manage = access.may_manage_campaigns(request.user)
    return render(request, "campaigns/legislator_detail.html", {
        "legislator": legislator, "history": selectors.legislator_history(actor=request.user, legislator=legislator),
        "may_manage": may_manage,
        "leave_form": forms.LeaveOfficeForm() if may_manage and legislator.left_office_on is None else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def legislator_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _manage(request)
    form = forms.LegislatorForm(request.POST or None)
    if saved := submit(request, form, lambda data: services.legislator_create(actor=request.user, **data),
                       _("Legislator added.")):
        return redirect(_legislator_url(saved.value))
    return render(request, "campaigns/form.html", {
        "form": form, "title": _("Add a legislator"), "back": reverse("coalition:campaigns:legislator_list")})


@login_required
@require_http_methods(["GET", "POST"])
def legislator_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    legislator = selectors.legislator_get(actor=request.user, pk=pk)
    fields = ("chamber", "district", "first_name", "last_name", "party", "region")
    back = _legislator_url(legislator)
    return _form_page(
        request, forms.LegislatorForm(request.POST or None, legislator=legislator,
                                      initial={name: getattr(legislator, name) for name in fields}),
        lambda data: services.legislator_update(actor=request.user, legislator=legislator, **data),
        title=_("Change %(legislator)s") % {"legislator": legislator}, back=back, done=back,
        success=_("Changes saved."))


@login_required
@require_http_methods(["POST"])
def legislator_leave_office(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _manage(request)
    legislator = selectors.legislator_get(actor=request.user, pk=pk)
    form = forms.LeaveOfficeForm(request.POST)
    if submit(request, form, lambda data: services.legislator_leave_office(actor=request.user, legislator=legislator,
                                                                          **data),
              _("Marked as having left office; their positions stay in the history.")):
        return redirect(_legislator_url(legislator))
    return render(request, "campaigns/legislator_detail.html", {
        "legislator": legislator, "history": selectors.legislator_history(actor=request.user, legislator=legislator),
        "may_manage": True, "leave_form": form,
    })


def _import_page(request: HttpRequest, run: Callable[..., Any], title: str, columns: tuple[str, ...]) -> HttpResponse:
    _manage(request)
    form = forms.CsvImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = form.rows()
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            result = run(actor=request.user, rows=rows, apply=form.cleaned_data["confirm"])
            if result.applied:
                messages.success(request, _("%(good)d rows imported; %(bad)d rows with problems were skipped.") % {
                    "good": len(result.good_rows), "bad": len(result.problem_rows)})
    return render(request, "campaigns/import.html", {"form": form, "result": result, "title": title,
                                                     "columns": columns})


@login_required
@require_http_methods(["GET", "POST"])
def legislator_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _import_page(request, services.legislator_import, _("Import legislators"), services.LEGISLATOR_COLUMNS)


@login_required
@require_http_methods(["GET", "POST"])
def position_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _import_page(request, services.position_import, _("Import positions"), services.POSITION_COLUMNS)


# Resources ------------------------------------------------------------------------------------

@login_required
def resource_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_read_resources(request.user):
        raise OutOfReach("resources")
    form = forms.ResourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.resource_list(actor=request.user, filters=filters))
    context = {"form": form, "page": page, "query": query_without_page(request),
               "may_upload": access.may_upload_resources(request.user),
               "may_change": {r.pk for r in page.object_list if access.may_change_resource(request.user, r)}}
    template = "campaigns/resource_rows.html" if request.htmx else "campaigns/resource_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_upload_resources(request.user):
        raise OutOfReach("resources")
    form = forms.ResourceForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.resource_create(actor=request.user, **data)
        except ValidationError as error:
            add_form_errors(form, error if not hasattr(error, "error_dict") or "file" not in error.error_dict
                            else ValidationError({"upload": error.error_dict["file"]}))
        else:
            messages.success(request, _("Document shared."))
            return redirect("coalition:campaigns:resource_list")
    return render(request, "campaigns/resource_form.html", {
        "form": form, "title": _("Share a document"), "back": reverse("coalition:campaigns:resource_list"),
        "submit_label": _("Share")})


def file_response(stored: Any, *, content_type: str, file_name: str, public: bool = False) -> FileResponse:
    """A stored file through Django's storage (never from MEDIA_URL); images and PDFs inline, others as downloads.
    Only a public file may be kept by a browser or a proxy, and it is checked again each time."""
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=not inline,
                            filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    # A public file may be kept, but is checked again each time: it may have been made private since.
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    return response


@login_required
def resource_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file itself, only through the policy (never from MEDIA_URL); images inline, documents as downloads."""
    resource = selectors.resource_get(actor=request.user, pk=pk)
    return file_response(resource.file, content_type=resource.content_type, file_name=resource.file_name)


@login_required
def resource_version_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """An earlier file of a document, through the same policy as the document."""
    version = selectors.resource_version_get(actor=request.user, pk=pk)
    return file_response(version.file, content_type=version.content_type, file_name=version.file_name)


def _resource_url(resource: Resource) -> str:
    return reverse("coalition:campaigns:resource_detail", args=[resource.pk])


@login_required
def resource_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, pk=pk)
    may_change = access.may_change_resource(request.user, resource)
    return render(request, "campaigns/resource_detail.html", {
        "resource": resource, "versions": selectors.resource_versions(actor=request.user, resource=resource),
        "may_change": may_change,
    })


@login_required
@require_http_methods(["GET", "POST"])
def resource_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, pk=pk)
    if not access.may_change_resource(request.user, resource):
        raise OutOfReach("resource")
    fields = ("title", "title_es", "kind", "language", "campaign", "table", "audience", "description",
              "description_es")
    back = _resource_url(resource)
    return _form_page(
        request, forms.ResourceEditForm(request.POST or None, actor=request.user,
                                        initial={name: getattr(resource, name) for name in fields}),
        lambda data: services.resource_update(actor=request.user, resource=resource, **data),
        title=_("Change %(title)s") % {"title": resource.title}, back=back, done=back, success=_("Changes saved."))


@login_required
@require_http_methods(["GET", "POST"])
def resource_replace(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, pk=pk)
    if not access.may_change_resource(request.user, resource):
        raise OutOfReach("resource")
    form = forms.ResourceReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_replace_file(actor=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error if not hasattr(error, "error_dict") or "file" not in error.error_dict
                            else ValidationError({"upload": error.error_dict["file"]}))
        else:
            messages.success(request, _("File replaced; the earlier one is kept below."))
            return redirect(_resource_url(resource))
    return render(request, "campaigns/resource_form.html", {
        "form": form, "title": _("Replace the file of %(title)s") % {"title": resource.title},
        "back": _resource_url(resource), "submit_label": _("Replace the file")})


@login_required
@require_http_methods(["POST"])
def resource_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, pk=pk)
    services.resource_delete(actor=request.user, resource=resource)
    messages.success(request, _("Document removed."))
    return redirect("coalition:campaigns:resource_list")
