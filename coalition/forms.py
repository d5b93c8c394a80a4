"""Input shapes for the coalition's own pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.bilingual import BilingualFormMixin, spanish_field, spanish_label
from coalition.idempotency import IdempotentForm
from coalition.models import CoalitionTable, County, Organization, Region, SeatRepresentative, TableSeat, User
from coalition.pickers import OrganizationChoiceField, PersonChoiceField


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "kind", "region", "website", "phone", "email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RegionCountiesForm(forms.Form):
    """A region's counties and its name in Spanish (the English name is the region's key, set by an admin)."""

    name_es = forms.CharField(max_length=80, required=False)
    counties = forms.ModelMultipleChoiceField(
        label=_("Counties in this region"),
        queryset=County.objects.select_related("region").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Checking a county moves it here from its current region."),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_es = self.fields["name_es"]
        name_es.label = spanish_label(_("Name"))
        name_es.widget.attrs["lang"] = "es"
        name_es.help_text = _("The name is “%(name)s” in English.") % {"name": region.name}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False,
        help_text=_("Needed for a regional organizer."),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"), required=False, help_text=_("Needed for a partner representative."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = access.region_scope(actor)
        cast(OrganizationChoiceField, self.fields["organization"]).for_actor(actor)
        cast(forms.ChoiceField, self.fields["role"]).choices = (
            [(v, label) for v, label in User.Role.choices if access.may_invite(actor, v)]
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = data.get("role")
        if role == User.Role.ORGANIZER and not data.get("region"):
            self.add_error("region", _("Choose the region this organizer works in."))
        if role == User.Role.PARTNER and not data.get("organization"):
            self.add_error("organization", _("Choose the organization this representative speaks for."))
        return data


# Coalition tables and meetings ------------------------------------------------------------------------

class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TableForm(BilingualFormMixin, IdempotentForm):
    """Start or change a table: the chair is picked as you type; the campaigns are a short list of checkboxes."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    name_es = spanish_field(name)
    description_es = spanish_field(description)
    status = forms.ChoiceField(
        label=_("Status"), choices=CoalitionTable.Status.choices, initial=CoalitionTable.Status.ACTIVE,
        help_text=_("A closed table keeps its roster, meetings and history; it leaves the default list."),
    )
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput(),
                                help_text=_("Only for a closed table. Empty: today."))
    chair = OrganizationChoiceField(
        label=_("Chair organization"), required=False,
        help_text=_("Seated as chair from today if it is not at the table yet; the former chair stays as a member."),
    )
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns it runs"), queryset=Organization.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actor: User, table: CoalitionTable | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["chair"]).for_actor(
            actor, access.organization_scope(actor).filter(archived_at__isnull=True))
        cast(forms.ModelMultipleChoiceField, self.fields["campaigns"]).queryset = (
            access.campaign_scope(actor).order_by("name")
        )
        if table is None:
            del self.fields["closed_on"]
            cast(forms.ChoiceField, self.fields["status"]).choices = [
                c for c in CoalitionTable.Status.choices if c[0] != CoalitionTable.Status.CLOSED]
        else:
            del self.fields["idempotency_key"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("closed_on") and data.get("status") != CoalitionTable.Status.CLOSED:
            self.add_error("closed_on", _("A closing date is only for a closed table: choose the status Closed or "
                                          "leave the date empty."))
        return data


class TableSeatForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organization"))
    role = forms.ChoiceField(label=_("Role at the table"), choices=TableSeat.Role.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["organization"]).for_actor(
            actor, access.organization_scope(actor).filter(archived_at__isnull=True))


class TableSeatRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=TableSeat.Role.choices)
    changed_on = forms.DateField(label=_("From"), widget=DateInput())


class TableSeatEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())


class TableRepresentativeEndForm(forms.Form):
    until = forms.DateField(label=_("Stepped down on"), widget=DateInput())


class TableRepresentativeForm(forms.Form):
    person = PersonChoiceField(
        label=_("Representative"),
        error_messages={"invalid_choice": _("A representative must be a person in the system. Add them first."),
                        "required": _("Choose the person who represents the organization.")},
    )
    since = forms.DateField(label=_("Since"), widget=DateInput())

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).for_actor(actor, access.person_scope(actor))


class TableMeetingForm(IdempotentForm):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class TableMeetingEditForm(forms.Form):
    """A meeting's details, agenda and notes, before or after it took place. `version` is the meeting's version
    when the form was drawn: the service refuses to overwrite a change someone else saved since."""

    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    saved_now: Any = None

    def overtaken(self, meeting: Any) -> None:
        """Someone else saved `meeting` meanwhile: keep what this person typed, and draw the form at the new
        version so saving again (after comparing) goes through."""
        self.saved_now = meeting
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.add_prefix("version")] = str(meeting.version)
        self.data = data


class TableMeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Why (shown on the meeting page)"), max_length=300, required=False)


class RepresentativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person} — {obj.seat.organization}"


class TableAttendanceForm(forms.Form):
    representatives = RepresentativeChoiceField(
        label=_("Who came (representative — for which organization)"), queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    guests = forms.CharField(
        label=_("Guests"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line, with their organization if any."),
    )

    def __init__(self, *args: Any, representatives: list[SeatRepresentative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["representatives"])
        field.queryset = SeatRepresentative.objects.filter(pk__in=[r.pk for r in representatives]).select_related(
            "person", "seat__organization")
        # The checklist renders from the already-loaded list: no query per row.
        field.choices = [(r.pk, field.label_from_instance(r)) for r in representatives]

    def clean_guests(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["guests"].splitlines() if line.strip()]


class ActionItemForm(IdempotentForm):
    description = forms.CharField(label=_("What needs doing"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, actor: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = access.action_item_owner_scope(actor)
        if editing:
            del self.fields["idempotency_key"]
