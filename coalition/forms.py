"""Input shapes for the coalition's own pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.models import County, Organization, Region, SeatRepresentative, User
from coalition.pickers import OrganizationChoiceField, PersonChoiceField


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "kind", "region", "website", "phone", "email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RegionCountiesForm(forms.Form):
    counties = forms.ModelMultipleChoiceField(
        label=_("Counties in this region"),
        queryset=County.objects.select_related("region").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Checking a county moves it here from its current region."),
    )


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


class TableSeatForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organization"))
    role = forms.ChoiceField(label=_("Role at the table"))
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        from coalition.models import TableSeat

        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["organization"]).for_actor(actor)
        cast(forms.ChoiceField, self.fields["role"]).choices = TableSeat.Role.choices


class TableSeatEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())


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


class TableMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


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


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("What needs doing"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = access.action_item_owner_scope(actor)
