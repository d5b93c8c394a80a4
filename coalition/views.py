"""Pages of the coalition itself: home, health, organizations, regions, invitations, the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coalition import access, pickers, selectors, services
from coalition.access import OutOfReach
from coalition.formflow import submit
from coalition.forms import (
    InviteForm,
    OrganizationForm,
    RegionCountiesForm,
)
from coalition.home import organization_panels_for, panels_for
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page

if TYPE_CHECKING:
    from coalition.access import Actor
    from coalition.home import Panel


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
        "greeting_name": selectors.home_greeting_name(actor=user), "is_member": access.may_see_own_record(user),
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
    return render(request, "coalition/organization_detail.html", {
        "organization": organization, "may_manage": access.may_manage_organizations(request.user),
        "tables": selectors.organization_tables(actor=request.user, organization=organization),
        "panels": organization_panels_for(request.user, organization),
    })


@login_required
@require_http_methods(["POST"])
def organization_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    organization = selectors.organization_get(actor=request.user, pk=pk)
    try:
        services.organization_archive(actor=request.user, organization=organization)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("%(organization)s is archived.") % {"organization": organization})
    return redirect("coalition:organization_detail", pk=organization.pk)


@login_required
@require_http_methods(["POST"])
def organization_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_organizations(request.user):
        raise OutOfReach("organization")
    organization = selectors.organization_get(actor=request.user, pk=pk)
    services.organization_restore(actor=request.user, organization=organization)
    messages.success(request, _("%(organization)s is restored.") % {"organization": organization})
    return redirect("coalition:organization_detail", pk=organization.pk)


@login_required
@require_GET
@people_worker_required
def organization_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An organization picker's matches as the person types (coalition.pickers), for those who work with people."""
    asked = pickers.pick_request(request)
    choices = (selectors.organization_pick(actor=request.user, query=asked.query, limit=pickers.RESULTS)
               if asked.searchable else [])
    return pickers.results_response(request, asked, choices, _("No organization matches."))


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
    initial = {"counties": list(region.counties.all()), "name_es": region.name_es}
    form = RegionCountiesForm(request.POST or None, initial=initial, region=region)
    if submit(request, form, lambda data: services.region_update(actor=request.user, region=region, **data),
              _("%(region)s is saved.") % {"region": region}):
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


@login_required
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How long each kind of record is kept, what is due now, and what the last nightly run removed (admins)."""
    from coalition import retention as kept

    schedule = kept.retention_schedule(actor=request.user)
    last = kept.retention_last_run()
    removed = (last.detail or {}).get("removed", {}) if last else {}
    return render(request, "coalition/retention.html", {
        "rows": [(due, removed.get(due.rule.key)) for due in schedule], "last": last})


# Coalition tables and meetings: their pages are in coalition/table_views.py. ---------------------------

def action_items_panel(user: Actor) -> Panel | None:
    """Home panel: the user's open action items from table meetings, until done."""
    from coalition.home import Panel

    items = selectors.action_items_open(actor=user)
    return Panel("coalition/partials/_action_items_panel.html", {"items": items}) if items else None
