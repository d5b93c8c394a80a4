"""The call list pages: the lists, making and editing one, its progress (with pause, close, re-open the people
nobody answered and the CSV), and the calling page a caller works from a phone."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from calls import selectors, services
from calls.forms import CallerForm, CallForm, CallListForm, QuestionEditForm, QuestionForm, blank_call_fields
from calls.models import CallList, CallTarget, Question
from coalition import access
from coalition.csvexport import csv_response
from coalition.formflow import add_form_errors, submit
from coalition.http import AuthenticatedHttpRequest
from coalition.pagination import paginate


def _guard(request: AuthenticatedHttpRequest) -> None:
    if not selectors.may_run_calls(request.user):
        raise access.OutOfReach("call lists")


@login_required
def call_list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The lists one runs; for someone given the caller role on some lists (a member), those lists only."""
    if selectors.may_run_calls(request.user):
        lists, runner = selectors.call_list_list(actor=request.user), True
    else:
        lists, runner = selectors.lists_to_call(actor=request.user), False
        if not lists.exists():
            raise access.OutOfReach("call lists")
    return render(request, "calls/call_list_list.html", {"page": paginate(request, lists), "runner": runner})


def _edit(request: AuthenticatedHttpRequest, call_list: CallList | None) -> HttpResponse:
    _guard(request)
    fields = ("name", "audience", "script_en", "script_es", "event")
    initial = {n: getattr(call_list, n) for n in fields} if call_list else {}
    form = CallListForm(request.POST or None, actor=call_list.owner if call_list else request.user, initial=initial)

    def save(data: dict[str, Any]) -> CallList:
        key = data.pop("idempotency_key", None)
        return services.call_list_save(actor=request.user, call_list=call_list, idempotency_key=key, **data)

    if saved := submit(request, form, save, success=_("Call list saved.")):
        return redirect("calls:call_list_detail", saved.value.pk)
    return render(request, "calls/call_list_form.html", {"form": form, "call_list": call_list})


@login_required
@require_http_methods(["GET", "POST"])
def call_list_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def call_list_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    return _edit(request, selectors.call_list_get(actor=request.user, pk=pk))


def _detail(request: AuthenticatedHttpRequest, call_list: CallList, question_form: QuestionForm | None = None,
            caller_form: CallerForm | None = None) -> HttpResponse:
    return render(request, "calls/call_list_detail.html", {
        "call_list": call_list, "questions": selectors.questions(call_list),
        "question_form": question_form or QuestionForm(), "caller_form": caller_form or CallerForm(),
        "callers": selectors.callers(call_list),
        "progress": selectors.call_list_progress(call_list=call_list, now=timezone.now()),
        "workable": call_list.status in (CallList.Status.OPEN, CallList.Status.PAUSED)})


@login_required
def call_list_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    return _detail(request, selectors.call_list_get(actor=request.user, pk=pk))


@login_required
@require_POST
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    call_list = selectors.call_list_get(actor=request.user, pk=pk)
    form = QuestionForm(request.POST)
    if submit(request, form, lambda data: services.question_add(actor=request.user, call_list=call_list, **data),
              success=_("Question added.")):
        return redirect("calls:call_list_detail", call_list.pk)
    return _detail(request, call_list, form)


