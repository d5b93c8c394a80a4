"""Campaigns and goals, participation and actions, bills, legislators, positions (whip counts), lobby visits,
witness-slip drives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coalition.bilingual import Bilingual
from coalition.models import CoalitionTable, Language, Region, TimeStampedModel, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HOUSE_SEATS = 118
SENATE_SEATS = 59


class Chamber(models.TextChoices):
    HOUSE = "house", _("House")
    SENATE = "senate", _("Senate")


class Campaign(Bilingual, TimeStampedModel):
    """A campaign: Clean Slate, Fully Free, Chicago 400, Clear Your Record, a voting-bloc drive."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        IMPLEMENTATION = "implementation", _("Implementation and awareness")
        WON = "won", _("Won")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        LEGISLATIVE = "legislative", _("Legislative (pass a bill)")
        IMPLEMENTATION = "implementation", _("Implementation and awareness")
        ALLIANCE = "alliance", _("Alliance work")
        RECORD_CLEARING = "record_clearing", _("Record clearing")
        VOTING_BLOC = "voting_bloc", _("Voting bloc")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    slug = models.SlugField(_("short name"), max_length=120, unique=True,
                            help_text=_("Used in web addresses, such as the public toolkit page."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LEGISLATIVE)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    tables = models.ManyToManyField(
        CoalitionTable, verbose_name=_("the tables that run it"), blank=True, related_name="campaigns"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, verbose_name=_("closed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The form's key: a double post creates one row (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    bilingual_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.localized("name")

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date (%(start)s).") % {
                "start": self.starts_on.isoformat()}})


