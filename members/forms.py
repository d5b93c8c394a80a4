"""Input shapes for the people pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from coalition import access
from coalition.idempotency import IdempotentForm
from coalition.models import County, User
from coalition.pickers import OrganizationChoiceField
from members.importing import TARGETS
from members.models import Interaction, Person, PersonPhone, SensitiveFacts

PERSON_FIELDS = [
    "first_name", "last_name", "preferred_name", "pronouns", "preferred_language", "email", "preferred_channel",
    "street_address", "city", "postal_code", "reach_through", "reach_through_name", "reach_through_organization",
    "reach_through_note", "county", "assigned_organizer", "tags", "source", "joined_on", "stage",
    "no_online_identity", "story_sharing", "photo_consent",
]


class PersonForm(IdempotentForm, forms.ModelForm):
    phone = PhoneNumberField(label=_("Phone"), region="US", required=False,
                             help_text=_("Any format: (312) 555-0142, 312.555.0142 ..."))

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "reach_through_note": forms.Textarea(attrs={"rows": 2}),
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["county"]).queryset = County.objects.order_by("name")
        organization = OrganizationChoiceField(
            actor=actor, label=self.fields["reach_through_organization"].label, required=False,
            help_text=self.fields["reach_through_organization"].help_text)
        organization.initial = self.fields["reach_through_organization"].initial
        self.fields["reach_through_organization"] = organization
        cast(forms.ModelChoiceField, self.fields["assigned_organizer"]).queryset = (
            access.assignable_organizer_scope(actor)
        )
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            del self.fields["phone"]
            del self.fields["idempotency_key"]


class ConsentForm(forms.Form):
    sms_consent = forms.BooleanField(label=_("Agrees to text messages"), required=False)
    sms_consent_how = forms.CharField(label=_("How they agreed to texts"), required=False, max_length=200)
    email_consent = forms.BooleanField(label=_("Agrees to email"), required=False)
    email_consent_how = forms.CharField(label=_("How they agreed to email"), required=False, max_length=200)
    phone_consent = forms.BooleanField(label=_("Agrees to phone calls"), required=False)
    phone_consent_how = forms.CharField(label=_("How they agreed to calls"), required=False, max_length=200)


class MyContactForm(forms.ModelForm):
    """What a member may change about how to reach them."""

    class Meta:
        model = Person
        fields = ["preferred_name", "pronouns", "preferred_language", "email", "preferred_channel",
                  "street_address", "city", "postal_code", "reach_through", "reach_through_name", "reach_through_note"]
        widgets = {"reach_through_note": forms.Textarea(attrs={"rows": 3}),
                   "email": forms.EmailInput(attrs={"autocomplete": "email"})}


class MyConsentForm(forms.Form):
    sms_consent = forms.BooleanField(label=_("Text me reminders and news"), required=False)
    email_consent = forms.BooleanField(label=_("Email me reminders and news"), required=False)
    phone_consent = forms.BooleanField(label=_("You may call me"), required=False)


class PhoneForm(forms.ModelForm):
    class Meta:
        model = PersonPhone
        fields = ["number", "kind", "note", "valid_since", "is_primary"]
        widgets = {"valid_since": forms.DateInput(attrs={"type": "date"}), "number": forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off"})}


class SensitiveFactsForm(forms.ModelForm):
    class Meta:
        model = SensitiveFacts
        fields = ["lived_experience", "registry_status", "supervision_status", "housing_unstable", "reporting_day",
                  "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class InteractionForm(IdempotentForm):
    """Three taps: how, what kind, and save. The rest is optional."""

    channel = forms.ChoiceField(label=_("How"), choices=Interaction.Channel.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Interaction.Kind.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Interaction.Outcome.choices, widget=forms.RadioSelect,
                                initial=Interaction.Outcome.REACHED)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    self_interest = forms.CharField(label=_("Their self-interest (1:1)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    ask = forms.CharField(label=_("The ask (1:1)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Their answer (1:1)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Optional: becomes a task on your home page."))
    follow_up_note = forms.CharField(label=_("Follow-up: what to do"), required=False, max_length=300)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("A spreadsheet saved as CSV, with column names in row 1."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class ImportMappingForm(forms.Form):
    """One choice per thing a column can hold; the choices are the file's own column names."""

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)")), *[(c, c) for c in columns]]
        for target, label in TARGETS.items():
            self.fields[target] = forms.ChoiceField(label=label, choices=choices, required=target == "first_name")


class ExportForm(forms.Form):
    include_sensitive = forms.BooleanField(
        label=_("Include sensitive facts"), required=False,
        help_text=_("Admins only. Lived experience, registry, supervision, housing and reporting day go into the "
                    "file; the export is written to the audit log."),
    )


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("Keep which record?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, pair: tuple[Person, Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["keep"]).choices = [(str(p.pk), f"{p} (#{p.pk})") for p in pair]
        self.fields["keep"].initial = str(pair[0].pk)


class DateInput(forms.DateInput):
    input_type = "date"
