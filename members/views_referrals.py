"""Record-clearing referrals (sensitive facts: each page that names people with them is audited), a clinic's
report (counts only), and a person's voting-bloc answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalition import access
from coalition.access import OutOfReach
from coalition.formflow import submit
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from members import selectors, services
from members.forms import ClinicReportForm, ReferralForm, ReferralUpdateForm, VotingForm
from members.models import RecordClearingReferral


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clinic(request: AuthenticatedHttpRequest, value: Any) -> Any:
    """The clinic named in the query string, among those the actor may see, or OutOfReach."""
    pk = _int_or_none(value)
    if pk is None:
        raise OutOfReach("event")
    return access.get_in_scope(selectors.clinic_event_choices(actor=request.user), pk=pk)


@login_required
@people_worker_required
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in RecordClearingReferral.Status.values:
        status = ""
    event = _clinic(request, request.GET["event"]) if request.GET.get("event") else None
    page = paginate(request, selectors.referral_list(actor=request.user, event_id=event.pk if event else None,
                                                     status=status))
    services.referrals_viewed(actor=request.user, referrals=list(page.object_list))
    return render(request, "members/referral_list.html", {
        "page": page, "query": query_without_page(request), "status": status, "event": event,
        "statuses": RecordClearingReferral.Status.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def referral_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    if not access.may_record_referral(request.user, person):
        raise OutOfReach("referral")
    event = _clinic(request, request.GET["event"]) if request.GET.get("event") else None
    form = ReferralForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda data: services.referral_create(
            actor=request.user, person=person, event=event, **data)):
        referral, created = saved.value
        if created:
            messages.success(request, _("Referral of %(name)s to %(partner)s recorded.") % {
                "name": person, "partner": referral.partner.name})
        if event is not None:
            return redirect("events:checkin", pk=event.pk)
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/referral_form.html", {"form": form, "person": person, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def referral_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(actor=request.user, pk=pk)
    if not access.may_record_referral(request.user, referral.person):
        raise OutOfReach("referral")
    if request.method == "GET":
        services.referrals_viewed(actor=request.user, referrals=[referral])
    form = ReferralUpdateForm(request.POST or None, instance=referral, actor=request.user)
    if submit(request, form, lambda data: services.referral_update(actor=request.user, referral=referral, **data),
              _("Referral saved.")):
        return redirect("members:person_detail", pk=referral.person_id)
    return render(request, "members/referral_update.html", {"form": form, "referral": referral})


@login_required
@people_worker_required
def clinic_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Referrals by partner and status, counts only, over what the reader may see."""
    if not access.may_read_clinic_reports(request.user):
        raise OutOfReach("report")
    clinics = selectors.clinic_event_choices(actor=request.user)
    form = ClinicReportForm(request.GET or None, clinics=clinics)
    report = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        event = data.get("event")
        report = selectors.clinic_report(actor=request.user, event_id=event.pk if event else None,
                                         start=data.get("start"), end=data.get("end"))
    return render(request, "members/clinic_report.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def voting_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An organizer writes down what the person said about voting, and how they said it."""
    person = selectors.person_get(actor=request.user, pk=pk)
    if not access.may_record_voting_answer(request.user, person):
        raise OutOfReach("person")
    form = VotingForm(request.POST or None, own=False, initial={
        "voter_registration": person.voter_registration, "voting_plan": person.voting_plan,
        "jail_voting_note": person.jail_voting_note})
    if submit(request, form, lambda data: services.voting_answers_record(actor=request.user, person=person, **data),
              _("Voting answers saved.")):
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/voting_form.html", {
        "form": form, "person": person, "history": selectors.voting_history(actor=request.user, person=person)})
