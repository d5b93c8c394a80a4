"""Input shapes for events, RSVPs, buses and check-in. Choice querysets are limited to what the actor may see."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from phonenumber_field.formfields import PhoneNumberField

from coalition import access
from coalition.bilingual import BilingualFormMixin
from coalition.models import Language, User
from coalition.pickers import OrganizationChoiceField
from events.models import RSVP, Bus, Event, EventHost, EventSeries, PickupPoint, Venue

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


def reminders_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reminders before the start"), required=False, initial="7d, 1d, 2h",
        help_text=_("Days (d), hours (h) or minutes (m), separated by commas, like “7d, 1d, 2h”. Empty: none."),
    )


def parse_reminders(text: str) -> list[int]:
    """“7d, 1d, 2h” as minutes, longest first; a part that is not a time is a ValidationError naming it."""
    minutes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = OFFSET.match(part)
        if not match:
            raise forms.ValidationError(_("“%(part)s” is not a reminder time: write it like 7d, 1d or 2h."),
                                        params={"part": part})
        amount, unit = int(match.group(1)), match.group(2)
        minutes.append(amount * {"d": 1440, "h": 60, "m": 1}[unit])
    return sorted(set(minutes), reverse=True)


def _limit_places(form: forms.ModelForm, actor: User, current: Venue | None) -> None:
    """Venues in use, plus the one already chosen (an archived venue stays on the events held there)."""
    venues = access.venue_scope(actor).filter(archived_at__isnull=True)
    if current is not None:
        venues = access.venue_scope(actor).filter(Q(archived_at__isnull=True) | Q(pk=current.pk))
    cast(forms.ModelChoiceField, form.fields["venue"]).queryset = venues.order_by("name")


def _limit_regions(form: forms.ModelForm, actor: User) -> None:
    cast(forms.ModelChoiceField, form.fields["region"]).queryset = access.event_region_scope(actor)
    if not access.may_create_statewide_event(actor):
        form.fields["region"].required = True
        form.fields["region"].help_text = _("Organizers plan events in their own region.")


def _add_idempotency_key(form: forms.BaseForm) -> None:
    """The hidden key of a form that creates something (coalition/idempotency.py): fresh each time the form is
    drawn empty, posted back as typed, so a double submit creates one row."""
    form.fields["idempotency_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
    form.initial.setdefault("idempotency_key", uuid.uuid4())


class EventForm(BilingualFormMixin, forms.ModelForm):
    reminders = reminders_field()

    class Meta:
        model = Event
        fields = ["title", "title_es", "slug", "kind", "campaign", "region", "description", "description_es",
                  "starts_at", "ends_at", "venue", "online_url", "capacity", "rsvp_deadline", "access_info",
                  "is_public", "registration_open"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "rsvp_deadline": DATETIME}

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "rsvp_deadline"):
            cast(forms.DateTimeField, self.fields[name]).input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        _limit_regions(self, actor)
        _limit_places(self, actor, self.instance.venue if self.instance.venue_id else None)
        if self.instance.pk:
            self.fields["reminders"].initial = minutes_to_text(self.instance.reminder_minutes)
        if self.instance.series_id:
            self.fields["scope"] = forms.ChoiceField(
                label=_("Change which dates?"), widget=forms.RadioSelect, initial="this",
                choices=[("this", _("This event only")),
                         ("later", _("This and the later events of the series that nobody changed on their own"))],
                help_text=_("Past events never change."))

    def clean_reminders(self) -> list[int]:
        return parse_reminders(self.cleaned_data["reminders"])

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


class BusCardField(BusChoiceField):
    """The public form's buses as tappable cards: pickup point, departure and the seats left ("Full" when none;
    choosing a full bus puts the person on its waitlist)."""

    def __init__(self, *args: Any, seats_left: dict[int, int], **kwargs: Any) -> None:
        self.seats_left = seats_left
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Bus) -> str:
        from django.utils import formats, timezone

        left = self.seats_left.get(obj.pk, 0)
        seats = (ngettext("%(n)s seat left", "%(n)s seats left", left) % {"n": left} if left
                 else _("Full: you can join the waitlist"))
        return format_html(
            '<span class="bus-card__place">{}</span> <span class="bus-card__where">{}</span> '
            '<span class="bus-card__time">{}</span> <span class="bus-card__seats">{}</span>',
            obj.pickup_point.name, obj.pickup_point.address,
            _("Leaves at %(time)s") % {"time": formats.time_format(timezone.localtime(obj.departs_at), "TIME_FORMAT")},
            seats)


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

    def __init__(self, *args: Any, event: Event, buses: list[Bus], language: str = "en", **kwargs: Any) -> None:
        """`buses`: the event's buses with their seats left (events.selectors.buses_with_seats)."""
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.has_buses = bool(buses)
        if self.has_buses:
            self.fields["bus"] = BusCardField(
                label=_("Bus pickup"), required=False, blank=True,
                widget=forms.RadioSelect(attrs={"class": "bus-cards"}),
                queryset=Bus.objects.filter(event=event).select_related("pickup_point").order_by("departs_at", "id"),
                empty_label=_("No bus: I will get there on my own"), seats_left={bus.pk: bus.left for bus in buses},
                error_messages={"invalid_choice": _("That bus is no longer running. Choose another one.")},
            )
            self.order_fields(["name", "phone", "email", "language", "bus", "guests", "access_needs", "consent"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.errors.get("phone") and not data.get("phone") and not data.get("email"):
            raise forms.ValidationError(_("Give a mobile phone or an email address, so we can reach you."))
        return data


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance file"),
        help_text=_("A Mobilize attendance export or a sign-in sheet (.csv, .txt or .xlsx) with column names in row "
                    "1. A “status” column of cancelled rows gives no RSVP; an “attended” column of yes or true "
                    "checks the person in."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,text/csv,text/plain,"
                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))


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
    """A bus: pickup points in use (plus the bus's own), departure and seats. `confirm` is set when the page
    asked to confirm more bus seats than the event holds."""

    pickup_point = forms.ModelChoiceField(label=_("Pickup point"), queryset=PickupPoint.objects.none())
    departs_at = forms.DateTimeField(label=_("Departs"), widget=DATETIME,
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=50)
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actor: User, bus: Bus | None = None, **kwargs: Any) -> None:
        if bus is not None:
            kwargs.setdefault("initial", {}).update(
                {"pickup_point": bus.pickup_point_id, "departs_at": timezone.localtime(bus.departs_at),
                 "seats": bus.seats})
        super().__init__(*args, **kwargs)
        if bus is None:
            _add_idempotency_key(self)
        points = Q(archived_at__isnull=True) | Q(pk=bus.pickup_point_id) if bus else Q(archived_at__isnull=True)
        cast(forms.ModelChoiceField, self.fields["pickup_point"]).queryset = (
            access.pickup_point_scope(actor).filter(points).select_related("region").order_by("region__name", "name"))


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "street_address", "city", "postal_code", "region", "near_school_park_daycare",
                  "on_public_transit", "requires_id", "law_enforcement_site", "presence_note"]
        widgets = {"presence_note": forms.Textarea(attrs={"rows": 2})}


