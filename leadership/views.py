"""Development pages: the pipeline, a person's development and its small forms, mentorship check-ins, and a
member's own trainings and milestones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import submit
from coalition.home import development_panels_for
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from leadership import selectors, services
from leadership.forms import CheckInForm, MentorshipForm, MilestoneForm, StageMoveForm, TrainingCompletionForm
from leadership.models import AdvancementSuggestion
from members import selectors as member_selectors


@login_required
@people_worker_required
def pipeline(request: AuthenticatedHttpRequest, region: str | None = None) -> HttpResponse:
    context = selectors.pipeline(actor=request.user, region_slug=region)
    context.update(may_trainings=access.may_manage_trainings(request.user),
                   may_ladder=access.may_manage_ladder(request.user))
    return render(request, "leadership/pipeline.html", context)


@login_required
@require_POST
@people_worker_required
def suggestion_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get(actor=request.user, pk=pk)
    try:
        suggestion = services.suggestion_accept(actor=request.user, suggestion=suggestion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _suggestion_answer(request, suggestion)


@login_required
@require_POST
@people_worker_required
def suggestion_dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_get(actor=request.user, pk=pk)
    suggestion = services.suggestion_dismiss(actor=request.user, suggestion=suggestion)
    return _suggestion_answer(request, suggestion)


def _suggestion_answer(request: AuthenticatedHttpRequest, suggestion: AdvancementSuggestion) -> HttpResponse:
    if request.htmx:
        # An accepted move changes the counts and this month's moves too: they come along, swapped out of band.
        accepted = suggestion.status == suggestion.Status.ACCEPTED
        pipeline = (selectors.pipeline(actor=request.user, region_slug=request.POST.get("region") or None)
                    if accepted else None)
        return render(request, "leadership/partials/pipeline_suggestion.html",
                      {"suggestion": suggestion, "pipeline": pipeline})
    if suggestion.status == suggestion.Status.ACCEPTED:
        messages.success(request, _("%(name)s moved to %(stage)s.") % {"name": suggestion.person,
                                                                       "stage": suggestion.to_stage})
    else:
        messages.success(request, _("Suggestion dismissed."))
    if request.POST.get("next") == "development":
        return redirect("leadership:development_detail", pk=suggestion.person_id)
    return redirect("leadership:pipeline")


@login_required
@people_worker_required
def development_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    context = selectors.development(actor=request.user, pk=pk)
    context["panels"] = development_panels_for(request.user, context["person"])
    return render(request, "leadership/development_detail.html", context)


@login_required
def development_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = selectors.my_development(actor=request.user)
    if context is None:
        raise OutOfReach("development")
    return render(request, "leadership/development_mine.html", context)


def _development_form(request: HttpRequest, pk: int, form_class: Any, save: Any, title: str,
                      success: str, **form_kwargs: Any) -> HttpResponse:
    """The shared shape of the small development forms: a person in reach, a form, a service, back to the page."""
    person = member_selectors.person_get(actor=request.user, pk=pk)
    if not access.may_manage_development(request.user, person):
        raise OutOfReach("person")
    form = form_class(request.POST or None, **form_kwargs) if form_kwargs else form_class(request.POST or None)
    if submit(request, form, lambda data: save(person, data), success):
        return redirect("leadership:development_detail", pk=person.pk)
    return render(request, "leadership/development_form.html", {"form": form, "person": person, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def development_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _development_form(
        request, pk, StageMoveForm,
        lambda person, data: services.person_stage_move(actor=request.user, person=person, **data),
        _("Move on the ladder"), _("Stage changed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def training_completion_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _development_form(
        request, pk, TrainingCompletionForm,
        lambda person, data: services.training_completion_record(actor=request.user, person=person, **data),
        _("Record a training"), _("Training recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def milestone_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _development_form(
        request, pk, MilestoneForm,
        lambda person, data: services.milestone_record(actor=request.user, person=person, **data),
        _("Record a milestone"), _("Milestone recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def mentorship_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = member_selectors.person_get(actor=request.user, pk=pk)
    return _development_form(
        request, pk, MentorshipForm,
        lambda mentee, data: services.mentorship_start(actor=request.user, mentee=mentee, **data),
        _("Find a mentor"), _("Mentorship started."), actor=request.user, mentee=person,
    )


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def mentorship_check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_get(actor=request.user, pk=pk)
    if not access.may_manage_development(request.user, mentorship.mentee):
        raise OutOfReach("mentorship")
    form = CheckInForm(request.POST or None)
    if saved := submit(request, form,
                       lambda data: services.mentorship_check_in(actor=request.user, mentorship=mentorship, **data)):
        _interaction, created = saved.value
        if created:
            messages.success(request, _("Check-in logged."))
        if request.POST.get("next") == "home":
            return redirect("coalition:home")
        return redirect("leadership:development_detail", pk=mentorship.mentee_id)
    return render(request, "leadership/mentorship_check_in.html", {"form": form, "mentorship": mentorship})


@login_required
@require_POST
@people_worker_required
def mentorship_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_get(actor=request.user, pk=pk)
    services.mentorship_end(actor=request.user, mentorship=mentorship)
    messages.success(request, _("Mentorship ended."))
    return redirect("leadership:development_detail", pk=mentorship.mentee_id)


