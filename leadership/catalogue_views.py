"""The training catalogue (staff and admins) and the ladder's stages and criteria (admins): list, add, change,
reorder, retire. Everyone else gets 404 here."""

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
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate, query_without_page
from leadership import selectors, services
from leadership.forms import StageForm, TrainingForm


def _trainings(request: AuthenticatedHttpRequest) -> None:
    if not access.may_manage_trainings(request.user):
        raise OutOfReach("training")


def _ladder(request: AuthenticatedHttpRequest) -> None:
    if not access.may_manage_ladder(request.user):
        raise OutOfReach("stage")


@login_required
def training_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _trainings(request)
    retired = request.GET.get("retired") == "1"
    page = paginate(request, selectors.training_list(actor=request.user, retired=retired))
    return render(request, "leadership/training_list.html", {
        "page": page, "query": query_without_page(request), "retired": retired,
        "may_ladder": access.may_manage_ladder(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _trainings(request)
    form = TrainingForm(request.POST or None)
    if submit(request, form, lambda data: services.training_create(actor=request.user, **data),
              _("Training added to the catalogue.")):
        return redirect("leadership:training_list")
    return render(request, "leadership/catalogue_form.html", {"form": form, "title": _("Add a training")})


@login_required
@require_http_methods(["GET", "POST"])
def training_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _trainings(request)
    training = selectors.training_get(actor=request.user, pk=pk)
    form = TrainingForm(request.POST or None, instance=selectors.training_get(actor=request.user, pk=pk))
    if submit(request, form, lambda data: services.training_update(actor=request.user, training=training, **data),
              _("Training changed.")):
        return redirect("leadership:training_list")
    return render(request, "leadership/catalogue_form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": training}})


@login_required
@require_POST
def training_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _trainings(request)
    training = selectors.training_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    services.training_retire(actor=request.user, training=training, restore=restore)
    messages.success(request, _("Offered again.") if restore else _("No longer offered. Completions keep it."))
    return redirect("leadership:training_list")


@login_required
def stage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _ladder(request)
    page = paginate(request, selectors.stage_list(actor=request.user))
    return render(request, "leadership/stage_list.html", {"page": page, "query": query_without_page(request)})


def _stage_data(data: dict[str, Any]) -> dict[str, Any]:
    data["trainings"] = list(data.get("trainings") or [])
    data["milestone_kinds"] = list(data.get("milestone_kinds") or [])
    return data


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _ladder(request)
    form = StageForm(request.POST or None)
    if submit(request, form, lambda data: services.stage_create(actor=request.user, **_stage_data(data)),
              _("Stage added at the top of the ladder.")):
        return redirect("leadership:stage_list")
    return render(request, "leadership/catalogue_form.html", {"form": form, "title": _("Add a stage")})


@login_required
@require_http_methods(["GET", "POST"])
def stage_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _ladder(request)
    stage = selectors.stage_get(actor=request.user, pk=pk)
    form = StageForm(request.POST or None, instance=selectors.stage_get(actor=request.user, pk=pk))
    if submit(request, form,
              lambda data: services.stage_update(actor=request.user, stage=stage, **_stage_data(data)),
              _("Stage changed.")):
        return redirect("leadership:stage_list")
    return render(request, "leadership/catalogue_form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": stage}})


@login_required
@require_POST
def stage_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _ladder(request)
    stage = selectors.stage_get(actor=request.user, pk=pk)
    services.stage_move(actor=request.user, stage=stage, up=request.POST.get("direction") == "up")
    return redirect("leadership:stage_list")


@login_required
@require_POST
def stage_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _ladder(request)
    stage = selectors.stage_get(actor=request.user, pk=pk)
    restore = request.POST.get("restore") == "1"
    try:
        services.stage_retire(actor=request.user, stage=stage, restore=restore)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Back on the ladder.") if restore else _("Taken off the ladder."))
    return redirect("leadership:stage_list")
