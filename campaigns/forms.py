"""Input shapes for campaigns, bills and whip counts. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.metrics import metric_choices
from campaigns.models import (
    Bill,
    Campaign,
    CampaignAction,
    Chamber,
    Legislator,
    Participation,
    Position,
    Resource,
    Stance,
)
from coalition import access, csvimport
from coalition.bilingual import BilingualFormMixin, spanish_field
from coalition.forms import DateInput, DateTimeInput
from coalition.idempotency import IdempotentForm
from coalition.models import CoalitionTable, Language, Region, User
from coalition.pickers import PersonChoiceField, PersonMultipleChoiceField


class CampaignForm(BilingualFormMixin, IdempotentForm):
    """Starting a campaign carries the form's key (a double post starts one); changing one does not."""

    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(label=_("Short name"), max_length=120, required=False,
                           help_text=_("Letters, numbers and dashes, used in web addresses such as the public "
                                       "toolkit. Left empty, it is made from the name."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    status = forms.ChoiceField(label=_("Status"))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    tables = forms.ModelMultipleChoiceField(label=_("The coalition tables that run it"), required=False,
                                            queryset=CoalitionTable.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    name_es = spanish_field(name)
    description_es = spanish_field(description)

    def __init__(self, *args: Any, actor: User, campaign: Campaign | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if campaign is not None:
            del self.fields["idempotency_key"]
        statuses = [(v, label) for v, label in Campaign.Status.choices if v != Campaign.Status.CLOSED]
        if campaign is not None and campaign.is_closed:
            statuses = [(Campaign.Status.CLOSED, Campaign.Status.CLOSED.label)]
        cast(forms.ChoiceField, self.fields["status"]).choices = statuses
        self.fields["status"].initial = Campaign.Status.ACTIVE
        cast(forms.ModelMultipleChoiceField, self.fields["tables"]).queryset = (
            access.table_scope(actor).order_by("name"))


class CampaignCloseForm(forms.Form):
    confirm_open_goals = forms.BooleanField(
        label=_("Close the campaign with these goals still open"), required=False,
        help_text=_("Their counts and targets are frozen as the final tally."),
    )


class GoalForm(IdempotentForm):
    description = forms.CharField(label=_("Goal"), max_length=200,
                                  help_text=_("For example: 300 members contact their legislator."))
    metric = forms.ChoiceField(label=_("What counts"))
    target = forms.IntegerField(label=_("Target"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["metric"]).choices = metric_choices()


class GoalEditForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=200)
    target = forms.IntegerField(label=_("Target"))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example: 104th General Assembly"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class BillForm(IdempotentForm):
    """Adding a bill carries the form's key (a double post adds one); changing one does not."""

    kind = forms.ChoiceField(label=_("House or Senate bill"), choices=Bill.Kind.choices)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    title = forms.CharField(label=_("Title"), max_length=250)
    session = forms.ModelChoiceField(label=_("Session"), queryset=Legislator.objects.none(), required=False,
                                     empty_label=_("(no session)"))
    status = forms.ChoiceField(label=_("Status"), choices=Bill.Status.choices)
    current_chamber = forms.ChoiceField(label=_("Now in"), choices=Chamber.choices, required=False,
                                        help_text=_("Where the bill is now; left empty, its first chamber."))
    committee = forms.CharField(label=_("Committee"), max_length=150, required=False)
    hearing_on = forms.DateField(label=_("Hearing date"), required=False, widget=DateInput())
    sponsor = forms.ModelChoiceField(label=_("Chief sponsor"), queryset=Legislator.objects.none(), required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)
    public_act = forms.CharField(label=_("Public act"), max_length=20, required=False,
                                 help_text=_("Once signed, for example 104-0459."))

    def __init__(self, *args: Any, actor: User, bill: Bill | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if bill is not None:
            del self.fields["idempotency_key"]
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = access.session_scope(actor)
        cast(forms.ModelChoiceField, self.fields["sponsor"]).queryset = access.legislator_scope(actor).filter(
            left_office_on__isnull=True)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = access.campaign_scope(actor).order_by("name")


class LegislatorForm(IdempotentForm):
    chamber = forms.ChoiceField(label=_("Chamber"), choices=Chamber.choices)
    district = forms.IntegerField(label=_("District"), min_value=1, max_value=118,
                                  help_text=_("House 1 to 118, Senate 1 to 59."))
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    party = forms.ChoiceField(label=_("Party"), choices=Legislator.Party.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"), required=False)

    def __init__(self, *args: Any, legislator: Legislator | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if legislator is not None:
            del self.fields["idempotency_key"]


class LeaveOfficeForm(forms.Form):
    left_on = forms.DateField(label=_("Left office on"), widget=DateInput())


class PositionEditForm(forms.Form):
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Position.Source.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


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
        if decoded.encoding in ("latin-1", "cp1252"):
            raise forms.ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8."))
        return csvimport.dict_rows(decoded.text)


# Resources ------------------------------------------------------------------------------------

class ResourceForm(BilingualFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    campaign = forms.ModelChoiceField(label=_("Campaign"), required=False, queryset=Campaign.objects.none())
    table = forms.ModelChoiceField(label=_("Coalition table"), required=False,
                                   queryset=CoalitionTable.objects.none())
    audience = forms.ChoiceField(label=_("Who may see it"), choices=Resource.Audience.choices,
                                 initial=Resource.Audience.ORGANIZERS)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    title_es = spanish_field(title)
    description_es = spanish_field(description)
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


class ResourceEditForm(BilingualFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = spanish_field(title)
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    language = forms.ChoiceField(label=_("Language of the file"), choices=Language.choices)
    campaign = forms.ModelChoiceField(label=_("Campaign"), required=False, queryset=Campaign.objects.none())
    table = forms.ModelChoiceField(label=_("Coalition table"), required=False,
                                   queryset=CoalitionTable.objects.none())
    audience = forms.ChoiceField(label=_("Who may see it"), choices=Resource.Audience.choices,
                                 help_text=_("Public documents of a campaign are on its toolkit page, for anyone."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description_es = spanish_field(description)

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


class ResourceReplaceForm(IdempotentForm):
    upload = forms.FileField(
        label=_("New file"),
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT), PNG or JPEG. The current file is kept as an earlier "
                    "version."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.png,.jpg,.jpeg"}),
    )


class ResourceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + list(Resource.Kind.choices))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any"))] + list(Language.choices))
