"""Call lists: phone banking from an audience, with a script, survey questions and one row per person to call.

A call list is made from an audience ("list:12"), always cut by its owner's reach. Opening it turns the audience
into CallTarget rows in one statement; the people without phone consent or without a working number are left out
and only counted. "Next person" hands one target at a time to one caller, locked in the database for a few
minutes (`calls.services.call_next`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.models import Region
from events.models import Event
from members.models import Interaction, Person, PersonPhone


class CallList(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.PROTECT,
                              related_name="call_lists")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="call_lists")
    name = models.CharField(_("name"), max_length=200, help_text=_("For you and your callers; people never see it."))
    audience = models.CharField(_("who to call"), max_length=100)
    audience_label = models.CharField(_("who to call"), max_length=300, blank=True)
    script_en = models.TextField(_("script in English"), help_text=_(
        "What the caller says. {preferred_name} and {caller_name} are filled in for each call."))
    script_es = models.TextField(_("script in Spanish"), blank=True, help_text=_(
        "For people who prefer Spanish; without it they get the English script."))
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", help_text=_("Optional: a “yes” can record the RSVP to it."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # How many people of the audience were not made targets, by reason (no_consent, do_not_call, no_phone).
    left_out = models.JSONField(_("left out"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)
    # Not a column: whose reach this instance was read with in this request (selectors.call_list_for_caller).
    read_for: int | None = None

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("call list")
        verbose_name_plural = _("call lists")

    def __str__(self) -> str:
        return self.name

    def script_for(self, language: str) -> str:
        return self.script_es if language == "es" and self.script_es.strip() else self.script_en


class Question(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One of several")
        NUMBER = "number", _("A number")
        TEXT = "text", _("Free text")

    call_list = models.ForeignKey(CallList, verbose_name=_("call list"), on_delete=models.CASCADE,
                                  related_name="questions")
    position = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    prompt = models.CharField(_("question"), max_length=300)
    prompt_es = models.CharField(_("question in Spanish"), max_length=300, blank=True)
    class Action(models.TextChoices):
        NONE = "", _("Nothing else")
        RSVP = "rsvp", _("A “yes” records the RSVP to the list's event")
        BUS = "bus", _("The choices are the event's buses: the answer is the bus seat")
        TRAVEL = "travel", _("A “yes” marks the RSVP as needing travel permission")

    options = models.JSONField(_("choices"), default=list, blank=True)
    action = models.CharField(_("what the answer does"), max_length=8, choices=Action.choices, blank=True)
    # For a bus question: the bus of each choice, in the order of `options`.
    bus_ids = models.JSONField(_("buses"), default=list, blank=True)
    # A removed question is no longer asked; the answers it got stay counted and exported under its wording.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.prompt


class CallTarget(models.Model):
    """One person to call on one list, with the number to dial, who holds them now and what came of the call."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached")
        LEFT_MESSAGE = "left_message", _("Left a message")
        NO_ANSWER = "no_answer", _("No answer")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        REFUSED = "refused", _("Refused")
        CALL_BACK = "call_back", _("Call back later")

    call_list = models.ForeignKey(CallList, verbose_name=_("call list"), on_delete=models.CASCADE,
                                  related_name="targets")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    phone = models.ForeignKey(PersonPhone, verbose_name=_("phone"), on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("being called by"),
                                  on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    locked_until = models.DateTimeField(_("held until"), null=True, blank=True)
    # By question id: {"12": {"question": "Coming?", "value": "yes", "answer": "Yes"}} (the wording as asked).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("called by"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    call_back_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    interaction = models.ForeignKey(Interaction, verbose_name=_("logged contact"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    attempts = models.PositiveIntegerField(_("calls"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("person to call")
        verbose_name_plural = _("people to call")
        constraints = [models.UniqueConstraint(fields=["call_list", "person"], name="call_target_once_per_list")]
        # "Next person" walks the list's uncalled people in order and takes the first free one: this index holds
        # only the uncalled, in that order, so the people already called are never read again. Who a caller holds
        # now is looked up on every tap: the second index holds only the uncalled people someone holds (a few
        # per caller), so that look-up never walks the list.
        indexes = [models.Index(fields=["call_list", "id"], name="call_target_next_idx", condition=Q(outcome="")),
                   models.Index(fields=["locked_by", "call_list"], name="call_target_held_idx",
                                condition=Q(outcome="") & Q(locked_by__isnull=False))]

    def __str__(self) -> str:
        return f"{self.call_list} · {self.person}"


class CallListCaller(models.Model):
    """Someone given the caller role for one list only (a member who volunteers): they see the calling page of
    that list while it is open, and nothing else of it."""

    call_list = models.ForeignKey(CallList, verbose_name=_("call list"), on_delete=models.CASCADE,
                                  related_name="callers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("caller"), on_delete=models.CASCADE,
                             related_name="call_list_roles")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # Kept when the role is taken back, so that their next tap can say so in plain words instead of "not found".
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("caller")
        verbose_name_plural = _("callers")
        constraints = [models.UniqueConstraint(fields=["call_list", "user"], name="call_list_caller_once")]

    def __str__(self) -> str:
        return f"{self.call_list} · {self.user}"
