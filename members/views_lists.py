"""Saved lists pages (the lists, a list, saving and editing one, adding people) and the audience page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from members import audiences, list_selectors, selectors, services
from members.filters import StaleFilter, filter_choices
from members.forms import BulkTagForm
from members.list_forms import AddToListForm, AudienceForm, SavedListCreateForm, SavedListEditForm
from members.models import SavedList
from members.views import EXPORT_COLUMNS, export_rows

SHOWS = ("mine", "shared", "archived")


@login_required
@people_worker_required
def saved_list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show") or "mine"
    show = show if show in SHOWS else "mine"
    lists = list_selectors.saved_list_list(actor=request.user, archived=show == "archived",
                                           mine={"mine": True, "shared": False}.get(show))
    page = paginate(request, lists)
    sizes = list_selectors.saved_list_sizes(actor=request.user, lists=list(page.object_list))
    rows = [(lst, sizes.get(lst.pk)) for lst in page.object_list]
    return render(request, "members/saved_list_list.html", {
        "page": page, "rows": rows, "show": show, "query": query_without_page(request)})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def saved_list_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") if request.GET.get("kind") in SavedList.Kind.values else SavedList.Kind.FIXED
    form = SavedListCreateForm(request.POST or None, actor=request.user, initial={"kind": kind}, prefix="list")

    def save(data: dict[str, Any]) -> SavedList:
        filters = QueryDict(data.pop("filter") or "")
        return services.saved_list_create(actor=request.user, filters=filters, person_ids=data.pop("person"),
                                          **data)

    if saved := submit(request, form, save):
        messages.success(request, _("List “%(name)s” saved.") % {"name": saved.value.name})
        return redirect("members:saved_list_detail", pk=saved.value.pk)
    return render(request, "members/saved_list_form.html", {"form": form, "saved_list": None})


@login_required
@people_worker_required
def saved_list_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    stale = False
    try:
        page = paginate(request, list_selectors.saved_list_page_people(actor=request.user, saved_list=saved_list))
    except StaleFilter:
        stale, page = True, paginate(request, [])
    tag_form = None
    if access.may_tag_people(request.user) and not stale:
        tag_form = BulkTagForm(actor=request.user, prefix="bulk", initial={"who": "list", "saved_list": saved_list.pk},
                               tag_choices=filter_choices(request.user)["tag"])
    return render(request, "members/saved_list_detail.html", {
        "saved_list": saved_list, "page": page, "stale": stale, "size": None if stale else page.paginator.count,
        "may": list_selectors.saved_list_answers(actor=request.user, saved_list=saved_list),
        "filter_query": urlencode(saved_list.filters), "tag_form": tag_form, "query": query_without_page(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def saved_list_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    if not access.may_change_saved_list(request.user, saved_list):
        raise OutOfReach("list")
    initial = {"name": saved_list.name, "description": saved_list.description, "sharing": saved_list.sharing,
               "shared_region": saved_list.shared_region, "version": saved_list.version}
    form = SavedListEditForm(request.POST or None, actor=request.user, initial=initial)
    stale: list[services.ListChanged] = []

    def save(data: dict[str, Any]) -> SavedList:
        try:
            return services.saved_list_update(actor=request.user, saved_list=saved_list, **data)
        except services.ListChanged as error:
            stale.append(error)
            raise

    if submit(request, form, save, _("List saved.")):
        return redirect("members:saved_list_detail", pk=saved_list.pk)
    if stale:
        # What this person typed stays, drawn at the version saved now, so saving again after comparing goes through.
        saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
        data = request.POST.copy()
        data["version"] = str(saved_list.version)
        form = SavedListEditForm(data, actor=request.user)
        form.is_valid()
        add_form_errors(form, stale[0])
    return render(request, "members/saved_list_form.html", {"form": form, "saved_list": saved_list,
                                                            "saved_now": saved_list if stale else None})


@login_required
@require_POST
@people_worker_required
def saved_list_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    services.saved_list_archive(actor=request.user, saved_list=saved_list, archived=not restore)
    messages.success(request, _("List restored.") if restore else _("List archived: it keeps its people."))
    return redirect("members:saved_list_detail", pk=saved_list.pk)


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def saved_list_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    may = list_selectors.saved_list_answers(actor=request.user, saved_list=saved_list)
    if not may.delete:
        raise OutOfReach("list")
    if request.method == "POST":
        try:
            services.saved_list_delete(actor=request.user, saved_list=saved_list)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("members:saved_list_detail", pk=saved_list.pk)
        messages.success(request, _("List “%(name)s” deleted.") % {"name": saved_list.name})
        return redirect("members:saved_list_list")
    return render(request, "members/saved_list_delete.html", {
        "saved_list": saved_list, "size": list_selectors.saved_list_size(actor=request.user, saved_list=saved_list)})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def saved_list_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add the ticked people (the people list's bulk form, or one person's page) to a fixed list or a new one."""
    lists = list_selectors.saved_list_choices(actor=request.user)
    ticked = [pk for pk in request.GET.getlist("bulk-person") if pk.isdigit()]
    form = AddToListForm(request.POST or None, actor=request.user, lists=lists, prefix="bulk",
                         initial={"person": ticked})
    if request.method == "POST" and form.is_valid():
        chosen, ids = form.cleaned_data["saved_list"], form.cleaned_data["person"]
        try:
            if chosen is None:
                chosen = services.saved_list_create(actor=request.user, name=form.cleaned_data["new_name"],
                                                    kind=SavedList.Kind.FIXED, person_ids=ids,
                                                    idempotency_key=form.cleaned_data["idempotency_key"])
                added = list_selectors.saved_list_size(actor=request.user, saved_list=chosen) or 0
            else:
                added = services.saved_list_add_people(actor=request.user, saved_list=chosen, person_ids=ids)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("%(count)s added to “%(name)s”.") % {
                "count": added, "name": chosen.name})
            return redirect("members:saved_list_detail", pk=chosen.pk)
    ids = [int(pk) for pk in form["person"].value() or [] if str(pk).isdigit()][:200]
    people = selectors.person_pick_describe(actor=request.user, ids=ids,
                                            scope=access.people_work_scope(request.user))
    return render(request, "members/saved_list_add.html", {"form": form, "people": people})


