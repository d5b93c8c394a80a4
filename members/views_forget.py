"""Requests to be forgotten: staff or an admin write one down, an admin carries it out after a confirmation page
that says what will happen. A forgotten person's own page answers 404 for everyone (docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalition import access
from coalition.access import OutOfReach
from coalition.forget import steps
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest
from members import selectors, services
from members.forms import ForgetConfirmForm, ForgetRequestForm
from members.models import ForgetRequest


def _staff_only(request: AuthenticatedHttpRequest) -> None:
    if not access.may_record_forget_request(request.user):
        raise OutOfReach("forget request")


@login_required
def forget_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _staff_only(request)
    return render(request, "members/forget_request_list.html", {
        "requests": selectors.forget_requests(actor=request.user),
        "may_carry_out": access.may_carry_out_forget(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def forget_request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    person = selectors.person_get(actor=request.user, pk=pk)
    form = ForgetRequestForm(request.POST or None, initial={"asked_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> ForgetRequest:
        return services.forget_request_record(actor=request.user, person=person, who_asked=data["who_asked"],
                                              how=data["how"], asked_on=data["asked_on"])

    if saved := submit(request, form, save):
        messages.success(request, _("The request is recorded. An admin carries it out from the list of requests."))
        if access.may_carry_out_forget(request.user):
            return redirect("members:forget_confirm", pk=saved.value.pk)
        return redirect("members:forget_request_list")
    return render(request, "members/forget_request_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def forget_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What forgetting will do, and the admin's confirmation (the person's name typed, a box ticked)."""
    if not access.may_carry_out_forget(request.user):
        raise OutOfReach("forget request")
    forget_request = selectors.forget_request_get(actor=request.user, pk=pk)
    if forget_request.status == ForgetRequest.Status.DONE:
        if request.method == "POST":  # a second submit of the confirmation: it is done, nothing more happens
            messages.success(request, _("The person has been forgotten."))
            return redirect("members:forget_request_list")
        return render(request, "members/forget_confirm.html", {"forget_request": forget_request})
    form = ForgetConfirmForm(request.POST or None)

    def save(data: dict[str, Any]) -> dict[str, Any]:
        return services.forget_carry_out(actor=request.user, request=forget_request, typed_name=data["typed_name"],
                                         understood=data["understood"])

    if submit(request, form, save):
        messages.success(request, _("The person has been forgotten."))
        return redirect("members:forget_request_list")
    return render(request, "members/forget_confirm.html", {
        "forget_request": forget_request, "person": forget_request.person, "form": form,
        "steps": [step.label for step in steps()],
    })
