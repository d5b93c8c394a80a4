"""One submission, one row: a double post of "add a story" records one story; changing a story takes no key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from members.models import StorySharing
from stories import services
from stories.models import Story
from tests.members.factories import PersonFactory


def _form_key(client: Client, url: str) -> str:
    """The key the page drew into its hidden field, as a browser would send it back."""
    return str(client.get(url).context["form"]["idempotency_key"].value())


@pytest.mark.django_db
def test_a_double_post_of_add_a_story_records_one_story(client: Client, organizer_chicago: Any) -> None:
    person = PersonFactory(story_sharing=StorySharing.PARTNERS)
    client.force_login(organizer_chicago)
    url = reverse("stories:story_create", args=[person.pk])
    data = {"title": "Home again", "text": "After ten years...", "themes": "housing", "consent_level": "partners",
            "media_readiness": "not_ready", "idempotency_key": _form_key(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    story = Story.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("stories:story_detail", args=[story.pk])
    # The same key for another person's story is a stale form, not a double post.
    other = PersonFactory(story_sharing=StorySharing.PARTNERS)
    response = client.post(reverse("stories:story_create", args=[other.pk]), data)
    assert response.status_code == 200 and "already used" in response.content.decode()
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_changing_a_story_does_not_take_a_key(client: Client, organizer_chicago: Any) -> None:
    person = PersonFactory(story_sharing=StorySharing.PARTNERS)
    story = services.story_create(actor=organizer_chicago, person=person, title="t", text="t",
                                  consent_level="internal", idempotency_key=uuid.uuid4())
    client.force_login(organizer_chicago)
    url = reverse("stories:story_update", args=[story.pk])
    assert "idempotency_key" not in client.get(url).context["form"].fields
    response = client.post(url, {"title": "New title", "text": "t", "consent_level": "internal",
                                 "media_readiness": "not_ready", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302
    key = story.idempotency_key
    story.refresh_from_db()
    assert story.title == "New title" and story.idempotency_key == key
