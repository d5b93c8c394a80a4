"""Events, venues, Springfield transport (pickup points and buses), RSVPs and attendance.

Scarce things (the last seat of an event, the last seat on a bus) are guarded in `events.services`
with row locks on the event and the bus; one RSVP per person and event is a database constraint.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from coalition.bilingual import Bilingual
from coalition.models import Language, Region, TimeStampedModel

DEFAULT_REMINDER_MINUTES = [7 * 24 * 60, 24 * 60, 120]


def default_reminder_minutes() -> list[int]:
    return list(DEFAULT_REMINDER_MINUTES)


# The staff-only flags of a venue or pickup point: what placement warnings read, what public pages never show.
PRESENCE_FLAGS = ("near_school_park_daycare", "on_public_transit", "requires_id", "law_enforcement_site")


class Venue(TimeStampedModel):
    """A place where events happen. The flags and the note are staff-only (docs/domain.md, "Where people may
    legally be"). Archived venues are kept for the events that were there, and offered for no new one."""

    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    near_school_park_daycare = models.BooleanField(_("near a school, park or day care"), default=False)
    on_public_transit = models.BooleanField(_("on public transit"), default=False)
    requires_id = models.BooleanField(_("people must show ID to get in"), default=False)
    law_enforcement_site = models.BooleanField(
        _("at or next to a police station, courthouse or jail"), default=False
    )
    presence_note = models.TextField(
        _("private note on who may be here"), blank=True,
        help_text=_("Staff only: anything a person on parole or a registry needs to know before coming here."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street_address, self.city, self.postal_code) if part)


class PickupPoint(TimeStampedModel):
    """A regional bus pickup point (a church lot, a partner's office). The flags and the note are staff-only;
    archived points are kept for the buses that left from them."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    street_address = models.CharField(_("street address"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    near_school_park_daycare = models.BooleanField(_("near a school, park or day care"), default=False)
    on_public_transit = models.BooleanField(_("on public transit"), default=False)
    requires_id = models.BooleanField(_("people must show ID to get in"), default=False)
    law_enforcement_site = models.BooleanField(
        _("at or next to a police station, courthouse or jail"), default=False
    )
    presence_note = models.TextField(
        _("private note on who may be here"), blank=True,
        help_text=_("Staff only: anything a person on parole or a registry needs to know before coming here."),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        constraints = [models.UniqueConstraint(fields=["name", "city"], name="pickup_point_unique_name_city")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.city}"


class Event(Bilingual, TimeStampedModel):
    """An advocacy day, training, conference, coalition meeting, record-clearing clinic or webinar."""

    class Kind(models.TextChoices):
        ADVOCACY_DAY = "advocacy_day", _("Advocacy day")
        TRAINING = "training", _("Training")
        CONFERENCE = "conference", _("Conference")
        COALITION_MEETING = "coalition_meeting", _("Coalition meeting")
        CLINIC = "clinic", _("Record-clearing clinic")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CHANGED = "changed", _("Changed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    slug = models.SlugField(_("public address"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        help_text=_("Leave empty for a statewide event."),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events",
    )
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats, counting guests. Leave empty for no limit.")
    )
    rsvp_deadline = models.DateTimeField(_("RSVP deadline"), null=True, blank=True)
    access_info = models.TextField(_("access information"), blank=True)
    is_public = models.BooleanField(_("public page"), default=False)
    registration_open = models.BooleanField(
        _("taking RSVPs"), default=True,
        help_text=_("Untick to close RSVPs on the public page (staff can still add them)."),
    )
    series = models.ForeignKey(
        "EventSeries", verbose_name=_("series"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    # Changed on its own: a change to the series leaves this event's details alone.
    series_edited = models.BooleanField(_("edited apart from its series"), default=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # The calendar file's SEQUENCE: raised on every change a calendar should hear about.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_minutes = models.JSONField(
        _("reminders (minutes before the start)"), default=default_reminder_minutes, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    bilingual_fields = ("title", "description")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.localized("title")

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def uid(self) -> str:
        """The calendar UID: stable for the life of the event, so updates replace the entry."""
        return f"event-{self.pk}@coalition-crm"

    def reminder_offsets(self) -> list[timedelta]:
        return [timedelta(minutes=int(m)) for m in (self.reminder_minutes or [])]


class EventSeries(Bilingual, TimeStampedModel):
    """A recurring series (the quarterly record-clearing clinic, the quarterly Chicago 400 conference): each date is
    its own Event with its own RSVPs. The series keeps what its future events share; an event edited on its own
    (`Event.series_edited`) keeps its own details when the series changes, and past events never change."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")
        QUARTERLY = "quarterly", _("Every three months")

    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Event.Kind.choices)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    count = models.PositiveSmallIntegerField(_("how many dates"), null=True, blank=True)
    until = models.DateField(_("last date"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    access_info = models.TextField(_("access information"), blank=True)
    is_public = models.BooleanField(_("public page"), default=False)
    cancelled_at = models.DateTimeField(_("rest cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The form's key: a double submit makes one series, not two sets of dates.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    bilingual_fields = ("title", "description")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        constraints = [
            models.CheckConstraint(condition=Q(count__isnull=False) | Q(until__isnull=False),
                                   name="eventseries_has_an_end"),
        ]

    def __str__(self) -> str:
        return self.localized("title")


class EventHost(TimeStampedModel):
    """A partner organization hosting or co-hosting an event; its name is shown on the public page."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CO_HOST = "co_host", _("Co-host")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="hosts")
    organization = models.ForeignKey(
        "coalition.Organization", verbose_name=_("organization"), on_delete=models.PROTECT,
        related_name="event_hosts",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CO_HOST)

    class Meta:
        ordering = ["role", "organization__name", "id"]
        verbose_name = _("event host")
        verbose_name_plural = _("event hosts")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="eventhost_one_per_organization",
                                    violation_error_message=_("This organization already hosts this event.")),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.event_id}"


class Bus(TimeStampedModel):
    """A bus to an event from a pickup point, with its departure time and seats."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="buses")
    pickup_point = models.ForeignKey(
        PickupPoint, verbose_name=_("pickup point"), on_delete=models.PROTECT, related_name="buses"
    )
    departs_at = models.DateTimeField(_("departs"))
    seats = models.PositiveIntegerField(_("seats"))

    # The form's key: a double submit adds one bus.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    # Set on the buses that events.selectors.buses_with_seats returns: seats taken by people going, seats left.
    taken: int
    left: int

    class Meta:
        ordering = ["departs_at", "id"]
        verbose_name = _("bus")
        verbose_name_plural = _("buses")

    def __str__(self) -> str:
        return str(_("Bus from %(place)s") % {"place": self.pickup_point})


class RSVP(TimeStampedModel):
    """A person's answer to an event: status, guests, bus seat, access needs, how it came in, attendance."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Public page")
        PROXY = "proxy", _("An organizer, for them")
        WALK_IN = "walk_in", _("Walk-in at check-in")
        IMPORT = "import", _("An attendance file from another tool")

    class TravelPermission(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        NEEDED = "needed", _("Needed")
        OBTAINED = "obtained", _("Obtained")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.GOING)
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    bus = models.ForeignKey(
        Bus, verbose_name=_("bus"), on_delete=models.SET_NULL, null=True, blank=True, related_name="rsvps"
    )
    access_needs = models.TextField(_("access needs"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    source = models.CharField(_("how it came in"), max_length=10, choices=Source.choices)
    # Private: shown only to those who may see the person's sensitive facts.
    travel_permission = models.CharField(
        _("travel permission"), max_length=10, choices=TravelPermission.choices, blank=True, default=""
    )
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Marked at the door ("did not come"); a later check-in clears it.
    no_show_at = models.DateTimeField(_("marked as a no-show at"), null=True, blank=True)
    # Set when the person answered YES to the day-before question (events/confirm_ask.py).
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="rsvp_one_per_person_event"),
            models.CheckConstraint(condition=Q(guests__lte=10), name="rsvp_guests_at_most_ten"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="rsvp_event_status_idx"),
            models.Index(fields=["bus", "status"], name="rsvp_bus_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.event}"

    @property
    def seats(self) -> int:
        return 1 + self.guests


class RSVPReview(TimeStampedModel):
    """A public RSVP whose phone or email belongs to someone the coalition knows under another name.

    It waits here, attached to nobody, until staff decide: the same person (the RSVP goes on their record) or a
    different person (a new record with what was typed). A stranger with someone's number changes nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        SAME_PERSON = "same_person", _("The same person")
        NEW_PERSON = "new_person", _("A different person")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="reviews")
    match = models.ForeignKey(
        "members.Person", verbose_name=_("matched person"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # What the form said, as typed: nothing of it has been written to anyone's record.
    name = models.CharField(_("name as typed"), max_length=200)
    phone = PhoneNumberField(_("phone as typed"), region="US", blank=True)
    email = models.EmailField(_("email as typed"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    bus = models.ForeignKey(
        Bus, verbose_name=_("bus"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    access_needs = models.TextField(_("access needs"), blank=True)
    consent = models.BooleanField(_("ticked the reminder box"), default=False)
    # A walk-in written down by a host at the door (events/host_links.py): staff match them later, and the
    # RSVP made then is checked in.
    host_link = models.ForeignKey(
        "HostLink", verbose_name=_("host link"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="walk_ins",
    )
    # Name, phone digits and email, normalised: twenty identical submits wait here once.
    fingerprint = models.CharField(max_length=400, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rsvp = models.ForeignKey(
        RSVP, verbose_name=_("RSVP"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("public RSVP to check")
        verbose_name_plural = _("public RSVPs to check")
        constraints = [
            models.UniqueConstraint(fields=["event", "fingerprint"], condition=Q(status="pending"),
                                    name="rsvpreview_one_pending_per_submission"),
            models.CheckConstraint(condition=Q(guests__lte=10), name="rsvpreview_guests_at_most_ten"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="rsvpreview_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} → {self.event}"

    @property
    def seats(self) -> int:
        return 1 + self.guests


class HostLink(TimeStampedModel):
    """A revocable check-in link for one event or one bus, for a host without an account (a bus captain, a
    partner's host). Only hashes are kept: the link's token is shown once, when it is made; its optional PIN
    is hashed like a password. It stops at `expires_at`, at once when revoked, and for a while after
    `HOST_LINK_PIN_TRIES` wrong PINs.
    """

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="host_links")
    bus = models.ForeignKey(
        Bus, verbose_name=_("bus"), on_delete=models.CASCADE, null=True, blank=True, related_name="host_links"
    )
    label = models.CharField(_("who it is for"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    wrong_pins = models.PositiveSmallIntegerField(_("wrong PINs in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    # The form's key: a double submit makes one link.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("host link")
        verbose_name_plural = _("host links")
        indexes = [models.Index(fields=["event", "revoked_at"], name="hostlink_event_idx")]

    def __str__(self) -> str:
        return str(_("Host link for %(label)s") % {"label": self.label})

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)
