"""Goal metrics for the voting-bloc drive, counted from what people say about voting (members.VotingAnswer's
current answers on Person): never from a record. The counts are coalition-wide: a voting-bloc goal is about
everyone the coalition knows, not only the people enrolled in the campaign."""

from __future__ import annotations

from django.db.models import Expression
from django.utils.translation import gettext_lazy as _

from campaigns.metrics import counted, register


def _people_registered() -> Expression:
    from members.models import REGISTERED_ANSWERS, Person

    return counted(Person.objects.filter(voter_registration__in=REGISTERED_ANSWERS))


def _people_with_plan() -> Expression:
    from members.models import PLANNED_ANSWERS, Person

    return counted(Person.objects.filter(voting_plan__in=PLANNED_ANSWERS))


register("voting_people_registered", _("People who say they are registered to vote"), _people_registered)
register("voting_people_with_plan", _("People with a plan to vote"), _people_with_plan)
