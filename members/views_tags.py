"""Tags pages (staff keep them, organizers read them) and bulk tagging from the people list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from members import selectors, services
from members.forms import BulkTagConfirmForm, BulkTagForm, TagForm, TagMergeForm
from members.models import SavedList


def _check_manage(request: AuthenticatedHttpRequest) -> None:
    if not access.may_manage_tags(request.user):
        raise OutOfReach("tags")


@login_required
@people_worker_required
def tag_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    retired = request.GET.get("retired") == "1"
    page = paginate(request, selectors.tag_list(actor=request.user, retired=retired), per_page=50)
    may_manage = access.may_manage_tags(request.user)
    return render(request, "members/tag_list.html", {
        "page": page, "query": query_without_page(request), "retired": retired, "may_manage": may_manage,
        "form": TagForm() if may_manage else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def tag_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check_manage(request)
    form = TagForm(request.POST or None)
    if saved := submit(request, form, lambda data: services.tag_create(actor=request.user, **data)):
        messages.success(request, _("Tag %(name)s added.") % {"name": saved.value.name})
        return redirect("members:tag_list")
    return render(request, "members/tag_form.html", {"form": form, "tag": None})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def tag_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check_manage(request)
    tag = selectors.tag_get(actor=request.user, pk=pk)
    form = TagForm(request.POST or None, initial={"name": tag.name, "name_es": tag.name_es})
    if submit(request, form, lambda data: services.tag_update(actor=request.user, tag=tag, **data),
              _("Tag saved.")):
        return redirect("members:tag_list")
    return render(request, "members/tag_form.html", {"form": form, "tag": tag})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def tag_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check_manage(request)
    tag = selectors.tag_get(actor=request.user, pk=pk)
    form = TagMergeForm(request.POST or None, actor=request.user, tag=tag)
    if saved := submit(request, form, lambda data: services.tag_merge(actor=request.user, tag=tag, into=data["into"])):
        messages.success(request, _("%(tag)s merged into %(into)s: %(count)s people moved.") % {
            "tag": tag.name, "into": form.cleaned_data["into"].name, "count": saved.value})
        return redirect("members:tag_list")
    return render(request, "members/tag_merge.html", {"form": form, "tag": tag})


@login_required
@require_POST
@people_worker_required
def tag_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _check_manage(request)
    tag = selectors.tag_get(actor=request.user, pk=pk)
    if request.POST.get("restore") == "1":
        try:
            services.tag_restore(actor=request.user, tag=tag)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is back in the lists.") % {"name": tag.name})
        return redirect(reverse("members:tag_list") + "?retired=1")
    services.tag_retire(actor=request.user, tag=tag)
    messages.success(request, _("%(name)s retired: it stays on the people who have it, and leaves the lists.")
                     % {"name": tag.name})
    return redirect("members:tag_list")


# Bulk tagging ----------------------------------------------------------------------------------------------

def _bulk_choices(form: BulkTagForm) -> tuple[dict[str, Any], list[int] | None, SavedList | None]:
    """(filters, ticked ids or None for everyone matching, the saved list) from a valid bulk form."""
    data = form.cleaned_data
    if data["who"] == "list":
        return {}, None, data["saved_list"]
    if data["who"] == "all":
        filters = QueryDict(data["filter"] or "").dict()
        filters.pop("page", None)
        return filters, None, None
    return {}, data["person"], None


@login_required
@people_worker_required
def bulk_tag_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The confirmation step (a read: nothing changes until confirmed): how many people, how many it changes."""
    form = BulkTagForm(request.GET, actor=request.user, prefix="bulk")
    counts = None
    if form.is_valid():
        filters, ids, saved_list = _bulk_choices(form)
        try:
            counts = services.bulk_tag_counts(actor=request.user, tag=form.cleaned_data["tag"],
                                              action=form.cleaned_data["action"], filters=filters, person_ids=ids,
                                              saved_list=saved_list)
        except ValidationError as error:
            add_form_errors(form, error)
    if counts is None or counts[0] == 0:
        if counts is not None:
            form.add_error(None, _("No one you can reach is chosen."))
        return render(request, "members/bulk_tag_review.html", {"form": form, "list_query": _list_query(form)})
    chosen_list = form.cleaned_data.get("saved_list")
    confirm = BulkTagConfirmForm(initial={**form.cleaned_data, "tag": form.cleaned_data["tag"].pk,
                                          "saved_list": chosen_list.pk if chosen_list else None},
                                 actor=request.user, prefix="bulk")
    return render(request, "members/bulk_tag_review.html", {
        "form": form, "confirm": confirm, "tag": form.cleaned_data["tag"], "action": form.cleaned_data["action"],
        "total": counts[0], "changes": counts[1], "everyone": form.cleaned_data["who"] == "all",
        "inline_limit": services.BULK_TAG_INLINE_LIMIT, "list_query": _list_query(form), "saved_list": chosen_list,
    })


def _list_query(form: BulkTagForm) -> str:
    return str(form.data.get(f"{form.prefix}-filter", ""))[:2000]


@login_required
@require_POST
@people_worker_required
def bulk_tag_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BulkTagConfirmForm(request.POST, actor=request.user, prefix="bulk")

    def save(data: dict[str, Any]) -> Any:
        filters, ids, saved_list = _bulk_choices(form)
        return services.bulk_tag_start(actor=request.user, tag=data["tag"], action=data["action"], filters=filters,
                                       person_ids=ids, saved_list=saved_list,
                                       idempotency_key=data["idempotency_key"])

    if saved := submit(request, form, save):
        return redirect("members:bulk_tag_detail", pk=saved.value.pk)
    return render(request, "members/bulk_tag_review.html", {"form": form, "list_query": _list_query(form)})


@login_required
@people_worker_required
def bulk_tag_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.bulk_tag_job_get(actor=request.user, pk=pk)
    template = "members/partials/_bulk_tag_progress.html" if request.htmx else "members/bulk_tag_detail.html"
    return render(request, template, {"job": job})
