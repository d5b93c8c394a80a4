"""Pages of the coalition itself: home, health, organizations, regions, invitations, the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coalition import access, selectors, services
from coalition.access import OutOfReach
from coalition.forms import InviteForm, OrganizationForm, RegionCountiesForm
from coalition.home import panels_for
from coalition.pagination import paginate, query_without_page


def add_form_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    """Show a service's ValidationError on the form, on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    status = selectors.health_status()
    return JsonResponse(status, status=200 if status["ok"] else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "coalition/home.html", {"panels": panels_for(request.user)})


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    if not (access.works_with_people(request.user) or access.is_partner(request.user)):
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
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = selectors.organization_get(actor=request.user, pk=pk)
    return render(
        request,
        "coalition/organization_detail.html",
        {"organization": organization, "may_manage": access.may_manage_organizations(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Organization added."))
            return redirect("coalition:organization_detail", pk=organization.pk)
    return render(request, "coalition/organization_form.html", {"form": form, "organization": None})


@login_required
@require_http_methods(["GET", "POST"])
def organization_update(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    organization = selectors.organization_get(actor=request.user, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("coalition:organization_detail", pk=organization.pk)
    return render(request, "coalition/organization_form.html", {"form": form, "organization": organization})


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    if not access.works_with_people(request.user):
        raise OutOfReach("regions")
    return render(request, "coalition/region_list.html", {"regions": selectors.region_list(actor=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def region_update(request: HttpRequest, slug: str) -> HttpResponse:
    if not access.may_manage_regions(request.user):
        raise OutOfReach("region")
    region = selectors.region_get(actor=request.user, slug=slug)
    form = RegionCountiesForm(request.POST or None, initial={"counties": list(region.counties.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.region_set_counties(actor=request.user, region=region, counties=form.cleaned_data["counties"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The counties of %(region)s are saved.") % {"region": region.name})
            return redirect("coalition:region_list")
    return render(request, "coalition/region_form.html", {"form": form, "region": region})


@login_required
@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    if not access.may_invite(request.user):
        raise OutOfReach("invite")
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(
                actor=request.user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("coalition:user_invite")
    return render(request, "coalition/user_invite.html", {"form": form})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    found = selectors.audit_list(actor=request.user, filters=request.GET)
    page = paginate(request, found.qs, per_page=50)
    return render(
        request, "coalition/audit_list.html", {"filter": found, "page": page, "query": query_without_page(request)}
    )
