"""People pages: list and search, a person, contacts and follow-ups, imports and exports, duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition import access, pickers
from coalition.access import OutOfReach
from coalition.csvexport import csv_response
from coalition.formflow import submit
from coalition.home import person_panels_for
from coalition.http import AuthenticatedHttpRequest, people_worker_required
from coalition.pagination import paginate, query_without_page
from members import importing, list_selectors, selectors, services
from members.forms import (
    BulkTagForm,
    ConsentForm,
    ExportForm,
    ImportMappingForm,
    ImportStartForm,
    ImportUploadForm,
    InteractionForm,
    MergeForm,
    MyConsentForm,
    MyContactForm,
    PersonForm,
    PhoneForm,
    SensitiveFactsForm,
    VotingForm,
)
from members.importing import read_header
from members.list_forms import AddToListForm, SavedListCreateForm
from members.models import ImportJob, Person, SavedList, SensitiveFacts
from messaging import selectors as inbox_selectors


@login_required
@require_GET
@people_worker_required
def person_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person picker's matches as the person types (coalition.pickers): the people page's search, in scope."""
    asked = pickers.pick_request(request)
    choices = (selectors.person_pick(actor=request.user, query=asked.query, limit=pickers.RESULTS)
               if asked.searchable else [])
    return pickers.results_response(request, asked, choices, _("Nobody you can reach matches."))


@login_required
@people_worker_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    found, page = selectors.person_page(actor=request.user, filters=request.GET)
    query = query_without_page(request)
    context = {"filter": found, "page": page, "query": query,
               "may_export_sensitive": access.may_export_sensitive(request.user),
               "bulk_form": BulkTagForm(actor=request.user, prefix="bulk", initial={"filter": query},
                                        tag_choices=(found.choices or {}).get("tag", []))
               if access.may_tag_people(request.user) else None,
               "save_list_form": SavedListCreateForm(actor=request.user, prefix="list",
                                                     initial={"kind": SavedList.Kind.SMART, "filter": query},
                                                     region_choices=(found.choices or {}).get("region", []))
               if access.may_keep_lists(request.user) else None}
    template = "members/partials/_person_rows.html" if request.htmx else "members/person_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, actor=request.user)
    if saved := submit(request, form, lambda data: services.person_create(actor=request.user, **data)):
        messages.success(request, _("%(name)s added.") % {"name": saved.value})
        return redirect("members:person_detail", pk=saved.value.pk)
    return render(request, "members/person_form.html", {"form": form, "person": None})


def _detail_context(request: AuthenticatedHttpRequest, person: Person) -> dict[str, Any]:
    sensitive = selectors.person_sensitive_facts(actor=request.user, person=person)
    if sensitive is not None:
        services.sensitive_facts_viewed(actor=request.user, person=person)
    return {
        "person": person,
        "interactions": selectors.person_recent_interactions(actor=request.user, person=person),
        "follow_ups": selectors.person_open_follow_ups(actor=request.user, person=person),
        "sensitive": sensitive,
        "today": timezone.localdate(),
        "may_change_sensitive": access.may_change_sensitive(request.user, person),
        "may_give_copy": access.may_give_own_copy(request.user, person),
        "may_record_forget": access.may_record_forget_request(request.user),
        "panels": person_panels_for(request.user, person),
        "may_record_referral": access.may_record_referral(request.user, person),
        "may_record_voting": access.may_record_voting_answer(request.user, person),
        "person_lists": list_selectors.person_lists(actor=request.user, person=person),
        # Numbers the SMS provider says cannot get texts: offered as "stopped working" next to the number.
        "unreachable_phones": {u.phone_pk for u in inbox_selectors.unreachable_numbers(actor=request.user,
                                                                                      person_id=person.pk)},
        "add_to_list_form": AddToListForm(actor=request.user, prefix="bulk", initial={"person": [person.pk]},
                                          lists=list_selectors.saved_list_choices(actor=request.user, person=person))
        if access.may_keep_lists(request.user) else None,
    }


