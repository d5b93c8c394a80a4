"""factory-boy factories for stories, their themes and their media appearances."""

from __future__ import annotations

import datetime

import factory

from members.models import StorySharing
from stories.models import MediaAppearance, Story, Theme
from tests.members.factories import PersonFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"theme {n}")


class StoryFactory(factory.django.DjangoModelFactory):
    """A story told at the level its teller agreed to (internal unless said otherwise)."""

    class Meta:
        model = Story

    person = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "t"
    consent_level = StorySharing.INTERNAL


class MediaAppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaAppearance

    story = factory.SubFactory(StoryFactory)
    outlet = "WBEZ"
    appeared_on = datetime.date(2026, 1, 1)
