"""People the coalition knows. Identity is not an email: email and address are never required.

Sensitive facts live apart (SensitiveFacts, RecordClearingReferral) and are read only through the policy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField

from coalition.models import County, Language, Organization, Region, TimeStampedModel
from coalition.phones import phone_digits


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["region", "last_name", "first_name"], name="person_region_name_idx"),
            models.Index(fields=["assigned_organizer", "last_name"], name="person_organizer_idx"),
            models.Index(fields=["region", "last_contact_at"], name="person_region_contact_idx"),
            models.Index(fields=["email"], name="person_email_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
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


class ConsentChange(models.Model):
    """One decision about consent on one channel, with how, when, through which phone and who wrote it down.

    The history behind the Person's current consent fields (the fast read): every consent service writes a row
    and updates those fields together. Only the person decides: a reply from their own phone, their own page,
    what they told an organizer, or a public form that has just created their record. Rows are never edited.
    """

    class Method(models.TextChoices):
        REPLY = "reply", _("A text from their own phone")
        OWN_PAGE = "own_page", _("Their own page in the app")
        ORGANIZER = "organizer", _("Told an organizer")
        PUBLIC_FORM = "public_form", _("A public form that added them")
        EARLIER = "earlier", _("Recorded before this history was kept")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consent_changes"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    given = models.BooleanField(_("given"))
    method = models.CharField(_("how it came"), max_length=20, choices=Method.choices)
    how = models.CharField(_("in their words or the organizer's"), max_length=200, blank=True)
    # Digits only (no +1), like PersonPhone.digits: the number the texts are consented for, or the reply came from.
    phone_digits = models.CharField(_("through the phone"), max_length=20, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Empty when the person acted alone (a text, a public form); the account that wrote it down otherwise.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The provider's id of the text that carried a reply.
    reference = models.CharField(_("provider's message id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent change")
        verbose_name_plural = _("consent changes")
        indexes = [models.Index(fields=["person", "channel", "at"], name="consent_change_person_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=["sms", "email", "phone"]), name="consent_change_channel"),
            # A reply came from a phone: which one is the whole point of recording it.
            models.CheckConstraint(condition=~Q(method="reply") | ~Q(phone_digits=""),
                                   name="consent_change_reply_has_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel} {'+' if self.given else '-'} ({self.method})"


class ConsentRequest(models.Model):
    """A public form asked that an existing person be texted. Their consent is unchanged until they reply YES
    from that phone (then it is given, by reply); it lapses at `expires_at` and ends with any withdrawal.
    One pending request per person and channel, so a form submitted ten times sends one confirmation text.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for their reply")
        CONFIRMED = "confirmed", _("Confirmed by their reply")
        WITHDRAWN = "withdrawn", _("They said no")
        EXPIRED = "expired", _("No reply in time")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consent_requests"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.SMS)
    phone_digits = models.CharField(_("phone"), max_length=20)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    how = models.CharField(_("where it was asked"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Its confirmation text goes with it (the outbox keeps no foreign key to it).
    outbox_messages = GenericRelation("messaging.Message", content_type_field="subject_type",
                                      object_id_field="subject_id", related_query_name="consent_request")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        constraints = [
            models.UniqueConstraint(fields=["person", "channel"], condition=Q(status="pending"),
                                    name="consent_request_one_pending"),
        ]
        indexes = [models.Index(fields=["phone_digits", "status"], name="consent_request_phone_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel} ({self.status})"


class SensitiveFacts(TimeStampedModel):
    """Facts about a person's record and circumstances. Read and changed only through the policy, audited.

    Only what the work needs: no charges, no immigration status (what is not stored cannot leak).
    """

    class LivedExperience(models.TextChoices):
        UNKNOWN = "", _("Not said")
        DIRECTLY = "directly", _("Directly impacted")
        FAMILY = "family", _("Family member of someone impacted")
        ALLY = "ally", _("Ally")

    class Registry(models.TextChoices):
        UNKNOWN = "", _("Not said")
        NONE = "none", _("Not on a registry")
        CURRENT = "current", _("Currently required to register")
        FORMER = "former", _("Formerly required to register")

    class Supervision(models.TextChoices):
        UNKNOWN = "", _("Not said")
        NONE = "none", _("Not under supervision")
        PAROLE = "parole", _("Parole or MSR")
        PROBATION = "probation", _("Probation")
        MONITORING = "monitoring", _("Electronic monitoring")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="sensitive_facts"
    )
    lived_experience = models.CharField(
        _("lived experience with the legal system"), max_length=20, choices=LivedExperience.choices, blank=True
    )
    registry_status = models.CharField(_("registry status"), max_length=20, choices=Registry.choices, blank=True)
    supervision_status = models.CharField(
        _("supervision status"), max_length=20, choices=Supervision.choices, blank=True
    )
    housing_unstable = models.BooleanField(_("housing instability"), default=False)
    reporting_day = models.PositiveSmallIntegerField(
        _("reporting day"), choices=Weekday.choices, null=True, blank=True,
        help_text=_("A weekly in-person reporting day; reminders avoid it."),
    )
    note = models.TextField(_("private note"), blank=True)

    class Meta:
        verbose_name = _("sensitive facts")
        verbose_name_plural = _("sensitive facts")

    def __str__(self) -> str:
        return str(_("Sensitive facts about %(person)s") % {"person": self.person})

    @property
    def under_supervision(self) -> bool:
        return self.supervision_status in {self.Supervision.PAROLE, self.Supervision.PROBATION,
                                           self.Supervision.MONITORING}


class RecordClearingReferral(TimeStampedModel):
    """A referral to a legal-aid partner for record clearing. Screening is not legal advice."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        IN_PROGRESS = "in_progress", _("In progress")
        FILED = "filed", _("Petition filed")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        CLOSED = "closed", _("Closed")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="record_clearing_referrals"
    )
    partner = models.ForeignKey(
        Organization, verbose_name=_("legal-aid partner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REFERRED)
    referred_on = models.DateField(_("referred on"))
    consent_given = models.BooleanField(_("the person agreed to the referral"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("record-clearing referral")
        verbose_name_plural = _("record-clearing referrals")
        constraints = [
            models.CheckConstraint(condition=Q(consent_given=True), name="referral_needs_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.partner}"


class Interaction(TimeStampedModel):
    """A logged contact: who logged it, with whom, when, on which channel, and what came of it."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        TEXT = "text", _("Text")
        DOOR = "door", _("Door")
        EVENT = "event", _("Event")
        VIDEO = "video", _("Video")

    class Kind(models.TextChoices):
        ONE_ON_ONE = "one_on_one", _("1:1")
        FOLLOW_UP = "follow_up", _("Follow-up")
        RECRUITMENT = "recruitment", _("Recruitment")
        CHECK_IN = "check_in", _("Check-in")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Talked")
        COMMITTED = "committed", _("Said yes to the ask")
        LEFT_MESSAGE = "left_message", _("Left a message")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        NOT_NOW = "not_now", _("Not now")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="interactions")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="logged_interactions",
    )
    happened_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("how"), max_length=12, choices=Channel.choices)
    kind = models.CharField(_("kind of contact"), max_length=12, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, default=Outcome.REACHED)
    notes = models.TextField(_("notes"), blank=True)
    self_interest = models.TextField(_("self-interest"), blank=True, help_text=_("What moves them (1:1s)."))
    ask = models.TextField(_("the ask"), blank=True)
    answer = models.TextField(_("their answer"), blank=True)
    # A double submit on a bad connection sends the same key twice; the second finds the first.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, editable=False)

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["person", "-happened_at"], name="interaction_person_when_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"


class FollowUp(TimeStampedModel):
    """A next step with a person, owned by an organizer, due on a day; done when `done_at` is set."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("what to do"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction, verbose_name=_("from contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="follow_ups",
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="followup_owner_due_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.due_on}"


class ImportJob(TimeStampedModel):
    """One CSV import: the decoded file, the column mapping, progress, and what happened to each row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20)
    # The decoded text, kept so the worker and a re-run read exactly what was previewed.
    content = models.TextField(_("file content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("people added"), default=0)
    updated_count = models.PositiveIntegerField(_("people matched"), default=0)
    failed_count = models.PositiveIntegerField(_("rows failed"), default=0)
    results = models.JSONField(_("results per row"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
