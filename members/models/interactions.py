"""Logged contacts and the follow-ups they leave."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import TimeStampedModel
from members.models.people import Person


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
        TEXT_REPLY = "text_reply", _("Texted us")
        CALL = "call", _("Call from a call list")

    class Direction(models.TextChoices):
        OUT = "out", _("We reached out")
        IN = "in", _("They reached us")

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
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.OUT)
    notes = models.TextField(_("notes"), blank=True)
    self_interest = models.TextField(_("self-interest"), blank=True, help_text=_("What moves them (1:1s)."))
    ask = models.TextField(_("the ask"), blank=True)
    answer = models.TextField(_("their answer"), blank=True)
    # A call list's survey, as asked and answered at the time: [{"question": ..., "answer": ...}, ...].
    survey = models.JSONField(_("survey answers"), default=list, blank=True)
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
