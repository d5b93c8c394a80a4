"""The leadership ladder and its moves, trainings, milestones, mentorships, suggestions and gone-quiet flags.

People live in the members app; everything here points at them. Nothing below this app imports it.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.bilingual import Bilingual
from coalition.models import TimeStampedModel
from members.models import Interaction, Person


class Stage(Bilingual, models.Model):
    """A rung of the leadership ladder (Contact, Member, Active, Emerging leader, Leader, Organizer). Admins
    add, edit, reorder and retire them (leadership.services)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    watch_for_quiet = models.BooleanField(
        _("flag when quiet"), default=False,
        help_text=_("People at this stage are flagged when nobody has contacted them in a while."),
    )
    # Retired stages stay for the moves that point at them; nobody is moved or suggested to one again.
    active = models.BooleanField(_("in use"), default=True)

    bilingual_fields = ("name", "description")

    class Meta:
        ordering = ["order"]
        verbose_name = _("ladder stage")
        verbose_name_plural = _("ladder stages")

    def __str__(self) -> str:
        return self.localized("name")


class Training(Bilingual, TimeStampedModel):
    """A training in the catalogue. Retire it (not offered) rather than delete it: criteria refer to it."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_es = models.TextField(_("description in Spanish"), blank=True)
    active = models.BooleanField(_("offered"), default=True)
    # Checking in at one of these events (kind training) completes the training.
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("training events"), blank=True, related_name="trainings",
        help_text=_("Checking in at one of these events records the training as completed."),
    )

    bilingual_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.localized("name")


class MilestoneKind(models.TextChoices):
    SPOKE = "spoke", _("Spoke at an event")
    TESTIFIED = "testified", _("Testified")
    LED_MEETING = "led_meeting", _("Led a meeting")
    RECRUITED = "recruited", _("Recruited people")
    MEDIA = "media", _("Told their story to media")
    LOBBY_VISIT = "lobby_visit", _("Attended a lobby visit")


class StageCriterion(models.Model):
    """What a person needs to be suggested for a stage: trainings, milestones, and recent events attended."""

    stage = models.OneToOneField(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="criterion")
    trainings: models.ManyToManyField[Training, StageCriterionTraining] = models.ManyToManyField(
        Training, verbose_name=_("trainings completed"), through="StageCriterionTraining", blank=True,
        related_name="criteria",
    )
    milestone_kinds = models.JSONField(
        _("milestones reached"), default=list, blank=True, help_text=_("Each of these kinds at least once.")
    )
    events_attended = models.PositiveSmallIntegerField(_("events attended"), default=0)
    events_window_days = models.PositiveSmallIntegerField(
        _("in the last (days)"), default=180,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("stage criterion")
        verbose_name_plural = _("stage criteria")

    def __str__(self) -> str:
        return str(_("Criteria for %(stage)s") % {"stage": self.stage})

    def clean(self) -> None:
        known = set(MilestoneKind.values)
        if not isinstance(self.milestone_kinds, list) or any(k not in known for k in self.milestone_kinds):
            raise ValidationError(
                {"milestone_kinds": _("Choose milestones from: %(kinds)s.") % {"kinds": ", ".join(sorted(known))}}
            )


class StageCriterionTraining(models.Model):
    """A training a stage's criterion asks for. PROTECT: a training in use cannot silently vanish from a criterion."""

    criterion = models.ForeignKey(StageCriterion, on_delete=models.CASCADE, related_name="+")
    training = models.ForeignKey(Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("required training")
        verbose_name_plural = _("required trainings")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "training"], name="criterion_training_unique"),
        ]

    def __str__(self) -> str:
        return str(self.training_id)


class StageMove(models.Model):
    """One move on the ladder: who moved whom from where to where, when and why. Never edited."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="stage_moves")
    from_stage = models.ForeignKey(
        Stage, verbose_name=_("from"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moved by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        indexes = [models.Index(fields=["person", "-at"], name="stagemove_person_at_idx")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_stage_id} → {self.to_stage_id}"


class TrainingCompletion(TimeStampedModel):
    """A person completed a training, recorded by hand or from check-in at a training event."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="training_completions"
    )
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    from_attendance = models.BooleanField(_("from event attendance"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"], name="completion_once_per_training",
                violation_error_message=_("This person has already completed this training."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"


class Milestone(TimeStampedModel):
    """A step in a person's growth. Recorded by hand, or by the tracking task from what the app knows.

    A milestone found from a record (a lobby visit, a campaign action, an attendance) names it as its source,
    and the unique constraint makes finding it again a no-op.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=20, choices=MilestoneKind.choices)
    happened_on = models.DateField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "source_type", "source_id"], condition=Q(source_type__isnull=False),
                name="milestone_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"

    @property
    def automatic(self) -> bool:
        return self.source_type_id is not None


class Mentorship(TimeStampedModel):
    """A mentor walks with a mentee, checking in every `cadence_days`; check-ins are logged as interactions."""

    mentor = models.ForeignKey(Person, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="mentoring")
    mentee = models.ForeignKey(Person, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="mentored_by")
    cadence_days = models.PositiveSmallIntegerField(
        _("check in every (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set up by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # A reminder about a mentorship that no longer exists has nothing left to say (its text is composed at
    # sending, never stored), so its messages go with it. Mentorships end, they are not deleted, so the
    # history of reminders normally stays.
    outbox_messages = GenericRelation("messaging.Message", content_type_field="subject_type",
                                      object_id_field="subject_id", related_query_name="mentorship")

    # Set on the mentorships that leadership.selectors.mentorships_overdue_in returns: the last check-in's date (or
    # the start), when the next one is due, and whether that is past.
    last_on: date
    due_on: date
    overdue: bool
    # Set by leadership.selectors for whoever reads them: each side's name, or a stand-in outside the reader's reach.
    mentor_name: str
    mentee_name: str
    mentee_in_reach: bool

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentorship_not_self",
                violation_error_message=_("Nobody mentors themself: choose another mentor."),
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"], condition=Q(ended_on__isnull=True), name="mentorship_one_current_pair",
                violation_error_message=_("This mentor already mentors this person."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(mentor)s mentors %(mentee)s") % {"mentor": self.mentor, "mentee": self.mentee})

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A mentorship cannot end before it started.")})


class MentorshipCheckIn(models.Model):
    """Ties a logged interaction (kind check-in) to the mentorship it belongs to."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    interaction = models.OneToOneField(Interaction, on_delete=models.CASCADE, related_name="mentorship_check_in")

    class Meta:
        verbose_name = _("mentorship check-in")
        verbose_name_plural = _("mentorship check-ins")

    def __str__(self) -> str:
        return f"{self.mentorship_id} · {self.interaction_id}"


class AdvancementSuggestion(TimeStampedModel):
    """The tracking task thinks a person meets the next stage's criteria. A person accepts or dismisses it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="advancement_suggestions"
    )
    from_stage = models.ForeignKey(
        Stage, verbose_name=_("from"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("why"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("advancement suggestion")
        verbose_name_plural = _("advancement suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "to_stage"], condition=Q(status="pending"), name="suggestion_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.to_stage}"


class QuietFlag(models.Model):
    """A leader (Emerging leader and above) nobody has contacted in a while. Cleared when contact resumes."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="quiet_flags")
    raised_at = models.DateTimeField(_("flagged"), default=timezone.now)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        verbose_name = _("gone-quiet flag")
        verbose_name_plural = _("gone-quiet flags")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(cleared_at__isnull=True), name="quietflag_one_open"),
        ]

    def __str__(self) -> str:
        return str(self.person)