@login_required
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    return render(request, "members/person_detail.html", _detail_context(request, person))


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, actor=request.user)
    if submit(request, form, lambda data: services.person_update(actor=request.user, person=person, **data),
              _("Changes saved.")):
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    initial = {f"{c}_{s}": getattr(person, f"{c}_{s}") for c in services.CONSENT_CHANNELS
               for s in ("consent", "consent_how")}
    form = ConsentForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> None:
        for channel in services.CONSENT_CHANNELS:
            services.consent_set(actor=request.user, person=person, channel=channel,
                                 given=data[f"{channel}_consent"], how=data[f"{channel}_consent_how"])

    if submit(request, form, save, _("Consent saved.")):
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/person_consent.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int, channel: str) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    if channel not in services.CONSENT_CHANNELS:
        raise OutOfReach("channel")
    services.consent_withdraw(actor=request.user, person=person, channel=channel)
    messages.success(request, _("Consent withdrawn; nothing more goes out on that channel."))
    return redirect("members:person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def phone_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    form = PhoneForm(request.POST or None)
    if submit(request, form, lambda data: services.phone_add(actor=request.user, person=person, **data),
              _("Phone added.")):
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/phone_form.html", {"form": form, "person": person})


@login_required
@require_POST
def phone_primary(request: AuthenticatedHttpRequest, pk: int, phone_pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    phone = selectors.phone_get(actor=request.user, person=person, pk=phone_pk)
    try:
        services.phone_make_primary(actor=request.user, phone=phone)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(number)s is now the number to call first.") % {"number": phone})
    return redirect("members:person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def sensitive_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    sensitive = selectors.person_sensitive_facts(actor=request.user, person=person)
    if sensitive is None or not access.may_change_sensitive(request.user, person):
        raise OutOfReach("sensitive facts")
    form = SensitiveFactsForm(request.POST or None, instance=sensitive["facts"] or SensitiveFacts(person=person))
    if request.method == "GET":
        services.sensitive_facts_viewed(actor=request.user, person=person)
    if submit(request, form, lambda data: services.sensitive_facts_update(actor=request.user, person=person, **data),
              _("Sensitive facts saved.")):
        return redirect("members:person_detail", pk=person.pk)
    return render(request, "members/sensitive_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def interaction_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    if not access.may_log_contact(request.user, person):
        raise OutOfReach("person")
    form = InteractionForm(request.POST or None)
    if saved := submit(request, form, lambda data: services.interaction_log(actor=request.user, person=person, **data)):
        interaction, created = saved.value
        if created:
            messages.success(request, _("Contact with %(name)s logged.") % {"name": person})
        return redirect(reverse("members:person_detail", args=[person.pk]) + f"#interaction-{interaction.pk}")
    return render(request, "members/interaction_form.html", {"form": form, "person": person})


@login_required
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(actor=request.user, pk=pk)
    services.follow_up_done(actor=request.user, follow_up=follow_up)
    messages.success(request, _("Follow-up with %(name)s done.") % {"name": follow_up.person})
    next_url = request.POST.get("next", "")
    if next_url == "home":
        return redirect("coalition:home")
    return redirect("members:person_detail", pk=follow_up.person_id)


# Export ---------------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ["id", "first_name", "last_name", "preferred_name", "pronouns", "preferred_language", "email",
                  "phones", "street_address", "city", "postal_code", "reach_through", "reach_through_name",
                  "county", "region", "assigned_organizer", "tags", "stage", "source", "joined_on",
                  "last_contact_at", "no_online_identity", "sms_consent", "email_consent", "phone_consent",
                  "story_sharing"]
SENSITIVE_COLUMNS = ["lived_experience", "registry_status", "supervision_status", "housing_unstable",
                     "reporting_day"]


def export_rows(people: Iterator[Any], include_sensitive: bool) -> Iterator[list[Any]]:
    for p in people:
        row = [p.pk, p.first_name, p.last_name, p.preferred_name, p.pronouns, p.preferred_language, p.email,
               "; ".join(str(ph.number) for ph in p.working_phones), p.street_address, p.city, p.postal_code,
               p.reach_through, p.reach_through_name, p.county.name if p.county else "",
               p.region.name if p.region else "", p.assigned_organizer.email if p.assigned_organizer else "",
               "; ".join(t.name for t in p.tags.all()), p.stage.name if p.stage else "", p.source,
               p.joined_on, p.last_contact_at, p.no_online_identity, p.sms_consent, p.email_consent,
               p.phone_consent, p.story_sharing]
        if include_sensitive:
            facts = getattr(p, "sensitive_facts", None) if hasattr(p, "sensitive_facts") else None
            row += ([facts.lived_experience, facts.registry_status, facts.supervision_status,
                     facts.housing_unstable, "" if facts.reporting_day is None else facts.get_reporting_day_display()]
                    if facts else ["", "", "", "", ""])
        yield row


@login_required
@people_worker_required
def person_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    params = request.GET.copy()
    include_sensitive = ExportForm(params).is_valid() and params.get("include_sensitive") in ("on", "true", "1")
    params.pop("include_sensitive", None)
    if include_sensitive and not access.may_export_sensitive(request.user):
        raise OutOfReach("export")
    filters = {k: v for k, v in params.items() if k != "page"}
    people = selectors.person_export_rows(actor=request.user, filters=filters, include_sensitive=include_sensitive)
    if include_sensitive:
        count = selectors.person_matches(actor=request.user, filters=filters).count()
        services.person_export_audit(actor=request.user, count=count, include_sensitive=True, filters=filters)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return csv_response(filename=f"people-{stamp}.csv",
                        header=EXPORT_COLUMNS + (SENSITIVE_COLUMNS if include_sensitive else []),
                        rows=export_rows(people, include_sensitive))


# Import ---------------------------------------------------------------------------------------------------

@login_required
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.import_job_list(actor=request.user))
    return render(request, "members/import_list.html", {"page": page, "query": query_without_page(request)})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def import_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> ImportJob:
        upload = data["file"]
        # Refuse a huge file before reading it into memory.
        importing.check_size(upload.name, upload.size)
        return services.import_job_create(actor=request.user, file_name=upload.name, raw=upload.read())

    if saved := submit(request, form, save):
        job = saved.value
        if job.encoding in ("latin-1", "cp1252"):
            messages.warning(request, _("%(name)s is not UTF-8; it was read as Windows (Latin-1) text. Check the "
                                        "accents in the preview.") % {"name": job.file_name})
        elif job.encoding == "xlsx":
            messages.info(request, _("%(name)s was read from its first sheet.") % {"name": job.file_name})
        else:
            messages.info(request, _("%(name)s was read as UTF-8.") % {"name": job.file_name})
        return redirect("members:import_detail", pk=job.pk)
    return render(request, "members/import_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, pk=pk)
    if job.status != ImportJob.Status.DRAFT:
        return render(request, "members/import_detail.html", {"job": job})
    columns = read_header(job.content)
    form = ImportMappingForm(request.POST or None, columns=columns, initial=job.mapping)
    if submit(request, form, lambda data: services.import_job_map(actor=request.user, job=job, mapping=data),
              _("Column mapping saved. Check the preview, then import.")):
        return redirect("members:import_detail", pk=job.pk)
    rows = services.import_preview(job=job)
    page = paginate(request, rows, per_page=50)
    outcomes = services.import_preview_outcomes(actor=request.user, rows=list(page.object_list))
    new_tags = services.import_new_tags(rows=rows)
    return render(request, "members/import_detail.html", {
        "job": job, "form": form, "page": page, "row_count": len(rows),
        "problem_count": sum(1 for row in rows if row.problems),
        "preview": [(row, outcomes[row.number]) for row in page.object_list],
        "unmapped": importing.unmapped_columns(columns, job.mapping),
        "source_label": importing.PRESET_LABELS.get(job.source, ""),
        "start_form": ImportStartForm(new_tags=new_tags), "query": query_without_page(request),
    })


@login_required
@require_POST
def import_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, pk=pk)
    try:
        services.import_job_start(actor=request.user, job=job, create_tags=request.POST.get("create_tags") == "on")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("members:import_detail", pk=job.pk)


@login_required
def import_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, pk=pk)
    return render(request, "members/partials/_import_progress.html", {"job": job})


@login_required
@require_GET
def import_failed_csv(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    """The rows that failed, as the file had them plus their problems: to fix and import again."""
    job = selectors.import_job_get(actor=request.user, pk=pk)
    header, rows = importing.failed_rows(job.content, job.results)
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    return csv_response(filename=f"{stem}-failed-rows.csv", header=header, rows=rows)


# Duplicates -----------------------------------------------------------------------------------------------

@login_required
@people_worker_required
def duplicate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.duplicate_pairs(actor=request.user, page=request.GET.get("page"))
    return render(request, "members/duplicate_list.html", {"page": page, "query": query_without_page(request)})


@login_required
@require_http_methods(["GET", "POST"])
@people_worker_required
def person_merge(request: AuthenticatedHttpRequest, pk: int, other_pk: int) -> HttpResponse:
    pair = (selectors.person_get(actor=request.user, pk=pk), selectors.person_get(actor=request.user, pk=other_pk))
    if pair[0].pk == pair[1].pk:
        raise OutOfReach("person")
    form = MergeForm(request.POST or None, pair=pair)

    def save(data: dict[str, Any]) -> Any:
        keep, drop = pair if data["keep"] == str(pair[0].pk) else pair[::-1]
        return services.person_merge(actor=request.user, keep=keep, drop=drop)

    if saved := submit(request, form, save):
        messages.success(request, _("Records merged into %(name)s.") % {"name": saved.value})
        return redirect("members:person_detail", pk=saved.value.pk)
    return render(request, "members/person_merge.html", {"form": form, "pair": pair})


@login_required
@require_http_methods(["GET", "POST"])
def contact_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member keeps how to reach them up to date: details, phones, and what they agree to receive."""
    person = selectors.person_mine(actor=request.user)
    which = request.POST.get("form") if request.method == "POST" else None
    details = MyContactForm(request.POST if which == "details" else None, instance=person, prefix="details")
    consent = MyConsentForm(
        request.POST if which == "consent" else None, prefix="consent",
        initial={f"{c}_consent": getattr(person, f"{c}_consent") for c in services.CONSENT_CHANNELS},
    )
    phone = PhoneForm(request.POST if which == "phone" else None, prefix="phone")
    voting = VotingForm(request.POST if which == "voting" else None, prefix="voting", own=True, initial={
        "voter_registration": person.voter_registration, "voting_plan": person.voting_plan,
        "jail_voting_note": person.jail_voting_note})
    for name in ("note", "valid_since"):
        phone.fields.pop(name)

    def save_consent(data: dict[str, Any]) -> None:
        # Only the boxes they changed: saving the form again is not a new decision about the others.
        for channel in services.CONSENT_CHANNELS:
            if data[f"{channel}_consent"] != getattr(person, f"{channel}_consent"):
                services.consent_set(actor=request.user, person=person, channel=channel,
                                     given=data[f"{channel}_consent"], how=_("Given by the member in the app"))

    if which == "details" and submit(
        request, details, lambda data: services.person_contact_update(actor=request.user, person=person, **data),
        _("Your details are saved."),
    ):
        return redirect("members:contact_mine")
    if which == "consent" and submit(request, consent, save_consent, _("Your choices are saved.")):
        return redirect("members:contact_mine")
    if which == "phone" and submit(
        request, phone, lambda data: services.phone_add(actor=request.user, person=person, **data),
        _("Phone number added."),
    ):
        return redirect("members:contact_mine")
    if which == "voting" and submit(
        request, voting, lambda data: services.voting_answers_record(actor=request.user, person=person, **data),
        _("Your answers about voting are saved."),
    ):
        return redirect("members:contact_mine")
    return render(request, "members/contact_mine.html",
                  {"person": person, "details": details, "consent": consent, "phone": phone, "voting": voting})
