"""Input shapes for events, RSVPs, buses and check-in. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from coalition import access
from coalition.models import Language, User
from events.models import RSVP, Bus, Event, PickupPoint

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
OFFSET = re.compile(r"^\s*(\d+)\s*([dhm])\s*$")
PHONE_ERROR = _("Enter a phone number with its area code, like 312-555-0142.")


def minutes_to_text(minutes: list[int]) -> str:
    parts = []
    for value in sorted(minutes or [], reverse=True):
        if value % 1440 == 0:
            parts.append(f"{value // 1440}d")
        elif value % 60 == 0:
            parts.append(f"{value // 60}h")
        else:
            parts.append(f"{value}m")
    return ", ".join(parts)


class EventForm(forms.ModelForm):
    reminders = forms.CharField(
        label=_("Reminders before the start"), required=False, initial="7d, 1d, 2h",
        help_text=_("Days (d), hours (h) or minutes (m), separated by commas, like “7d, 1d, 2h”. Empty: none."),
    )

    class Meta:
        model = Event
        fields = ["title", "slug", "kind", "campaign", "region", "description", "starts_at", "ends_at", "venue",
                  "online_url", "capacity", "rsvp_deadline", "access_info", "is_public"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "rsvp_deadline": DATETIME}

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "rsvp_deadline"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = access.event_region_scope(actor)
        if not access.may_create_statewide_event(actor):
            self.fields["region"].required = True
            self.fields["region"].help_text = _("Organizers plan events in their own region.")
        if self.instance.pk:
            self.fields["reminders"].initial = minutes_to_text(self.instance.reminder_minutes)

    def clean_reminders(self) -> list[int]:
        minutes = []
        for part in filter(None, (p.strip() for p in self.cleaned_data["reminders"].split(","))):
            match = OFFSET.match(part)
            if not match:
                raise forms.ValidationError(_("“%(part)s” is not a reminder time: write it like 7d, 1d or 2h."),
                                            params={"part": part})
            amount, unit = int(match.group(1)), match.group(2)
            minutes.append(amount * {"d": 1440, "h": 60, "m": 1}[unit])
        return sorted(set(minutes), reverse=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Choose a venue or give an online link."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["reminder_minutes"] = self.cleaned_data["reminders"]
        return data


class BusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Bus) -> str:
        from django.utils import formats, timezone

        when = formats.time_format(timezone.localtime(obj.departs_at), "TIME_FORMAT")
        return str(_("%(place)s, %(address)s — leaves at %(time)s") % {
            "place": obj.pickup_point.name, "address": obj.pickup_point.address, "time": when})


def _bus_field(event: Event, required: bool = False) -> BusChoiceField:
    return BusChoiceField(
        label=_("Bus pickup"), required=required,
        queryset=Bus.objects.filter(event=event).select_related("pickup_point").order_by("departs_at", "id"),
        empty_label=_("No bus: I will get there on my own"),
        error_messages={"invalid_choice": _("That bus is no longer running. Choose another one.")},
    )


class PublicRSVPForm(forms.Form):
    """The public RSVP form: no account, at least one way to reach the person, consent not assumed."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = PhoneNumberField(label=_("Mobile phone"), region="US", required=False,
                             error_messages={"invalid": PHONE_ERROR})
    email = forms.EmailField(label=_("Email"), required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=Language.choices)
    guests = forms.IntegerField(label=_("Guests coming with you"), min_value=0, max_value=10, initial=0)
    access_needs = forms.CharField(label=_("Access needs"), required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("A wheelchair space, a sign language interpreter, food needs…"))
    consent = forms.BooleanField(label=_("Send me a confirmation and reminders about this event"), required=False)

    def __init__(self, *args: Any, event: Event, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.has_buses = event.buses.exists()
        if self.has_buses:
            self.fields["bus"] = _bus_field(event)
            self.order_fields(["name", "phone", "email", "language", "bus", "guests", "access_needs", "consent"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors.get("phone") and not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("Give a mobile phone or an email address, so we can reach you."))
        return data


class ProxyRSVPForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=[(RSVP.Status.GOING, _("Going")),
                                                           (RSVP.Status.MAYBE, _("Maybe")),
                                                           (RSVP.Status.DECLINED, _("Declined"))])
    guests = forms.IntegerField(label=_("Guests"), min_value=0, max_value=10, initial=0)
    access_needs = forms.CharField(label=_("Access needs"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, event: Event, show_travel: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event.buses.exists():
            self.fields["bus"] = _bus_field(event)
        if show_travel:
            self.fields["travel_permission"] = forms.ChoiceField(
                label=_("Travel permission (private)"), choices=RSVP.TravelPermission.choices, required=False)


class MoveBusForm(forms.Form):
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bus"] = _bus_field(event)
        self.fields["bus"].label = _("Move to")


class TravelPermissionForm(forms.Form):
    travel_permission = forms.ChoiceField(label=_("Travel permission (private)"),
                                          choices=RSVP.TravelPermission.choices, required=False)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = PhoneNumberField(label=_("Mobile phone"), region="US", required=False,
                             error_messages={"invalid": PHONE_ERROR})
    email = forms.EmailField(label=_("Email"), required=False)


class BusForm(forms.Form):
    pickup_point = forms.ModelChoiceField(label=_("Pickup point"),
                                          queryset=PickupPoint.objects.select_related("region"))
    departs_at = forms.DateTimeField(label=_("Departs"), widget=DATETIME,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=50)


