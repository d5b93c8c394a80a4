"""Where the people and leadership apps meet stories without importing them: the stories section of a person's
development page (a panel), a merge moving a person's stories, the demo seed. The ladder's media milestone (a
signal) is tested with the ladder, in tests/leadership/test_services.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members import services as people
from members.models import Person, StorySharing
from stories.models import Story
from tests.members.factories import PersonFactory
from tests.stories.factories import StoryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_development_page_shows_the_persons_live_stories_and_records_a_new_one(
    client: Any, organizer_chicago: Any, regions: Any
) -> None:
    person = PersonFactory(story_sharing=StorySharing.PUBLIC)
    told = StoryFactory(person=person, title="Where I sleep now", consent_level=StorySharing.PARTNERS)
    StoryFactory(person=person, title="Taken back", revoked_at=timezone.now())
    StoryFactory(title="Somebody else's")
    client.force_login(organizer_chicago)
    page = client.get(reverse("leadership:development_detail", args=[person.pk])).content.decode()
    assert "Where I sleep now" in page and reverse("stories:story_detail", args=[told.pk]) in page
    assert "Taken back" not in page and "Somebody else" not in page
    assert reverse("stories:story_create", args=[person.pk]) in page


def test_the_development_page_without_stories_says_so(client: Any, staff: Any, regions: Any) -> None:
    person = PersonFactory()
    client.force_login(staff)
    page = client.get(reverse("leadership:development_detail", args=[person.pk])).content.decode()
    assert "No stories recorded" in page and reverse("stories:story_create", args=[person.pk]) in page


def test_a_merge_moves_the_dropped_records_stories_with_their_themes(staff: Any, regions: Any) -> None:
    keep = PersonFactory(first_name="Marcus", last_name="Bell")
    drop = PersonFactory(first_name="Marc", last_name="Bell")
    kept_story = StoryFactory(person=keep, title="Mine")
    moved = StoryFactory(person=drop, title="Told under the other record")
    moved.themes.add(ThemeFactory(name="registry"))

    kept = people.person_merge(actor=staff, keep=keep, drop=drop)

    assert not Person.objects.filter(pk=drop.pk).exists()
    assert set(kept.stories.all()) == {kept_story, moved}
    assert list(Story.objects.get(pk=moved.pk).themes.values_list("name", flat=True)) == ["registry"]


def test_the_demo_seed_tells_its_stories_once() -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    stories = {story.title: story for story in Story.objects.select_related("person")}
    assert len(stories) == 5 and Story.objects.filter(revoked_at__isnull=False).count() == 1
    registry = stories["The registry follows you"]
    assert (registry.person.display_name, registry.consent_level, registry.person.story_sharing) == (
        "Marcus Bell", StorySharing.MEDIA_ANONYMOUS, StorySharing.MEDIA_ANONYMOUS)
    assert set(stories["Twenty years after"].themes.values_list("name", flat=True)) == {"work", "record clearing"}
