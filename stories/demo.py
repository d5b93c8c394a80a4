"""Demo stories (invented), told by the demo people the members seeder made. Idempotent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from coalition.models import User
from members.models import Person
from stories.models import Story, Theme

# (person, title, their story-sharing level, the story's consent level, media readiness, themes, revoked)
STORIES = [
    ("Andre Whitfield", "Twenty years after", "public", "public", "ready", ["work", "record clearing"], False),
    ("Dolores Reyes", "Where I am allowed to sleep", "partners", "partners", "with_support", ["housing"], False),
    ("Marcus Bell", "The registry follows you", "media_anonymous", "media_anonymous", "ready", ["registry"], False),
    ("Gloria Nwosu", "Organizing my block", "internal", "internal", "not_ready", ["organizing"], False),
    ("Yesenia Castillo", "My son's record", "media_named", "media_named", "ready", ["family"], True),
]


def seed_stories(people: dict[str, Person], organizer: User | None) -> None:
    """The demo stories, one revoked; a story already there is left alone, and so is its teller's level."""
    now = timezone.now()
    for name, title, sharing, level, readiness, themes, revoked in STORIES:
        person = people[name]
        if Story.objects.filter(person=person, title=title).exists():
            continue  # and the person's story-sharing level is theirs now: a second run leaves it alone
        Person.objects.filter(pk=person.pk).update(story_sharing=sharing)
        story = Story.objects.create(
            person=person, title=title, text="An invented story for the demo.", consent_level=level,
            media_readiness=readiness, consent_obtained_by=organizer, consent_obtained_at=now,
            revoked_at=now if revoked else None)
        story.themes.set([Theme.objects.get_or_create(name=t)[0] for t in themes])


def seed(people: dict[str, Person] | None = None, **_: Any) -> dict[str, Any]:
    """The stories on top of the people seeder's people (members.demo runs first)."""
    organizer = User.objects.filter(email="chicago.organizer@demo.coalition.test").first()
    seed_stories(people or {}, organizer)
    return {}
