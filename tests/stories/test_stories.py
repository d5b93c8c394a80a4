"""The story bank: one consent rule (access.story_scope) for every audience, list and export."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coalition import access
from members.models import StorySharing
from stories import services
from stories.models import Story
from tests.exports import csv_dicts
from tests.members.factories import PersonFactory
from tests.stories.factories import MediaAppearanceFactory, StoryFactory, ThemeFactory

LEVELS = [StorySharing.INTERNAL, StorySharing.PARTNERS, StorySharing.MEDIA_ANONYMOUS, StorySharing.MEDIA_NAMED,
          StorySharing.PUBLIC]


@pytest.fixture
def stories(regions: Any) -> dict[str, Story]:
    person = PersonFactory(first_name="Nia", story_sharing=StorySharing.PUBLIC)
    found = {level.value: StoryFactory(person=person, title=level.value, text="t", consent_level=level)
             for level in LEVELS}
    found["revoked"] = StoryFactory(person=person, title="revoked", text="t",
                                    consent_level=StorySharing.PUBLIC, revoked_at=timezone.now())
    found["expired"] = StoryFactory(person=person, title="expired", text="t",
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
    StoryFactory(person=chicago, title="inside", text="t", consent_level=StorySharing.INTERNAL)
    StoryFactory(person=chicago, title="shared", text="t", consent_level=StorySharing.PARTNERS)
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
    rows = csv_dicts(client.get(reverse("stories:story_export") + "?audience=media"))
    assert {r["title"] for r in rows} == {"media_anonymous", "media_named", "public"}
    anonymous = next(r for r in rows if r["title"] == "media_anonymous")
    assert anonymous["told_by"] == "Anonymous" and "Nia" not in anonymous.values()


def test_story_list_queries_do_not_grow(client: Any, staff: Any, regions: Any, django_assert_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n: int) -> None:
        theme = ThemeFactory(name="housing")
        for _ in range(n):
            story = StoryFactory(person=PersonFactory(story_sharing=StorySharing.PUBLIC), title="s",
                                 text="t", consent_level=StorySharing.PARTNERS)
            story.themes.add(theme)
            MediaAppearanceFactory(story=story, outlet="WBEZ", appeared_on=datetime.date(2026, 1, 1))

    client.force_login(staff)
    url = reverse("stories:story_list")
    make(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(19)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.content.decode().count("WBEZ") == 0 and "20 stories" in response.content.decode()


def test_partner_story_page_hides_other_levels(client: Any, stories: Any, partner_rep: Any) -> None:
    client.force_login(partner_rep)
    assert client.get(reverse("stories:story_detail", args=[stories["partners"].pk])).status_code == 200
    assert client.get(reverse("stories:story_detail", args=[stories["internal"].pk])).status_code == 404
    assert client.get(reverse("stories:story_detail", args=[stories["revoked"].pk])).status_code == 404


# Anonymous means anonymous: one rule (access.story_names_teller) for the list, the detail and the export.

def _anonymous_story(region: Any, *, by_story: bool = True) -> Story:
    """A Chicago story told anonymously: by the story's own consent, or by the teller's story-sharing level."""
    person = PersonFactory(first_name="Philippa", last_name="Wrenhaven", preferred_name="Pippa",
                           email="pippa.wrenhaven@example.org", region=region,
                           story_sharing=StorySharing.PUBLIC if by_story else StorySharing.MEDIA_ANONYMOUS)
    from tests.members.factories import add_phone

    add_phone(person, "+13125550166")
    return StoryFactory(person=person, title="A door that opened", text="It took eleven years.",
                        consent_level=StorySharing.MEDIA_ANONYMOUS if by_story else StorySharing.PARTNERS)


IDENTIFYING = ("Philippa", "Wrenhaven", "Pippa", "pippa.wrenhaven", "555-0166", "5550166", "Cook")


def _pages(client: Any, story: Story, audience: str) -> dict[str, str]:
    query = f"?audience={audience}"
    export = client.get(reverse("stories:story_export") + query)
    return {
        "list": client.get(reverse("stories:story_list") + query).content.decode(),
        "detail": client.get(reverse("stories:story_detail", args=[story.pk]) + query).content.decode(),
        "export": b"".join(export.streaming_content).decode(),
    }


@pytest.mark.parametrize("by_story", [True, False], ids=["story-consent", "persons-consent"])
def test_partner_sees_no_name_of_an_anonymous_story_on_its_page_list_or_export(
    client: Any, region_chicago: Any, partner_rep: Any, by_story: bool
) -> None:
    story = _anonymous_story(region_chicago, by_story=by_story)
    client.force_login(partner_rep)
    for audience in access.story_audiences(partner_rep):
        if not access.story_scope(partner_rep, audience).filter(pk=story.pk).exists():
            continue
        for page, text in _pages(client, story, audience).items():
            assert "A door that opened" in text, (audience, page)
            assert "Anonymous" in text, (audience, page)
            found = [word for word in IDENTIFYING if word in text]
            assert not found, f"{audience} {page} shows {found}"
            assert reverse("members:person_detail", args=[story.person_id]) not in text


def test_an_organizer_of_another_region_sees_no_name_of_an_anonymous_story(
    client: Any, region_chicago: Any, organizer_central: Any
) -> None:
    story = _anonymous_story(region_chicago)
    client.force_login(organizer_central)
    for page, text in _pages(client, story, "internal").items():
        assert "A door that opened" in text and "Anonymous" in text, page
        assert not [word for word in IDENTIFYING if word in text], page


def test_staff_and_the_tellers_organizer_see_the_name_inside_the_coalition_only(
    client: Any, region_chicago: Any, staff: Any, organizer_chicago: Any
) -> None:
    story = _anonymous_story(region_chicago)
    for actor in (staff, organizer_chicago):
        client.force_login(actor)
        assert all("Pippa Wrenhaven" in text for text in _pages(client, story, "internal").values())
        # What they would hand to partners or the media is anonymous, as the partners' and media's own copies.
        for audience in ("partners", "media"):
            for page, text in _pages(client, story, audience).items():
                assert "Wrenhaven" not in text and "Anonymous" in text, (actor.role, audience, page)


def test_the_anonymity_rule_by_role_and_audience(
    region_chicago: Any, accounts: dict[str, Any]
) -> None:
    story = _anonymous_story(region_chicago)
    named = {(role, audience): bool(access.story_scope(actor, audience).get(pk=story.pk).show_name)
             for role, actor in accounts.items() for audience in access.story_audiences(actor)
             if access.story_scope(actor, audience).filter(pk=story.pk).exists()}
    assert {key for key, shown in named.items() if shown} == {
        ("admin", "internal"), ("staff", "internal"), ("organizer_chicago", "internal")}
    assert ("organizer_central", "internal") in named and ("partner", "partners") in named


def test_a_story_loaded_without_the_policy_names_nobody(region_chicago: Any) -> None:
    story = Story.objects.get(pk=_anonymous_story(region_chicago).pk)
    assert story.teller_name == "Anonymous"
