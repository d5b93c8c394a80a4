"""The voting bloc: what a person says about their voter registration and their plan to vote, with its history.

Only what the person says, in their own words or as they told an organizer. Nothing here is worked out from a
record: having a record does not take away the vote in Illinois (only serving a sentence in prison does; people
held in jail before trial may vote), so the app never guesses who may vote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VoterRegistration(models.TextChoices):
    NOT_SAID = "", _("Not said")
    REGISTERED = "registered", _("Registered")
    REGISTERED_INSIDE = "registered_inside", _("Registered while inside (jail)")
    NOT_REGISTERED = "not_registered", _("Not registered")
    NOT_SURE = "not_sure", _("Not sure")


# The answers that count as "registered" for goals.
REGISTERED_ANSWERS = (VoterRegistration.REGISTERED, VoterRegistration.REGISTERED_INSIDE)


class VotingPlan(models.TextChoices):
    NOT_SAID = "", _("Not said")
    EARLY = "early", _("Vote early")
    MAIL = "mail", _("Vote by mail")
    ELECTION_DAY = "election_day", _("Vote on election day")
    NOT_PLANNING = "not_planning", _("Not planning to vote")


# The answers that count as "has a voting plan" for goals.
PLANNED_ANSWERS = (VotingPlan.EARLY, VotingPlan.MAIL, VotingPlan.ELECTION_DAY)


class VotingAnswer(models.Model):
    """One answer a person gave about voting, with how, when and who wrote it down. The history behind the
    person's current answers (the fast read on Person); rows are never edited."""

    class Question(models.TextChoices):
        REGISTRATION = "registration", _("Voter registration")
        PLAN = "plan", _("Voting plan")
        JAIL_NOTE = "jail_note", _("Voting from jail")

    class Method(models.TextChoices):
        OWN_PAGE = "own_page", _("Their own page in the app")
        ORGANIZER = "organizer", _("Told an organizer")

    person = models.ForeignKey("members.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="voting_answers")
    question = models.CharField(_("question"), max_length=20, choices=Question.choices)
    answer = models.CharField(_("answer"), max_length=300, blank=True)
    method = models.CharField(_("how it came"), max_length=20, choices=Method.choices)
    how = models.CharField(_("how they said it"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("voting answer")
        verbose_name_plural = _("voting answers")
        indexes = [models.Index(fields=["person", "question", "at"], name="voting_answer_person_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(question__in=["registration", "plan", "jail_note"]),
                                   name="voting_answer_question"),
            # What an organizer writes down says how the person told them.
            models.CheckConstraint(condition=~Q(method="organizer") | ~Q(how=""), name="voting_answer_organizer_how"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.question}: {self.answer}"

    @property
    def answer_display(self) -> str:
        """The answer as the page shows it: the choice's label, or the note as written."""
        choices = {self.Question.REGISTRATION: VoterRegistration, self.Question.PLAN: VotingPlan}.get(
            self.question)  # type: ignore[call-overload]
        if choices is None:
            return self.answer
        return str(dict(choices.choices).get(self.answer, self.answer))