class PickupPointForm(forms.ModelForm):
    class Meta:
        model = PickupPoint
        fields = ["name", "region", "street_address", "city", "near_school_park_daycare", "on_public_transit",
                  "requires_id", "law_enforcement_site", "presence_note"]
        widgets = {"presence_note": forms.Textarea(attrs={"rows": 2})}


class SeriesForm(BilingualFormMixin, forms.ModelForm):
    """A new recurring series: what its dates share, the first date's start and end, how often and until when."""

    starts_at = forms.DateTimeField(label=_("First date starts"), widget=DATETIME,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label=_("First date ends"), widget=DATETIME,
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    reminders = reminders_field()

    class Meta:
        model = EventSeries
        fields = ["title", "title_es", "kind", "campaign", "region", "description", "description_es", "frequency",
                  "count", "until", "venue",
                  "online_url", "capacity", "access_info", "is_public"]
        widgets = {"until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"count": _("Or give a last date below."), "until": _("Or say how many dates above.")}

    field_order = ["title", "title_es", "kind", "campaign", "region", "description", "description_es", "starts_at",
                   "ends_at", "frequency",
                   "count", "until", "venue", "online_url", "capacity", "access_info", "is_public", "reminders"]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_regions(self, actor)
        _limit_places(self, actor, None)
        _add_idempotency_key(self)
        self.order_fields(self.field_order)

    def clean_reminders(self) -> list[int]:
        return parse_reminders(self.cleaned_data["reminders"])

    def _post_clean(self) -> None:
        # The service validates the series (an end, the dates, a place) with every message next to its field.
        pass

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data.update(starts_at=self.cleaned_data["starts_at"], ends_at=self.cleaned_data["ends_at"],
                    reminder_minutes=self.cleaned_data["reminders"],
                    idempotency_key=self.cleaned_data["idempotency_key"])
        return data


class SeriesEditForm(BilingualFormMixin, forms.ModelForm):
    """What a series' future dates share, and optionally new times of day."""

    start_time = forms.TimeField(label=_("New start time"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("New end time"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                               help_text=_("Leave both empty to keep each date's times."))

    class Meta:
        model = EventSeries
        fields = ["title", "title_es", "kind", "campaign", "region", "description", "description_es", "venue",
                  "online_url", "capacity", "access_info", "is_public"]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_regions(self, actor)
        _limit_places(self, actor, self.instance.venue if self.instance.venue_id else None)

    def _post_clean(self) -> None:
        pass


class EventHostForm(forms.Form):
    organization = OrganizationChoiceField(label=_("Organization"))
    role = forms.ChoiceField(label=_("Role"), choices=EventHost.Role.choices, initial=EventHost.Role.CO_HOST)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OrganizationChoiceField, self.fields["organization"]).for_actor(
            actor, access.organization_scope(actor).filter(archived_at__isnull=True))




class SelfRSVPForm(forms.Form):
    """A person's own RSVP through its manage link: bus (radio cards drawn by the page), guests, access needs,
    and the version of the RSVP the form was drawn from (a stale form changes nothing)."""

    guests = forms.IntegerField(label=_("Guests coming with you"), min_value=0, max_value=10)
    access_needs = forms.CharField(label=_("Access needs"), required=False, max_length=1000,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("A wheelchair space, a sign language interpreter, food needs…"))
    seen = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, rsvp: RSVP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_buses = rsvp.event.buses.exists()
        if self.has_buses:
            self.fields["bus"] = _bus_field(rsvp.event)
            self.fields["bus"].label = _("Your bus")
            self.order_fields(["bus", "guests", "access_needs", "seen"])


class HostLinkForm(forms.Form):
    """A new host link: who it is for, the event or one of its buses, an optional PIN."""

    label = forms.CharField(label=_("Who it is for"), max_length=100,
                            help_text=_("For example “Peoria bus captain” or “Legal aid clinic host”."))
    bus = forms.ModelChoiceField(label=_("Bus"), queryset=Bus.objects.none(), required=False,
                                 empty_label=_("The whole event"))
    pin = forms.RegexField(label=_("PIN (optional)"), regex=r"^[0-9]{4,8}$", required=False,
                           max_length=8, help_text=_("Four to eight digits. Tell it to the host in person."),
                           error_messages={"invalid": _("A PIN is four to eight digits, or leave it empty.")},
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_idempotency_key(self)
        cast(forms.ModelChoiceField, self.fields["bus"]).queryset = (
            Bus.objects.filter(event=event).select_related("pickup_point"))


class HostPinForm(forms.Form):
    pin = forms.CharField(label=_("PIN"), max_length=20,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class HostWalkInForm(forms.Form):
    """A walk-in at a host's door: a first name and a phone, nothing more."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    phone = forms.CharField(label=_("Mobile phone"), max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
