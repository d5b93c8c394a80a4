"""factory-boy factories for leadership development (the ladder's stages come from the reference data)."""

from __future__ import annotations

import datetime

import factory

from leadership.models import AdvancementSuggestion, Mentorship, Stage
from tests.members.factories import PersonFactory


def stage(order: int) -> Stage:
    """The default ladder's stage at this order (1 Contact ... 6 Organizer)."""
    return Stage.objects.get(order=order)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(PersonFactory)
    mentee = factory.SubFactory(PersonFactory)
    started_on = datetime.date(2026, 1, 1)


class AdvancementSuggestionFactory(factory.django.DjangoModelFactory):
    """A waiting suggestion to move a person one stage up from where they are."""

    class Meta:
        model = AdvancementSuggestion

    person = factory.SubFactory(PersonFactory, stage=factory.LazyFunction(lambda: stage(3)))
    from_stage = factory.LazyAttribute(lambda suggestion: suggestion.person.stage)
    to_stage = factory.LazyAttribute(lambda suggestion: stage(suggestion.person.stage.order + 1))
