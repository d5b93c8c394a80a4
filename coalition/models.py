"""The coalition itself: accounts and roles, regions and counties, organizations, the audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.bilingual import Bilingual


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class Region(Bilingual, TimeStampedModel):
    """A set of counties with organizers assigned (Chicago, Collar Counties, ...)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=80, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    bilingual_fields = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.localized("name")


class County(models.Model):
    """One of Illinois' 102 counties, by its Census FIPS code."""

    fips = models.CharField(_("FIPS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=80)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="counties"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fips__gte="17001", fips__lte="17203"), name="county_fips_illinois"
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(name)s County") % {"name": self.name})


class Organization(TimeStampedModel):
    """A partner organization: legal aid, service provider, faith, grassroots, policy."""

    class Kind(models.TextChoices):
        LEGAL_AID = "legal_aid", _("Legal aid")
        SERVICE = "service", _("Service provider")
        FAITH = "faith", _("Faith")
        GRASSROOTS = "grassroots", _("Grassroots")
        POLICY = "policy", _("Policy and advocacy")
        PUBLIC = "public", _("Public agency")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Leave empty for a statewide organization."),
    )
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    description = models.TextField(_("description"), blank=True)
    archived_at = models.DateTimeField(
        _("archived"), null=True, blank=True,
        help_text=_("An archived organization keeps its history but is no longer offered for new seats."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organization_name_unique_ci",
                violation_error_message=_("An organization with this name already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    """Accounts are keyed by email; there is no username."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["role"] = User.Role.ADMIN
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. The role decides what they may see (coalition.access)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        STAFF = "staff", _("Staff")
        ORGANIZER = "organizer", _("Regional organizer")
        PARTNER = "partner", _("Partner representative")
        MEMBER = "member", _("Member")

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizers",
        help_text=_("The region a regional organizer works in."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        help_text=_("The organization a partner representative speaks for."),
    )
    person = models.OneToOneField(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        help_text=_("The member record of this account, if any."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An email-keyed manager in place of AbstractUser's username one, as Django's docs on custom users show;
    # the stubs type AbstractUser.objects as the username manager.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["email"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="organizer") | models.Q(region__isnull=False),
                name="user_organizer_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(organization__isnull=False),
                name="user_partner_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The Django admin is the admins' back office and nobody else's: keep the flags in step with the role.
        is_admin = self.role == self.Role.ADMIN
        self.is_staff = is_admin
        self.is_superuser = is_admin
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """One line of the audit log: who saw or changed what, and when. Never edited."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        MERGE = "merge", _("Merged")
        IMPORT = "import", _("Imported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    summary = models.CharField(_("what"), max_length=300)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
        ]

    # Where `detail` keeps a summary written with `audit_record(values=...)`: its English text and values.
    SUMMARY_KEY = "summary_text"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"

    @property
    def summary_shown(self) -> str:
        """The summary in the reader's language when it was written to be translated, else as written."""
        kept = self.detail.get(self.SUMMARY_KEY) if isinstance(self.detail, dict) else None
        if not isinstance(kept, dict) or not isinstance(kept.get("text"), str):
            return self.summary
        try:
            return gettext(kept["text"]) % kept.get("values", {})
        except (KeyError, TypeError, ValueError):
            return self.summary


# Coalition tables and meetings ------------------------------------------------------------------------
# Organizations sit at a table with a role; seats and representatives keep their dates, so history is kept.


class CoalitionTable(Bilingual, TimeStampedModel):
    """A statewide coalition table: one per campaign or alliance (Clean Slate table, Chicago 400 Alliance...).

    A closed table keeps its roster, meetings and history; it only drops out of the default list."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    bilingual_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition table")
        verbose_name_plural = _("coalition tables")
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="table_name_unique_ci",
                violation_error_message=_("A table with this name already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="table_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "name"], name="table_status_idx")]

    def __str__(self) -> str:
        return self.localized("name")


class TableSeat(TimeStampedModel):
    """An organization's seat at a table, from when it joined to when it left (empty while it sits there)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")

    table = models.ForeignKey(CoalitionTable, verbose_name=_("table"), on_delete=models.CASCADE, related_name="seats")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="seats"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    role_since = models.DateField(
        _("in this role since"), null=True, blank=True, help_text=_("Empty: in this role since it joined.")
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["table", "organization__name"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "organization"],
                condition=models.Q(left_on__isnull=True),
                name="seat_one_current_per_organization",
                violation_error_message=_("This organization already sits at this table."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="seat_left_after_joined",
                violation_error_message=_("An organization cannot leave a table before it joined."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "left_on"], name="seat_organization_idx")]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.table}"


class SeatRoleChange(models.Model):
    """A seat's role changed on a date (member to chair, chair to observer...): the seat's role history."""

    seat = models.ForeignKey(TableSeat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="role_changes")
    role_before = models.CharField(_("role before"), max_length=10, choices=TableSeat.Role.choices)
    role_after = models.CharField(_("role after"), max_length=10, choices=TableSeat.Role.choices)
    changed_on = models.DateField(_("changed on"))
    changed_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["seat", "changed_on", "id"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self) -> str:
        return f"{self.seat}: {self.role_before} -> {self.role_after} ({self.changed_on})"


class SeatRepresentative(models.Model):
    """A person who speaks for an organization at a table, from `since` to `until`."""

    seat = models.ForeignKey(
        TableSeat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="representatives"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="table_seats"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["seat", "since", "id"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "person"],
                condition=models.Q(until__isnull=True),
                name="representative_once_per_seat",
                violation_error_message=_("This person already represents the organization at this table."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class TableMeeting(TimeStampedModel):
    """A meeting of a table: when, where (a place or a link), the agenda and the notes."""

    table = models.ForeignKey(
        CoalitionTable, verbose_name=_("table"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Bumped by every saved change: a form that was drawn at an older version was overtaken by someone else.
    version = models.PositiveIntegerField(_("version"), default=1)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("table meeting")
        verbose_name_plural = _("table meetings")
        indexes = [models.Index(fields=["table", "-starts_at"], name="meeting_table_idx")]

    def __str__(self) -> str:
        return f"{self.table} {self.starts_at:%Y-%m-%d}"


class MeetingRevision(models.Model):
    """One saved change to a meeting (details, agenda, notes, attendance, cancelling): who, when, what was before
    and after. The meeting page shows them; never edited."""

    meeting = models.ForeignKey(
        TableMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="revisions"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(User, verbose_name=_("who"), on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    version = models.PositiveIntegerField(_("version"))
    # {"notes": {"before": "...", "after": "..."}, "attendance": {"added": [...], "removed": [...]}}
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("meeting revision")
        verbose_name_plural = _("meeting revisions")
        indexes = [models.Index(fields=["meeting", "-at"], name="meeting_revision_idx")]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class MeetingAttendance(models.Model):
    """Who came to a meeting: a representative (for which organization) or a guest by name."""

    meeting = models.ForeignKey(
        TableMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("for organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True)

    class Meta:
        ordering = ["organization__name", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=models.Q(person__isnull=False),
                name="attendance_once_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(guest_name=""), name="attendance_person_or_guest"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.guest_name


class ActionItem(TimeStampedModel):
    """Something to do after a meeting, with an owner and a due date; on the owner's home page until done."""

    meeting = models.ForeignKey(
        TableMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(User, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items")
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="action_item_owner_idx")]

    def __str__(self) -> str:
        return self.description
