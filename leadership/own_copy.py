"""What leadership keeps about a person, for their own copy (coalition/own_copy.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.own_copy import Field, Section, record
from leadership.models import Mentorship, Milestone, StageMove, TrainingCompletion


def _tagged(what: Any, fields: list[Field]) -> list[Field]:
    return [Field("record", str(_("Record")), str(what)), *fields]


def development_section(person: Any) -> Section:
    moves = StageMove.objects.filter(person=person).select_related("from_stage", "to_stage").order_by("at")
    trainings = TrainingCompletion.objects.filter(person=person).select_related("training").order_by("completed_on")
    mentorships = Mentorship.objects.filter(Q(mentor=person) | Q(mentee=person)).select_related("mentor", "mentee")
    rows = [_tagged(_("Step on the ladder"), record(m, ["from_stage", "to_stage", "at"])) for m in moves]
    rows += [_tagged(_("Training"), record(t, ["training", "completed_on", "note"])) for t in trainings]
    rows += [_tagged(_("Milestone"), record(m, ["kind", "happened_on", "note"]))
             for m in Milestone.objects.filter(person=person).order_by("happened_on")]
    rows += [_tagged(_("Mentorship"), record(m, ["mentor", "mentee", "started_on", "ended_on"])) for m in mentorships]
    return Section("development", _("Your leadership development"), rows)