@login_required
@require_POST
@people_worker_required
def saved_list_remove(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    person = selectors.person_get(actor=request.user, pk=person_pk)
    try:
        services.saved_list_remove_person(actor=request.user, saved_list=saved_list, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s taken off the list.") % {"name": person.display_name})
    return redirect("members:saved_list_detail", pk=saved_list.pk)


@login_required
@people_worker_required
def saved_list_export(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    saved_list = list_selectors.saved_list_get(actor=request.user, pk=pk)
    try:
        people = list_selectors.saved_list_export_rows(actor=request.user, saved_list=saved_list)
    except StaleFilter as error:
        raise OutOfReach("list") from error
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return csv_response(filename=f"list-{saved_list.pk}-{stamp}.csv", header=EXPORT_COLUMNS,
                        rows=export_rows(people, include_sensitive=False))


@login_required
@require_GET
@people_worker_required
def audience_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff pick an audience and see its size and first people (what a broadcast will reach)."""
    if not access.may_pick_audiences(request.user):
        raise OutOfReach("audiences")
    form = AudienceForm(request.GET or None, groups=audiences.audience_choices(request.user))
    chosen = None
    if form.is_valid() and form.cleaned_data["audience"]:
        audience = audiences.Audience.parse(form.cleaned_data["audience"])
        chosen = {"label": audiences.audience_label(request.user, audience),
                  "size": audiences.audience_size(request.user, audience),
                  "people": audiences.audience_first_people(request.user, audience)}
    return render(request, "members/audience_pick.html", {"form": form, "chosen": chosen})
