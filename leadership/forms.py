"""Input shapes for the development pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.idempotency import IdempotentForm
from coalition.models import User
from leadership.models import MilestoneKind, Stage, Training
from members.forms import DateInput
from members.models import Interaction, Person


class StageMoveForm(forms.Form):
    to_stage = forms.ModelChoiceField(label=_("Move to"),
                                      queryset=Stage.objects.filter(active=True).order_by("order"))
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("What they did that shows they are ready."))


class TrainingCompletionForm(forms.Form):
    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.filter(active=True))
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    happened_on = forms.DateField(label=_("When"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class MentorChoiceField(forms.ModelChoiceField):
    """People by name with their ladder stage, so the organizer picks someone further along."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.display_name} ({obj.stage.name})" if obj.stage else obj.display_name


class MentorshipForm(forms.Form):
    """The mentor is chosen among the people the actor may see, leaders first."""

    mentor = MentorChoiceField(label=_("Mentor"), queryset=Person.objects.none())
    cadence_days = forms.IntegerField(label=_("Check in every (days)"), min_value=1, max_value=365, initial=14)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)

    def __init__(self, *args: Any, actor: User, mentee: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["mentor"]).queryset = (
            access.person_scope(actor).exclude(pk=mentee.pk).select_related("stage")
            .order_by("-stage__order", "last_name", "first_name")
        )


class CheckInForm(IdempotentForm):
    channel = forms.ChoiceField(label=_("How"), choices=Interaction.Channel.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Interaction.Outcome.choices,
                                initial=Interaction.Outcome.REACHED)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
