"""Input shapes for the development pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.bilingual import BilingualFormMixin
from coalition.idempotency import IdempotentForm
from coalition.models import User
from coalition.pickers import PersonChoiceField
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


class MentorshipForm(forms.Form):
    """The mentor is chosen among the people the actor may see, the mentee aside."""

    mentor = PersonChoiceField(label=_("Mentor"))
    cadence_days = forms.IntegerField(label=_("Check in every (days)"), min_value=1, max_value=365, initial=14)
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)

    def __init__(self, *args: Any, actor: User, mentee: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentors = access.person_scope(actor).exclude(pk=mentee.pk)
        cast(PersonChoiceField, self.fields["mentor"]).for_actor(actor, mentors)


class CheckInForm(IdempotentForm):
    channel = forms.ChoiceField(label=_("How"), choices=Interaction.Channel.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Interaction.Outcome.choices,
                                initial=Interaction.Outcome.REACHED)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TrainingForm(BilingualFormMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["name", "name_es", "description", "description_es"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "description_es": forms.Textarea(attrs={"rows": 3})}


class StageForm(BilingualFormMixin, forms.ModelForm):
    """A stage of the ladder and what a person needs to be suggested for it."""

    trainings = forms.ModelMultipleChoiceField(
        label=_("Trainings completed"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Training.objects.order_by("name"))
    milestone_kinds = forms.MultipleChoiceField(
        label=_("Milestones reached"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=MilestoneKind.choices, help_text=_("Each of these at least once."))
    events_attended = forms.IntegerField(label=_("Events attended"), min_value=0, max_value=100, initial=0)
    events_window_days = forms.IntegerField(label=_("In the last (days)"), min_value=1, max_value=3650,
                                            initial=180)

    class Meta:
        model = Stage
        fields = ["name", "name_es", "description", "description_es", "watch_for_quiet"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}),
                   "description_es": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        criterion = getattr(self.instance, "criterion", None) if self.instance.pk else None
        offered = Training.objects.filter(active=True)
        if criterion is not None:
            self.fields["trainings"].initial = list(criterion.trainings.all())
            self.fields["milestone_kinds"].initial = criterion.milestone_kinds
            self.fields["events_attended"].initial = criterion.events_attended
            self.fields["events_window_days"].initial = criterion.events_window_days
            # A retired training already asked for stays choosable, so saving does not drop it silently.
            offered = Training.objects.filter(Q(active=True) | Q(criteria=criterion)).distinct()
        cast(forms.ModelMultipleChoiceField, self.fields["trainings"]).queryset = offered.order_by("name")
