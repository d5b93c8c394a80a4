"""The call list forms: the list itself, a question, and the call a caller saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from calls.models import CallTarget, Question
from coalition.forms import DateTimeInput
from coalition.idempotency import IdempotentForm
from events.models import Event
from events.selectors import event_list
from members.audiences import audience_choices


class CallListForm(IdempotentForm):
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("For you and your callers; people never see it."))
    audience = forms.ChoiceField(label=_("Who to call"), help_text=_(
        "Only the people you can reach, with phone consent and a working number, are called."))
    script_en = forms.CharField(label=_("Script in English"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_(
        "{preferred_name} and {caller_name} are filled in for each call."))
    script_es = forms.CharField(label=_("Script in Spanish"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=_("For people who prefer Spanish; without it they get the English script."))

    event = forms.ModelChoiceField(label=_("Event"), required=False, queryset=Event.objects.none(), help_text=_(
        "Optional: a question can then record the RSVP and the bus seat from the answers."))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audience: Any = self.fields["audience"]
        audience.choices = [("", _("Pick a list or an audience")), *audience_choices(actor)]
        event: Any = self.fields["event"]
        event.queryset = event_list(actor=actor)


class QuestionForm(forms.Form):
    prompt = forms.CharField(label=_("Question"), max_length=300)
    prompt_es = forms.CharField(label=_("Question in Spanish"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    options = forms.CharField(label=_("Choices, one a line"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Only for “One of several”."))
    action = forms.ChoiceField(label=_("What the answer does"), choices=Question.Action.choices, required=False)

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class QuestionEditForm(forms.Form):
    """A question's wording, and a choice's choices; its kind and what its answer does stay as they were made."""

    prompt = forms.CharField(label=_("Question"), max_length=300)
    prompt_es = forms.CharField(label=_("Question in Spanish"), max_length=300, required=False)
    options = forms.CharField(label=_("Choices, one a line"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Calls already saved keep the answers and wording they had."))

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"prompt": question.prompt, "prompt_es": question.prompt_es,
                                      "options": "\n".join(question.options)})
        super().__init__(*args, **kwargs)
        if question.kind != Question.Kind.CHOICE or question.action == Question.Action.BUS:
            del self.fields["options"]

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class CallForm(IdempotentForm):
    """Outcome, notes, call-back time, and one field per question (named q<id>)."""

    outcome = forms.ChoiceField(label=_("How did the call go?"), choices=CallTarget.Outcome.choices,
                                widget=forms.RadioSelect)
    call_back_at = forms.DateTimeField(label=_("Call back at (Chicago time)"), required=False, widget=DateTimeInput(),
                                       input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                       help_text=_("Only for “Call back later”."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, questions: list[Question], language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            label = question.prompt_es if language == "es" and question.prompt_es else question.prompt
            name = f"q{question.pk}"
            if question.kind == Question.Kind.YES_NO:
                self.fields[name] = forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                                      choices=[("yes", _("Yes")), ("no", _("No"))])
            elif question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect,
                                                      choices=[(o, o) for o in question.options])
            elif question.kind == Question.Kind.NUMBER:
                self.fields[name] = forms.IntegerField(label=label, required=False, min_value=0, max_value=999999)
            else:
                self.fields[name] = forms.CharField(label=label, required=False, max_length=500)
        # The questions come before the outcome on the page, as the call goes.
        order = [f"q{q.pk}" for q in questions] + ["outcome", "call_back_at", "notes"]
        self.order_fields(order)

    def answers(self) -> dict[str, str]:
        data = self.cleaned_data
        return {str(q.pk): "" if data.get(f"q{q.pk}") in (None, "") else str(data[f"q{q.pk}"]) for q in self.questions}


# The blank fields of the calling page, drawn once per questions, language of the questions and language of the
# page: the same for every person of a list (only the form's key differs, drawn beside them), while drawing the
# widgets is most of the page's work. The key holds the questions' wording, so a changed question is drawn anew.
_BLANK_FIELDS: dict[tuple[Any, ...], str] = {}
_BLANK_FIELDS_KEPT = 256


def blank_call_fields(questions: list[Question], language: str) -> SafeString:
    """The visible fields of an empty CallForm (the questions in `language`, the page in the active language), as
    `partials/_form_fields.html` draws them; the idempotency key is left out, to be drawn beside them."""
    key = (translation.get_language(), language,
           tuple((q.pk, q.kind, q.prompt, q.prompt_es, tuple(q.options)) for q in questions))
    html = _BLANK_FIELDS.get(key)
    if html is None:
        form = CallForm(questions=questions, language=language)
        del form.fields["idempotency_key"]
        html = render_to_string("partials/_form_fields.html", {"form": form})
        if len(_BLANK_FIELDS) >= _BLANK_FIELDS_KEPT:
            _BLANK_FIELDS.clear()
        _BLANK_FIELDS[key] = html
    return mark_safe(html)  # noqa: S308 - drawn by the template above, escaped there


class CallerForm(forms.Form):
    email = forms.EmailField(label=_("Caller's email"), help_text=_(
        "Their account's email. They see only the calling page of this list, while it is open."))
