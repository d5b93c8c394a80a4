"""The story bank: one consent rule (access.story_scope) for every audience, list and export."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition import access
from members import services
from members.models import Story, StorySharing
from tests.exports import csv_dicts
from tests.members.factories import PersonFactory

LEVELS = [StorySharing.INTERNAL, StorySharing.PARTNERS, StorySharing.MEDIA_ANONYMOUS, StorySharing.MEDIA_NAMED,
          StorySharing.PUBLIC]


@pytest.fixture
def stories(regions: Any) -> dict[str, Story]:
    person = PersonFactory(first_name="Nia", story_sharing=StorySharing.PUBLIC)
    found = {level.value: Story.objects.create(person=person, title=level.value, text="t", consent_level=level)
             for level in LEVELS}
    found["revoked"] = Story.objects.create(person=person, title="revoked", text="t",
                                            consent_level=StorySharing.PUBLIC, revoked_at=timezone.now())
    found["expired"] = Story.objects.create(person=person, title="expired", text="t",
                                            consent_level=StorySharing.PUBLIC,
                                            expires_on=timezone.localdate() - datetime.timedelta(days=1))
    return found


def _titles(actor: Any, audience: str) -> set[str]:
    return set(access.story_scope(actor, audience).values_list("title", flat=True))


def test_each_audience_sees_only_what_consent_covers(stories: Any, staff: Any, partner_rep: Any) -> None:
    assert _titles(staff, "internal") == {"internal", "partners", "media_anonymous", "media_named", "public"}
    assert _titles(staff, "partners") == {"partners", "media_anonymous", "media_named", "public"}
    assert _titles(staff, "media") == {"media_anonymous", "media_named", "public"}
    assert _titles(staff, "public") == {"public"}
    assert _titles(partner_rep, "partners") == {"partners", "media_anonymous", "media_named", "public"}
    assert _titles(partner_rep, "internal") == set()


def test_media_anonymous_never_shows_the_name(stories: Any, staff: Any) -> None:
    names = dict(access.story_scope(staff, "media").values_list("title", "show_name"))
    assert names == {"media_anonymous": False, "media_named": True, "public": True}


def test_members_and_nobody_see_no_stories(stories: Any, member: Any) -> None:
    for audience in access.STORY_AUDIENCES:
        assert _titles(member, audience) == set()
        assert _titles(None, audience) == set()


def test_organizers_see_other_regions_internal_stories_only_when_shared(regions: Any, organizer_central: Any) -> None:
    chicago = PersonFactory(story_sharing=StorySharing.PUBLIC)
    Story.objects.create(person=chicago, title="inside", text="t", consent_level=StorySharing.INTERNAL)
    Story.objects.create(person=chicago, title="shared", text="t", consent_level=StorySharing.PARTNERS)
    assert _titles(organizer_central, "internal") == {"shared"}


def test_narrowing_the_persons_consent_hides_wider_stories_at_once(stories: Any, partner_rep: Any) -> None:
    person = stories["public"].person
    person.story_sharing = StorySharing.INTERNAL
    person.save(update_fields=["story_sharing"])
    assert _titles(partner_rep, "partners") == set()


def test_consent_wider_than_the_person_agreed_is_refused(organizer_chicago: Any, regions: Any) -> None:
    person = PersonFactory(story_sharing=StorySharing.PARTNERS)
    with pytest.raises(ValidationError, match="at most"):
        services.story_create(actor=organizer_chicago, person=person, title="t", text="t",
                              consent_level=StorySharing.PUBLIC)
    assert not Story.objects.exists()


def test_revoking_hides_the_story_everywhere(organizer_chicago: Any, partner_rep: Any, regions: Any) -> None:
    person = PersonFactory(story_sharing=StorySharing.PUBLIC)
    story = services.story_create(actor=organizer_chicago, person=person, title="Out", text="t",
                                  consent_level=StorySharing.PUBLIC)
    services.story_revoke(actor=organizer_chicago, story=story)
    for audience in access.STORY_AUDIENCES:
        assert _titles(organizer_chicago, audience) == set()
    assert _titles(partner_rep, "partners") == set()


def test_export_applies_the_same_rule(client: Any, stories: Any, partner_rep: Any) -> None:
    client.force_login(partner_rep)
    rows = csv_dicts(client.get(reverse("members:story_export") + "?audience=media"))
    assert {r["title"] for r in rows} == {"media_anonymous", "media_named", "public"}
    anonymous = next(r for r in rows if r["title"] == "media_anonymous")
    assert anonymous["told_by"] == "Anonymous" and "Nia" not in anonymous.values()


def test_story_list_queries_do_not_grow(client: Any, staff: Any, regions: Any, django_assert_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import MediaAppearance, Theme

    def make(n: int) -> None:
        theme, _created = Theme.objects.get_or_create(name="housing")
        for _ in range(n):
            story = Story.objects.create(person=PersonFactory(story_sharing=StorySharing.PUBLIC), title="s",
                                         text="t", consent_level=StorySharing.PARTNERS)
            story.themes.add(theme)
            MediaAppearance.objects.create(story=story, outlet="WBEZ", appeared_on=datetime.date(2026, 1, 1))

    client.force_login(staff)
    url = reverse("members:story_list")
    make(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(19)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count("WBEZ") == 0 and "20 stories" in response.content.decode()


def test_partner_story_page_hides_other_levels(client: Any, stories: Any, partner_rep: Any) -> None:
    client.force_login(partner_rep)
    assert client.get(reverse("members:story_detail", args=[stories["partners"].pk])).status_code == 200
    assert client.get(reverse("members:story_detail", args=[stories["internal"].pk])).status_code == 404
    assert client.get(reverse("members:story_detail", args=[stories["revoked"].pk])).status_code == 404
