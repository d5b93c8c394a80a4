"""The inbox's forms: an answer to a reply, and (staff) whose a reply from an unknown number is."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.idempotency import IdempotentForm
from coalition.pickers import PersonChoiceField
from messaging.replies import ANSWER_MAX_CHARS


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=ANSWER_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent as a text (or an email, if that is how they agreed to hear from us)."),
        error_messages={"required": _("Write an answer before sending it.")},
    )


class MatchForm(forms.Form):
    person = PersonChoiceField(label=_("Whose text is it?"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).for_actor(actor, access.person_scope(actor))


class NewContactForm(IdempotentForm):
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 error_messages={"required": _("Write at least a first name.")})
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
