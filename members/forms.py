"""Input shapes for the people pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from coalition import access
from coalition.bilingual import BilingualFormMixin, spanish_field
from coalition.idempotency import IdempotentForm
from coalition.models import County, User
from coalition.pickers import OrganizationChoiceField
from coalition.widgets import QuickHiddenInput, QuickSelect
from members.importing import TARGETS
from members.models import (
    BulkTagJob,
    ForgetRequest,
    Interaction,
    Person,
    PersonPhone,
    RecordClearingReferral,
    SavedList,
    SensitiveFacts,
    Tag,
    VoterRegistration,
    VotingPlan,
)

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
        # Retired tags leave the choices, except those the person carries (saving keeps them).
        tags = Tag.objects.filter(retired_at__isnull=True)
        if self.instance.pk:
            tags = tags | Tag.objects.filter(people=self.instance)
        cast(forms.ModelMultipleChoiceField, self.fields["tags"]).queryset = tags.distinct().order_by("name")
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
    # "Texted us" is logged by the inbox when a text arrives, never by hand.
    kind = forms.ChoiceField(label=_("Kind of contact"), widget=forms.RadioSelect,
                             choices=[c for c in Interaction.Kind.choices if c[0] != Interaction.Kind.TEXT_REPLY])
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
    file = forms.FileField(
        label=_("CSV, text or Excel file"),
        help_text=_("A spreadsheet (.csv, .txt or .xlsx) with column names in row 1, or an export of Action Network, "
                    "VAN or Mobilize as it comes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,text/csv,text/plain,"
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))


class ImportStartForm(forms.Form):
    """The last step: agreeing to the new tag names the file brings, when it brings any."""

    create_tags = forms.BooleanField(label=_("Create these new tags"), required=False)

    def __init__(self, *args: Any, new_tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new_tags:
            self.fields["create_tags"].help_text = ", ".join(new_tags)
        else:
            del self.fields["create_tags"]


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


# Tags -------------------------------------------------------------------------------------------------------

class TagForm(BilingualFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    name_es = spanish_field(name)


class TagMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Tag.objects.none(),
                                  help_text=_("Everyone with this tag gets the other one; this tag is retired."))

    def __init__(self, *args: Any, actor: User, tag: Tag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The tag itself stays a choice so that choosing it says, next to the field, why it cannot be.
        cast(forms.ModelChoiceField, self.fields["into"]).queryset = access.tag_choice_scope(actor).order_by("name")


BULK_SCOPES = [("ticked", _("The people I ticked")), ("all", _("Everyone matching this filter")),
               ("list", _("Everyone on a saved list"))]


class BulkTagForm(forms.Form):
    """Tag or untag from the people list: who (ticked, or all matching), which tag, add or remove."""

    who = forms.ChoiceField(label=_("Who"), choices=BULK_SCOPES, widget=forms.RadioSelect, initial="ticked")
    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.none())
    action = forms.ChoiceField(label=_("Add or remove"), choices=BulkTagJob.Action.choices, widget=forms.RadioSelect,
                               initial=BulkTagJob.Action.ADD)
    person = forms.TypedMultipleChoiceField(label=_("People"), coerce=int, required=False,
                                            widget=forms.MultipleHiddenInput)
    # The people list's filter as a query string, so "everyone matching" means the list that was shown.
    filter = forms.CharField(required=False, widget=QuickHiddenInput, max_length=2000)
    # Or a saved list (the list's page tags everyone on it), one the actor may open.
    saved_list = forms.ModelChoiceField(queryset=SavedList.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: User, tag_choices: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["tag"])
        field.queryset = access.tag_choice_scope(actor)
        cast(forms.ModelChoiceField, self.fields["saved_list"]).queryset = access.saved_list_scope(actor)
        if tag_choices is not None:
            # Drawn in the people list from the filter's cached options; a submitted value is still checked.
            field.widget = QuickSelect(choices=[("", _("Choose a tag")), *tag_choices])
        # Any id may be posted; bulk_tag_people keeps only those in the actor's reach.
        cast(forms.TypedMultipleChoiceField, self.fields["person"]).valid_value = (  # type: ignore[method-assign]
            lambda value: str(value).isdigit())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == "ticked" and not data.get("person"):
            self.add_error("who", _("Tick at least one person, or choose everyone matching this filter."))
        if data.get("who") == "list" and not data.get("saved_list"):
            self.add_error("who", _("Choose the list whose people to tag."))
        return data


class BulkTagConfirmForm(BulkTagForm, IdempotentForm):
    pass


# Record-clearing referrals ----------------------------------------------------------------------------------

class ReferralForm(IdempotentForm, forms.ModelForm):
    """A new referral. `partner` is a plain choice: legal-aid partners are a handful among the organizations."""

    class Meta:
        model = RecordClearingReferral
        fields = ["partner", "referred_on", "consent_given", "outcome"]
        widgets = {"referred_on": forms.DateInput(attrs={"type": "date"}),
                   "outcome": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        # The service checks consent and the rest with plain words; the form only shapes the input.
        pass

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = (
            access.organization_scope(actor).filter(kind="legal_aid").order_by("name"))
        self.fields["referred_on"].required = False
        self.fields["referred_on"].help_text = _("Today when left empty.")
        self.fields["consent_given"].help_text = _(
            "The partner gets their name and how to reach them. Ask first, and tick only when they agree.")
        self.fields["outcome"].label = _("Note")
        self.fields["outcome"].help_text = _("Optional. No charges, no case details, no legal advice.")


class ReferralUpdateForm(forms.ModelForm):
    class Meta:
        model = RecordClearingReferral
        fields = ["status", "partner", "referred_on", "contacted_on", "filed_on", "decided_on", "closed_on",
                  "outcome"]
        widgets: dict[str, forms.Widget] = {
            name: forms.DateInput(attrs={"type": "date"})
            for name in ("referred_on", "contacted_on", "filed_on", "decided_on", "closed_on")}
        widgets["outcome"] = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = (
            access.organization_scope(actor).filter(kind="legal_aid").order_by("name"))
        self.fields["outcome"].help_text = _("What the partner reported, in a few words. No charges, no legal advice.")
        for name in ("contacted_on", "filed_on", "decided_on", "closed_on"):
            self.fields[name].help_text = _("Today when the status reaches this step and it is empty.")

    def _post_clean(self) -> None:
        # The service checks the whole referral (dates against each other) and saves; the form only shapes input.
        pass


class ClinicReportForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Clinic"), queryset=RecordClearingReferral.objects.none(),
                                   required=False, empty_label=_("Every clinic"))
    start = forms.DateField(label=_("Referred from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Referred until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, clinics: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["event"]).queryset = clinics

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data


# The voting bloc --------------------------------------------------------------------------------------------

class VotingForm(forms.Form):
    """What the person says about voting. `how` is required when an organizer writes it down."""

    voter_registration = forms.ChoiceField(label=_("Are you registered to vote?"), choices=VoterRegistration.choices,
                                           required=False)
    voting_plan = forms.ChoiceField(label=_("How do you plan to vote?"), choices=VotingPlan.choices, required=False)
    jail_voting_note = forms.CharField(
        label=_("Voting from jail"), max_length=300, required=False,
        help_text=_("Only for members inside: how they will vote (ballot by mail, the jail's polling place)."))
    how = forms.CharField(label=_("How they told you"), max_length=200, required=False,
                          help_text=_("In person, on the phone, at an event..."))

    def __init__(self, *args: Any, own: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own:
            del self.fields["how"]
            self.fields["jail_voting_note"].help_text = _("If you are inside: how you will vote from jail.")
        else:
            self.fields["voter_registration"].label = _("Registered to vote, as they say")
            self.fields["voting_plan"].label = _("Their plan to vote")


# Requests to be forgotten --------------------------------------------------------------------------------------

class ForgetRequestForm(forms.Form):
    who_asked = forms.ChoiceField(label=_("Who asked"), choices=ForgetRequest.WhoAsked.choices,
                                  initial=ForgetRequest.WhoAsked.THEMSELVES, widget=forms.RadioSelect)
    how = forms.ChoiceField(label=_("How they asked"), choices=ForgetRequest.How.choices, widget=forms.RadioSelect)
    asked_on = forms.DateField(label=_("When they asked"), widget=DateInput)


class ForgetConfirmForm(forms.Form):
    typed_name = forms.CharField(label=_("Type the person's name to confirm"), max_length=210,
                                 widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    understood = forms.BooleanField(
        label=_("I understand that this erases them for good: nobody can bring it back."), required=False)
