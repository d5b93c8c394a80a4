"""Input shapes for the story pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from coalition import access
from coalition.forms import DateInput
from coalition.idempotency import IdempotentForm
from members.models import StorySharing
from stories.models import Story


class StoryForm(IdempotentForm):
    """Recording a new story carries the form's key (a double post records one); changing a story does not."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Story"), widget=forms.Textarea(attrs={"rows": 8}))
    themes = forms.CharField(label=_("Themes"), required=False, max_length=400,
                             help_text=_("Separate themes with commas: housing, work, family ..."))
    consent_level = forms.ChoiceField(label=_("Who may hear it"), choices=StorySharing.choices,
                                      help_text=_("Never wider than what the person agreed to on their record."))
    media_readiness = forms.ChoiceField(label=_("Media readiness"), choices=Story.Readiness.choices)
    expires_on = forms.DateField(label=_("Consent expires on"), required=False, widget=DateInput)
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns it supports"), required=False, queryset=Campaign.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The story shows on these campaigns' pages, only to those its consent allows."),
    )

    def __init__(self, *args: Any, new: bool = True, actor: Any = None, tied: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["idempotency_key"]
        # Open campaigns, and the closed ones the story is already tied to (so saving keeps those ties).
        scope = access.campaign_scope(actor) if actor is not None else Campaign.objects.none()
        cast(forms.ModelMultipleChoiceField, self.fields["campaigns"]).queryset = scope.filter(
            ~Q(status=Campaign.Status.CLOSED) | Q(pk__in=[c.pk for c in tied])).order_by("name")

    def clean_themes(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["themes"].split(",") if name.strip()]


class MediaAppearanceForm(forms.Form):
    outlet = forms.CharField(label=_("Outlet"), max_length=200)
    appeared_on = forms.DateField(label=_("Date"), widget=DateInput)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class StoryFilterForm(forms.Form):
    audience = forms.ChoiceField(label=_("Show stories for"), required=False)
    q = forms.CharField(label=_("Words"), required=False)
    theme = forms.CharField(label=_("Theme"), required=False)
    readiness = forms.ChoiceField(label=_("Media readiness"), required=False,
                                  choices=[("", _("Any"))] + list(Story.Readiness.choices))

    AUDIENCE_LABELS = {"internal": _("The coalition (internal)"), "partners": _("Coalition partners"),
                       "media": _("Media"), "public": _("The public")}

    def __init__(self, *args: Any, audiences: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["audience"]).choices = [(a, self.AUDIENCE_LABELS[a]) for a in audiences]
