"""Input shapes for the coalition's own pages. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.models import County, Organization, Region, User


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
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False,
        help_text=_("Needed for a partner representative."),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = access.region_scope(actor)
        self.fields["organization"].queryset = access.organization_scope(actor)
        self.fields["role"].choices = [(v, label) for v, label in User.Role.choices if access.may_invite(actor, v)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        if role == User.Role.ORGANIZER and not data.get("region"):
            self.add_error("region", _("Choose the region this organizer works in."))
        if role == User.Role.PARTNER and not data.get("organization"):
            self.add_error("organization", _("Choose the organization this representative speaks for."))
        return data
