"""A person and their phones. Identity is not an email: email and address are never required."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from coalition.models import County, Language, Organization, Region, TimeStampedModel
from coalition.phones import phone_digits
from members.models.tags import Tag
from members.models.voting import VoterRegistration, VotingPlan


class Channel(models.TextChoices):
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")


class StorySharing(models.TextChoices):
    INTERNAL = "internal", _("Internal only")
    PARTNERS = "partners", _("Coalition partners")
    MEDIA_NAMED = "media_named", _("Media, with name")
    MEDIA_ANONYMOUS = "media_anonymous", _("Media, anonymous")
    PUBLIC = "public", _("Public")


# What a forgotten person's placeholder is called wherever another record still points at it (a mentor, a table
# seat, an RSVP): the name it is stored under is FORGOTTEN_NAME, which says nothing about them either.
FORMER_MEMBER = _("A former member")
FORGOTTEN_NAME = "Forgotten person"


class Person(TimeStampedModel):
    """Anyone the coalition knows: a member, a leader, a partner's representative."""

    class ReachThrough(models.TextChoices):
        NONE = "", _("Reach them directly")
        SHELTER = "shelter", _("A shelter")
        CASE_MANAGER = "case_manager", _("A case manager")
        PARTNER = "partner", _("A partner organization")
        FAMILY = "family", _("Family or a friend")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        ORGANIZER = "organizer", _("Met an organizer")
        EVENT = "event", _("An event")
        CLINIC = "clinic", _("A record-clearing clinic")
        PARTNER = "partner", _("A partner's referral")
        IMPORT = "import", _("An import")
        PUBLIC_RSVP = "public_rsvp", _("A public RSVP")
        REFERRAL = "referral", _("Another member")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    email = models.EmailField(_("email"), blank=True)
    preferred_channel = models.CharField(
        _("preferred way to reach them"), max_length=10, choices=Channel.choices, blank=True
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    reach_through = models.CharField(
        _("reach through"), max_length=20, choices=ReachThrough.choices, blank=True, default=""
    )
    reach_through_name = models.CharField(_("reach-through contact"), max_length=200, blank=True)
    reach_through_organization = models.ForeignKey(
        Organization,
        verbose_name=_("reach-through organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reach_through_note = models.TextField(_("how to reach them through this contact"), blank=True)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("Set from the county."),
    )
    assigned_organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned organizer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_people",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="people")
    source = models.CharField(_("how we met"), max_length=20, choices=Source.choices, blank=True)
    joined_on = models.DateField(_("date joined"), null=True, blank=True)
    stage = models.ForeignKey(
        "leadership.Stage", verbose_name=_("leadership stage"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="people",
    )
    last_contact_at = models.DateTimeField(
        _("last contact"), null=True, blank=True, help_text=_("Kept up to date when a contact is logged.")
    )
    recruited_by = models.ForeignKey(
        "self", verbose_name=_("recruited by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="recruits", help_text=_("The member who brought them in."),
    )
    no_online_identity = models.BooleanField(
        _("no online identity"),
        default=False,
        help_text=_("Never create a login or a public listing for this person; organizers act for them."),
    )
    # The voting bloc, as the person said it (history in VotingAnswer); never inferred from a record.
    voter_registration = models.CharField(_("voter registration, as they said"), max_length=20,
                                          choices=VoterRegistration.choices, blank=True)
    voting_plan = models.CharField(_("voting plan, as they said"), max_length=20, choices=VotingPlan.choices,
                                   blank=True)
    jail_voting_note = models.CharField(
        _("voting from jail"), max_length=300, blank=True,
        help_text=_("For members inside: how they will vote from jail (ballot by mail, jail polling place)."),
    )

    # Consent: each channel with when and how it was given. Checked at the moment a message is sent.
    sms_consent = models.BooleanField(_("agrees to text messages"), default=False)
    sms_consent_at = models.DateTimeField(_("text consent given or withdrawn at"), null=True, blank=True)
    sms_consent_how = models.CharField(_("how text consent was given"), max_length=200, blank=True)
    email_consent = models.BooleanField(_("agrees to email"), default=False)
    email_consent_at = models.DateTimeField(_("email consent given or withdrawn at"), null=True, blank=True)
    email_consent_how = models.CharField(_("how email consent was given"), max_length=200, blank=True)
    phone_consent = models.BooleanField(_("agrees to phone calls"), default=False)
    phone_consent_at = models.DateTimeField(_("phone consent given or withdrawn at"), null=True, blank=True)
    phone_consent_how = models.CharField(_("how phone consent was given"), max_length=200, blank=True)
    story_sharing = models.CharField(
        _("story sharing"), max_length=20, choices=StorySharing.choices, default=StorySharing.INTERNAL
    )
    photo_consent = models.BooleanField(_("agrees to photos"), default=False)
    # "Add a person" sends the form's key; a double post finds the first person. Empty for other sources.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)
    # Set when the person was forgotten (members/services/forget.py): the row stays, anonymous, so that what it
    # counted (RSVPs, attendance, contacts) still counts; nothing else about them is kept.
    forgotten_at = models.DateTimeField(_("forgotten at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["region", "last_name", "first_name"], name="person_region_name_idx"),
            models.Index(fields=["assigned_organizer", "last_name"], name="person_organizer_idx"),
            # The organizer's home: their assigned people, least recently contacted first, read ten at a time.
            models.Index(fields=["assigned_organizer", "last_contact_at", "last_name"],
                         name="person_organizer_contact_idx"),
            models.Index(fields=["region", "last_contact_at"], name="person_region_contact_idx"),
            models.Index(fields=["email"], name="person_email_idx"),
            models.Index(fields=["voter_registration"], name="person_voter_registration_idx"),
            models.Index(fields=["voting_plan"], name="person_voting_plan_idx"),
            # Everyone not forgotten, with what the person scope asks of each (region, organizer): counting them
            # (the API's total for a coalition token) and checking a related row's person against an organizer's
            # reach (a roster's count, say) read this narrow index instead of the table. At 1,000,000 people an
            # organizer's count of a 20,000-RSVP roster takes about 30 ms instead of 100.
            models.Index(fields=["id"], include=["region", "assigned_organizer"], name="person_live_reach_idx",
                         condition=Q(forgotten_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.forgotten_at is not None:
            return str(FORMER_MEMBER)
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()

    def consents_to(self, channel: str) -> bool:
        """Whether the person agreed to be contacted on this channel (read fresh from the row)."""
        return bool(getattr(self, f"{channel}_consent", False))


class PersonPhone(models.Model):
    """A phone number with its history: numbers change often (prepaid phones, shared phones)."""

    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        HOME = "home", pgettext_lazy("phone kind", "Home")
        WORK = "work", _("Work")
        SHARED = "shared", _("Shared with someone")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="phones")
    number = PhoneNumberField(_("phone number"), region="US")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOBILE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    valid_since = models.DateField(_("valid since"), null=True, blank=True)
    stopped_working_on = models.DateField(_("stopped working on"), null=True, blank=True)
    # A STOP texted from this number: it is never texted again, whoever it belongs to, until a START from it.
    sms_stopped_at = models.DateTimeField(_("texted STOP on"), null=True, blank=True)
    # Digits only (no +1), for "phone digits in any format" search.
    digits = models.CharField(max_length=20, editable=False, db_index=True)

    class Meta:
        ordering = ["-is_primary", "stopped_working_on", "id"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="phone_unique_per_person"),
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_primary=True), name="phone_one_primary_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.number.as_national if self.number else ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search column must always match the number, whoever saves the row.
        self.digits = phone_digits(self.number)
        if kwargs.get("update_fields") is not None and "number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "digits"}
        super().save(*args, **kwargs)

    @property
    def works(self) -> bool:
        return self.stopped_working_on is None