class Goal(models.Model):
    """A target for a countable thing (see campaigns.metrics); its count is computed live from real records."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("description"), max_length=200)
    metric = models.CharField(_("what counts"), max_length=60)
    subject_id = models.PositiveIntegerField(
        _("counted object"), null=True, blank=True, help_text=_("For metrics about one object, such as an event.")
    )
    target = models.PositiveIntegerField(_("target"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True,
                                      help_text=_("A retired goal no longer counts as open; its history stays."))
    # The tally frozen when the campaign closed: the live count and the target at that moment.
    final_count = models.PositiveIntegerField(_("final count"), null=True, blank=True)
    final_target = models.PositiveIntegerField(_("final target"), null=True, blank=True)
    # The form's key: a double post creates one row (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    # Set on the goals that campaigns.selectors.goals_with_counts returns: the count shown (live, or frozen at
    # close) and how far it is, 0 to 100.
    current: int
    percent: int

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0), name="goal_target_positive",
                violation_error_message=_("A goal's target must be a number above zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        from campaigns.metrics import METRICS

        if self.metric and self.metric not in METRICS:
            raise ValidationError({"metric": _("“%(metric)s” is not something the app can count.") % {
                "metric": self.metric}})
        if self.target is not None and self.target <= 0:
            raise ValidationError({"target": _("A goal's target must be a number above zero.")})


class Participation(TimeStampedModel):
    """A person taking part in a campaign, with a role and a commitment level."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        LEADER = "leader", _("Leader")
        SPOKESPERSON = "spokesperson", _("Spokesperson")
        VOLUNTEER = "volunteer", _("Volunteer")

    class Commitment(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        COMMITTED = "committed", _("Committed")
        CORE = "core", _("Core")

    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="campaign_participation"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="participation"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    commitment = models.CharField(
        _("commitment level"), max_length=20, choices=Commitment.choices, default=Commitment.INTERESTED
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        ordering = ["campaign", "joined_on"]
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="participation_once_per_campaign",
                violation_error_message=_("This person already takes part in this campaign."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.campaign}"


class LegislativeSession(TimeStampedModel):
    """A General Assembly (the 104th: 2025-2027). Bill numbers start again each session, and hearings fall
    inside it."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("For example: 104th General Assembly"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("legislative session")
        verbose_name_plural = _("legislative sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="session_ends_after_start",
                                   violation_error_message=_("A session cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class Bill(TimeStampedModel):
    """A bill by chamber and number (HB 1836). `current_chamber` is where it is now: positions of the other
    chamber's legislators are only recorded once the bill has reached it."""

    class Kind(models.TextChoices):
        HB = "HB", _("House bill")
        SB = "SB", _("Senate bill")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        IN_COMMITTEE = "committee", _("In committee")
        SECOND_READING = "second_reading", _("Second reading")
        PASSED_ORIGIN = "passed_origin", _("Passed its first chamber")
        PASSED_BOTH = "passed_both", _("Passed both chambers")
        SIGNED = "signed", _("Signed into law")
        VETOED = "vetoed", _("Vetoed")
        DIED = "died", _("Did not pass")

    kind = models.CharField(_("chamber"), max_length=2, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    committee = models.CharField(_("committee"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FILED)
    current_chamber = models.CharField(_("now in"), max_length=10, choices=Chamber.choices)
    hearing_on = models.DateField(_("hearing date"), null=True, blank=True)
    public_act = models.CharField(_("public act"), max_length=20, blank=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.SET_NULL, null=True, blank=True, related_name="bills"
    )
    session = models.ForeignKey(
        LegislativeSession, verbose_name=_("session"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="bills",
    )
    sponsor = models.ForeignKey(
        "Legislator", verbose_name=_("chief sponsor"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="sponsored_bills",
    )
    # The form's key: a double post creates one row (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        constraints = [
            # Numbers start again each General Assembly: HB 1836 once per session.
            models.UniqueConstraint(
                fields=["session", "kind", "number"], name="bill_unique_number_per_session",
                violation_error_message=_("A bill with this chamber and number already exists in this session."),
            ),
            models.UniqueConstraint(
                fields=["kind", "number"], condition=Q(session__isnull=True), name="bill_unique_number_no_session",
                violation_error_message=_("A bill with this chamber and number already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def origin_chamber(self) -> str:
        return Chamber.HOUSE if self.kind == self.Kind.HB else Chamber.SENATE

    def chambers_reached(self) -> set[str]:
        """The chambers that vote on this bill so far: the origin, the current one, or both once passed."""
        if self.status in (self.Status.PASSED_BOTH, self.Status.SIGNED, self.Status.VETOED):
            return {Chamber.HOUSE, Chamber.SENATE}
        return {self.origin_chamber, self.current_chamber or self.origin_chamber}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.current_chamber:
            self.current_chamber = self.origin_chamber
        super().save(*args, **kwargs)

    def clean(self) -> None:
        session = self.session if self.session_id else None
        if session is not None and self.hearing_on is not None:
            if self.hearing_on > session.ends_on:
                raise ValidationError({"hearing_on": _(
                    "The hearing date is after %(session)s ends (%(end)s). Check the date or the session."
                ) % {"session": session, "end": session.ends_on.isoformat()}})
            if self.hearing_on < session.starts_on:
                raise ValidationError({"hearing_on": _(
                    "The hearing date is before %(session)s starts (%(start)s). Check the date or the session."
                ) % {"session": session, "start": session.starts_on.isoformat()}})


class Legislator(TimeStampedModel):
    """An Illinois legislator: chamber and district (House 1-118, Senate 1-59), party, region."""

    class Party(models.TextChoices):
        DEMOCRAT = "D", _("Democrat")
        REPUBLICAN = "R", _("Republican")
        OTHER = "I", _("Independent or other")

    chamber = models.CharField(_("chamber"), max_length=10, choices=Chamber.choices)
    district = models.PositiveSmallIntegerField(_("district"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    party = models.CharField(_("party"), max_length=1, choices=Party.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True, related_name="legislators"
    )
    left_office_on = models.DateField(
        _("left office on"), null=True, blank=True,
        help_text=_("Their positions stay in the whip-count history; they leave the current counts."),
    )
    # The form's key: a double post creates one row (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    # Set on the legislators of campaigns.selectors.whip_count: their current stance and its source, as words.
    stance_label: StrOrPromise
    source_label: StrOrPromise
    label: str
    region_name: str
    stance_on: str

    class Meta:
        ordering = ["chamber", "district"]
        verbose_name = _("legislator")
        verbose_name_plural = _("legislators")
        constraints = [
            # One sitting legislator per district; those who left office stay for the history.
            models.UniqueConstraint(
                fields=["chamber", "district"], condition=Q(left_office_on__isnull=True),
                name="legislator_one_per_district",
                violation_error_message=_("This district already has a sitting legislator."),
            ),
            models.CheckConstraint(
                condition=(Q(chamber="house", district__gte=1, district__lte=HOUSE_SEATS)
                           | Q(chamber="senate", district__gte=1, district__lte=SENATE_SEATS)),
                name="legislator_district_in_range",
                violation_error_message=_("House districts are 1 to 118, Senate districts 1 to 59."),
            ),
        ]
        indexes = [models.Index(fields=["region", "chamber"], name="legislator_region_idx")]

    def __str__(self) -> str:
        title = _("Rep.") if self.chamber == Chamber.HOUSE else _("Sen.")
        return f"{title} {self.first_name} {self.last_name} ({self.party}-{self.district})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        top = HOUSE_SEATS if self.chamber == Chamber.HOUSE else SENATE_SEATS
        if self.district is not None and self.chamber and not 1 <= self.district <= top:
            raise ValidationError({"district": _("%(chamber)s districts are 1 to %(top)d; %(district)d is not one.")
                                   % {"chamber": self.get_chamber_display(), "top": top, "district": self.district}})


class Stance(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    YES = "yes", _("Yes")
    LEAN_YES = "lean_yes", _("Lean yes")
    UNDECIDED = "undecided", _("Undecided")
    LEAN_NO = "lean_no", _("Lean no")
    NO = "no", _("No")


class LobbyVisit(TimeStampedModel):
    """A report after meeting a legislator: who went, what was asked, what they said, where they now stand."""

    legislator = models.ForeignKey(
        Legislator, verbose_name=_("legislator"), on_delete=models.PROTECT, related_name="lobby_visits"
    )
    bills = models.ManyToManyField(Bill, verbose_name=_("bills"), related_name="lobby_visits")
    visited_on = models.DateField(_("date"))
    people = models.ManyToManyField("members.Person", verbose_name=_("who went"), blank=True, related_name="+")
    asked = models.TextField(_("what was asked"))
    response = models.TextField(_("what they said"), blank=True)
    resulting_stance = models.CharField(_("resulting position"), max_length=12, choices=Stance.choices)
    recorded_by = models.ForeignKey(User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("lobby visit")
        verbose_name_plural = _("lobby visits")

    def __str__(self) -> str:
        return f"{self.legislator} {self.visited_on}"


class Position(models.Model):
    """One entry of a legislator's position history on a bill; the latest entry is the current one. A change of mind
    is a new entry; editing an entry corrects a mistake in it (audited)."""

    class Source(models.TextChoices):
        VISIT = "visit", _("Lobby visit")
        CALL = "call", _("Call")
        STATEMENT = "statement", _("Public statement")
        ROLL_CALL = "roll_call", _("Roll call")

    legislator = models.ForeignKey(
        Legislator, verbose_name=_("legislator"), on_delete=models.CASCADE, related_name="positions"
    )
    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="positions")
    stance = models.CharField(_("position"), max_length=12, choices=Stance.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    lobby_visit = models.ForeignKey(
        LobbyVisit, verbose_name=_("lobby visit"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="positions",
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [models.Index(fields=["bill", "legislator", "-recorded_at"], name="position_latest_idx")]

    def __str__(self) -> str:
        return f"{self.legislator} · {self.bill}: {self.get_stance_display()}"

    def clean(self) -> None:
        if self.bill_id and self.legislator_id and self.legislator.chamber not in self.bill.chambers_reached():
            raise ValidationError({"legislator": _(
                "%(bill)s has not reached the %(chamber)s yet, so %(legislator)s does not vote on it. "
                "Change the bill's chamber first if it has passed."
            ) % {"bill": self.bill, "chamber": self.legislator.get_chamber_display(), "legislator": self.legislator}})


class CampaignAction(TimeStampedModel):
    """An action a person took for a campaign; actions count toward goals."""

    class Kind(models.TextChoices):
        CALLED = "called", _("Called a legislator")
        WITNESS_SLIP = "witness_slip", _("Filed a witness slip")
        TESTIFIED = "testified", _("Testified")
        LOBBY_VISIT = "lobby_visit", _("Attended a lobby visit")
        STORY = "story", _("Shared their story")

    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="campaign_actions"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    taken_on = models.DateField(_("date"))
    legislator = models.ForeignKey(
        Legislator, verbose_name=_("legislator"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("campaign action")
        verbose_name_plural = _("campaign actions")
        indexes = [
            models.Index(fields=["campaign", "kind"], name="action_campaign_kind_idx"),
            models.Index(fields=["campaign", "taken_on"], name="action_campaign_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


class WitnessSlipDrive(TimeStampedModel):
    """A drive to file witness slips for a bill's hearing before the deadline."""

    bill = models.ForeignKey(Bill, verbose_name=_("bill"), on_delete=models.CASCADE, related_name="witness_drives")
    hearing_on = models.DateField(_("hearing date"))
    deadline = models.DateTimeField(_("deadline"))
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("witness-slip drive")
        verbose_name_plural = _("witness-slip drives")

    def __str__(self) -> str:
        return f"{self.bill} · {self.hearing_on}"


class WitnessSlipFiling(models.Model):
    """A participant marked that they filed their witness slip for a drive."""

    drive = models.ForeignKey(WitnessSlipDrive, verbose_name=_("drive"), on_delete=models.CASCADE,
                              related_name="filings")
    person = models.ForeignKey("members.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("witness slip filed")
        verbose_name_plural = _("witness slips filed")
        constraints = [models.UniqueConstraint(fields=["drive", "person"], name="filing_once_per_drive")]

    def __str__(self) -> str:
        return f"{self.person} · {self.drive}"


class Resource(Bilingual, TimeStampedModel):
    """A document for a campaign or a table, shared with an audience. Files are served only through the policy."""

    class Kind(models.TextChoices):
        TALKING_POINTS = "talking_points", _("Talking points")
        SAMPLE_POLICY = "sample_policy", _("Sample policy")
        MEMO = "memo", _("Memo")
        BRIEF = "brief", _("Brief")
        GRAPHIC = "graphic", _("Graphic")

    class Audience(models.TextChoices):
        STAFF = "staff", _("Staff only")
        ORGANIZERS = "organizers", _("Staff and organizers")
        PARTNERS = "partners", _("Partners at the table")
        PUBLIC = "public", _("Public")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="resources",
    )
    table = models.ForeignKey(
        CoalitionTable, verbose_name=_("coalition table"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="resources",
    )
    audience = models.CharField(_("who may see it"), max_length=12, choices=Audience.choices,
                                default=Audience.ORGANIZERS)
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    description = models.TextField(_("description"), blank=True)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    bilingual_fields = ("title", "description")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign__isnull=False) | Q(table__isnull=False), name="resource_campaign_or_table",
                violation_error_message=_("Choose the campaign or the coalition table this document is for."),
            ),
        ]
        indexes = [models.Index(fields=["audience", "-created_at"], name="resource_audience_idx")]

    def __str__(self) -> str:
        return self.title

    # Set by campaigns.selectors.toolkit_localized: the words in the visitor's language.
    title_shown: str
    description_shown: str

    def shown_title(self, language: str) -> str:
        """The title in the visitor's language, English (the main title) when there is no Spanish one."""
        return self.localized("title", language)

    def shown_description(self, language: str) -> str:
        return self.localized("description", language)


class ResourceVersion(models.Model):
    """A file a resource used to have, kept when the file was replaced. Served only through the policy."""

    resource = models.ForeignKey(Resource, verbose_name=_("resource"), on_delete=models.CASCADE,
                                 related_name="versions")
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    replaced_at = models.DateTimeField(_("replaced at"))
    # The form's key: a double post creates one row (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")

    def __str__(self) -> str:
        return f"{self.resource} · {self.file_name}"
