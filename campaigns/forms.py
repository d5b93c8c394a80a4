"""Input shapes for campaigns, bills and whip counts. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.metrics import metric_choices
from campaigns.models import Bill, Campaign, CampaignAction, Legislator, Participation, Position, Resource, Stance
from coalition import access, csvimport
from coalition.forms import DateInput, DateTimeInput
from coalition.models import CoalitionTable, Language, User
from coalition.pickers import PersonChoiceField, PersonMultipleChoiceField


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=200,
                                  help_text=_("For example: 300 members contact their legislator."))
    metric = forms.ChoiceField(label=_("What counts"))
    target = forms.IntegerField(label=_("Target"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["metric"]).choices = metric_choices()


class ParticipationForm(forms.Form):
    person = PersonChoiceField(label=_("Person"))
    role = forms.ChoiceField(label=_("Role"), choices=Participation.Role.choices)
    commitment = forms.ChoiceField(label=_("Commitment level"), choices=Participation.Commitment.choices)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).for_actor(actor, access.person_scope(actor))


class ActionForm(forms.Form):
    person = PersonChoiceField(label=_("Person"))
    kind = forms.ChoiceField(label=_("Action"), choices=CampaignAction.Kind.choices)
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())
    legislator = forms.ModelChoiceField(label=_("Legislator"), queryset=Legislator.objects.none(), required=False)
    bill = forms.ModelChoiceField(label=_("Bill"), queryset=Bill.objects.none(), required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).for_actor(actor, access.person_scope(actor))
        cast(forms.ModelChoiceField, self.fields["legislator"]).queryset = access.legislator_scope(actor)
        cast(forms.ModelChoiceField, self.fields["bill"]).queryset = access.bill_scope(actor)


class PositionForm(forms.Form):
    legislator = forms.ModelChoiceField(label=_("Legislator"), queryset=Legislator.objects.none())
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Position.Source.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["legislator"]).queryset = access.legislator_scope(actor)


class LobbyVisitForm(forms.Form):
    legislator = forms.ModelChoiceField(label=_("Legislator"), queryset=Legislator.objects.none())
    bills = forms.ModelMultipleChoiceField(label=_("Bills discussed"), queryset=Bill.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    people = PersonMultipleChoiceField(label=_("Who went"), required=False)
    asked = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 3}))
    response = forms.CharField(label=_("What the legislator said"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    resulting_stance = forms.ChoiceField(label=_("Their position now"), choices=Stance.choices)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["legislator"]).queryset = access.legislator_scope(actor)
        cast(forms.ModelChoiceField, self.fields["bills"]).queryset = access.bill_scope(actor)
        cast(PersonMultipleChoiceField, self.fields["people"]).for_actor(actor, access.person_scope(actor))


class DriveForm(forms.Form):
    hearing_on = forms.DateField(label=_("Hearing date"), widget=DateInput())
    deadline = forms.DateTimeField(label=_("Deadline to file"), widget=DateTimeInput())
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MarkFiledForm(forms.Form):
    person = PersonChoiceField(label=_("Who filed"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).for_actor(actor, access.person_scope(actor))


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, with a header row."))
    confirm = forms.BooleanField(label=_("Import the rows without problems"), required=False,
                                 help_text=_("Leave unchecked to see a preview first."))

    def rows(self) -> list[dict[str, str]]:
        upload = self.cleaned_data["file"]
        decoded = csvimport.decode(upload.read(), upload.name)
        if decoded.encoding == "latin-1":
            raise forms.ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8."))
        return csvimport.dict_rows(decoded.text)


# Resources ------------------------------------------------------------------------------------

class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    campaign = forms.ModelChoiceField(label=_("Campaign"), required=False, queryset=Campaign.objects.none())
    table = forms.ModelChoiceField(label=_("Coalition table"), required=False,
                                   queryset=CoalitionTable.objects.none())
    audience = forms.ChoiceField(label=_("Who may see it"), choices=Resource.Audience.choices,
                                 initial=Resource.Audience.ORGANIZERS)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT), PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = access.campaign_scope(actor).order_by("name")
        cast(forms.ModelChoiceField, self.fields["table"]).queryset = access.table_scope(actor).order_by("name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("campaign") and not data.get("table"):
            raise forms.ValidationError(_("Choose the campaign or the coalition table this document is for."))
        return data


class ResourceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + list(Resource.Kind.choices))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any"))] + list(Language.choices))