@login_required
@require_http_methods(["GET", "POST"])
def question_update(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    _guard(request)
    found = selectors.question_get(actor=request.user, call_list_pk=pk, pk=question)
    form = QuestionEditForm(request.POST or None, question=found)
    if submit(request, form, lambda data: services.question_update(actor=request.user, question=found, **data),
              success=_("Question saved.")):
        return redirect("calls:call_list_detail", pk)
    return render(request, "calls/question_form.html", {"form": form, "question": found,
                                                        "call_list": found.call_list})


def _question_act(request: AuthenticatedHttpRequest, pk: int, question: int, act: Callable[[Any], Any],
                  done: str = "") -> HttpResponse:
    _guard(request)
    found = selectors.question_get(actor=request.user, call_list_pk=pk, pk=question)
    try:
        act(found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(request, done)
    return redirect("calls:call_list_detail", pk)


@login_required
@require_POST
def question_move(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    up = request.POST.get("direction") != "down"
    return _question_act(request, pk, question,
                         lambda found: services.question_move(actor=request.user, question=found, up=up))


@login_required
@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    return _question_act(request, pk, question,
                         lambda found: services.question_remove(actor=request.user, question=found),
                         done=_("Question removed. Calls already saved keep its answers."))


@login_required
@require_POST
def caller_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    call_list = selectors.call_list_get(actor=request.user, pk=pk)
    form = CallerForm(request.POST)
    if submit(request, form, lambda data: services.caller_add(actor=request.user, call_list=call_list, **data),
              success=_("Caller added: send them the link of the calling page.")):
        return redirect("calls:call_list_detail", call_list.pk)
    return _detail(request, call_list, caller_form=form)


@login_required
@require_POST
def caller_remove(request: AuthenticatedHttpRequest, pk: int, user: int) -> HttpResponse:
    _guard(request)
    call_list = selectors.call_list_get(actor=request.user, pk=pk)
    if user >= 2 ** 63:  # no account can have that id (the database's integers stop there): nothing to remove
        raise access.OutOfReach("caller")
    services.caller_remove(actor=request.user, call_list=call_list, user_id=user)
    messages.success(request, _("Caller removed."))
    return redirect("calls:call_list_detail", call_list.pk)


def _act(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    _guard(request)
    call_list = selectors.call_list_get(actor=request.user, pk=pk)
    try:
        if action == "open":
            services.call_list_open(actor=request.user, call_list=call_list)
            messages.success(request, _("The list is open: callers can take the next person."))
        elif action == "pause":
            services.call_list_pause(actor=request.user, call_list=call_list)
            messages.success(request, _("Paused: nobody new is handed out."))
        elif action == "close":
            services.call_list_close(actor=request.user, call_list=call_list)
            messages.success(request, _("Closed: callers see nothing of it any more."))
        else:
            count = services.call_list_retry_no_answer(actor=request.user, call_list=call_list)
            messages.success(request, _("%(count)s people with no answer are back on the list.") % {"count": count})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:call_list_detail", call_list.pk)


@login_required
@require_POST
def call_list_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "open")


@login_required
@require_POST
def call_list_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "pause")


@login_required
@require_POST
def call_list_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")


@login_required
@require_POST
def call_list_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "retry")


@login_required
def call_list_export(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    _guard(request)
    call_list = selectors.call_list_get(actor=request.user, pk=pk)
    header, rows = selectors.export_rows(call_list)
    return csv_response(filename=f"call-list-{call_list.pk}.csv", header=header, rows=rows)


# The caller's page ----------------------------------------------------------------------------------------

NO_ONE = {
    "paused": gettext_lazy("This list is paused: nobody is handed out until it opens again."),
    "quiet": gettext_lazy("It is quiet hours where these people live: nobody is handed out until 8 in the morning."),
    "done": gettext_lazy("Nobody is left to call on this list right now."),
    "busy": gettext_lazy("Everyone left is being called by someone else. Try again in a minute."),
}


def _caller_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A caller whose role for this list was taken back is told so in plain words on their next tap (still a 404,
    and nothing of the list); anyone else out of reach gets the usual 404."""

    @functools.wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, **kwargs)
        except access.OutOfReach:
            if selectors.was_caller(request.user, pk):
                return render(request, "calls/no_longer_caller.html", status=404)
            raise

    return wrapped


def _work(request: AuthenticatedHttpRequest, call_list: CallList, form: CallForm | None = None, *,
          target: CallTarget | None = None, questions: list[Question] | None = None) -> HttpResponse:
    if target is None:
        target = selectors.held_target(actor=request.user, call_list=call_list, now=timezone.now())
    script = ""
    blank_fields: Callable[[], Any] | None = None
    if target is not None:
        language = target.person.preferred_language
        if form is None:
            questions = selectors.questions(call_list) if questions is None else questions
            form = CallForm(questions=questions, language=language)
            # Drawn while the page is (a callable in the context), after the page's own form.
            blank_fields = functools.partial(blank_call_fields, questions, language)
        script = services.fill_script(call_list.script_for(language), person=target.person, caller=request.user)
    return render(request, "calls/call_work.html", {
        "call_list": call_list, "target": target, "form": form, "blank_fields": blank_fields, "script": script},
        status=200)


@login_required
@_caller_page
def call_work(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _work(request, selectors.call_list_for_caller(actor=request.user, pk=pk))


@login_required
@require_POST
@_caller_page
def call_next(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call_list = selectors.call_list_for_caller(actor=request.user, pk=pk)
    try:
        services.call_next(actor=request.user, call_list=call_list)
    except services.NoOne as none:
        messages.info(request, str(NO_ONE[none.reason]))
    return redirect("calls:call_work", call_list.pk)


@login_required
@require_POST
@_caller_page
def call_save(request: AuthenticatedHttpRequest, pk: int, target: int) -> HttpResponse:
    call_list = selectors.call_list_for_caller(actor=request.user, pk=pk)
    questions = selectors.questions(call_list)
    form = CallForm(request.POST, questions=questions)
    problem: ValidationError | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.call_save(actor=request.user, call_list=call_list, target_id=target,
                               idempotency_key=data["idempotency_key"], outcome=data["outcome"],
                               answers=form.answers(), notes=data["notes"], call_back_at=data["call_back_at"],
                               questions=questions)
        except ValidationError as error:
            add_form_errors(form, error)
            problem = error
        else:
            messages.success(request, _("Call saved."))
            try:
                services.call_next(actor=request.user, call_list=call_list)
            except services.NoOne as none:
                messages.info(request, str(NO_ONE[none.reason]))
            return redirect("calls:call_work", call_list.pk)
    # Only a form that comes back is drawn, so only then is the person read, for the language of its questions.
    held = selectors.held_target(actor=request.user, call_list=call_list, now=timezone.now())
    if held is None or held.pk != target:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or
                       _("Your time with this person ran out. Take the next person."))
        return redirect("calls:call_work", call_list.pk)
    if held.person.preferred_language != "en":
        form = CallForm(request.POST, questions=questions, language=held.person.preferred_language)
        if form.is_valid() and problem is not None:
            add_form_errors(form, problem)
    return _work(request, call_list, form, target=held, questions=questions)
