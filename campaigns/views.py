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
from campaigns.models import Bill, Campaign
from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import add_form_errors, submit
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
    return reverse("coalition:campaigns:bill_detail", kwargs={"kind": bill.kind, "number": bill.number})


def _region_id(request: HttpRequest) -> int | None:
    value = request.GET.get("region", "")
    # A region's id is a few ASCII digits; anything else (a huge number, "²") names no region.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.campaign_list(actor=request.user))
    return render(request, "campaigns/campaign_list.html", {"page": page, "query": query_without_page(request)})


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_get(actor=request.user, slug=slug)
    people = paginate(request, selectors.participants(actor=request.user, campaign=campaign))
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign, "page": people, "query": query_without_page(request),
        "may_manage": access.may_manage_campaigns(request.user),
        **selectors.campaign_dashboard(actor=request.user, campaign=campaign),
    })


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


@login_required
def bill_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.bill_list(actor=request.user))
    return render(request, "campaigns/bill_list.html", {
        "page": page, "query": query_without_page(request), "may_manage": access.may_manage_campaigns(request.user)})


@login_required
def bill_detail(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number)
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
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number)
    return _form_page(
        request, forms.PositionForm(request.POST or None, actor=request.user),
        lambda data: services.position_record(actor=request.user, bill=bill, **data),
        title=_("Record a position on %(bill)s") % {"bill": bill}, back=_bill_url(bill), done=_bill_url(bill),
        success=_("Position recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def drive_create(request: AuthenticatedHttpRequest, kind: str, number: int) -> HttpResponse:
    _manage(request)
    bill = selectors.bill_get(actor=request.user, kind=kind, number=number)
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
    page = paginate(request, selectors.legislator_list(actor=request.user, chamber=chamber, region_id=region_id),
                    per_page=50)
    return render(request, "campaigns/legislator_list.html", {
        "page": page, "query": query_without_page(request), "regions": region_list(actor=request.user),
        "region_id": region_id, "chamber": chamber, "may_manage": access.may_manage_campaigns(request.user)})


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
               "may_upload": access.may_upload_resources(request.user)}
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
    return render(request, "campaigns/resource_form.html", {"form": form})


@login_required
def resource_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file itself, only through the policy (never from MEDIA_URL); images inline, documents as downloads."""
    resource = selectors.resource_get(actor=request.user, pk=pk)
    inline = resource.content_type.startswith("image/") or resource.content_type == "application/pdf"
    response = FileResponse(resource.file.open("rb"), content_type=resource.content_type,
                            as_attachment=not inline, filename=resource.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["POST"])
def resource_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, pk=pk)
    services.resource_delete(actor=request.user, resource=resource)
    messages.success(request, _("Document removed."))
    return redirect("coalition:campaigns:resource_list")
