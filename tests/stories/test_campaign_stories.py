"""Stories tied to campaigns: the campaign's page shows them only to readers their consent allows (through
coalition.home.CAMPAIGN_PANELS, so campaigns never imports stories), and public ones reach the public toolkit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from members.models import StorySharing
from stories import services
from stories.models import Story
from tests.campaigns.factories import CampaignFactory
from tests.members.factories import PersonFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tied(campaign: Any, **fields: Any) -> Story:
    story = StoryFactory(**fields)
    story.campaigns.add(campaign)
    return story


def _titles(response: Any) -> set[str]:
    panel = next(p for p in response.context["panels"] if p.template.endswith("campaign_stories.html"))
    return {s.title for s in panel.context["stories"]}


def test_a_campaign_page_shows_its_stories_as_far_as_their_consent_reaches(
    staff: Any, organizer_chicago: Any, organizer_central: Any, regions: Any,
) -> None:
    campaign = CampaignFactory(slug="chicago-400")
    chicago = PersonFactory(region=regions["chicago"], story_sharing=StorySharing.PUBLIC)
    _tied(campaign, person=chicago, title="Internal only", consent_level=StorySharing.INTERNAL)
    _tied(campaign, person=chicago, title="For partners", consent_level=StorySharing.PARTNERS)
    anonymous = PersonFactory(region=regions["chicago"], first_name="Hidden", last_name="Teller",
                              story_sharing=StorySharing.MEDIA_ANONYMOUS)
    _tied(campaign, person=anonymous, title="Anonymous", consent_level=StorySharing.MEDIA_ANONYMOUS)
    revoked = _tied(campaign, person=chicago, title="Revoked", consent_level=StorySharing.PUBLIC)
    services.story_revoke(actor=staff, story=revoked)
    StoryFactory(person=chicago, title="Not tied", consent_level=StorySharing.PUBLIC)
    url = reverse("coalition:campaigns:campaign_detail", args=["chicago-400"])

    assert _titles(client_for(staff).get(url)) == {"Internal only", "For partners", "Anonymous"}
    assert _titles(client_for(organizer_chicago).get(url)) == {"Internal only", "For partners", "Anonymous"}
    central = client_for(organizer_central).get(url)
    assert _titles(central) == {"For partners", "Anonymous"}
    html = central.content.decode()
    assert "Hidden Teller" not in html and "Anonymous" in html


def test_public_stories_reach_the_toolkit_naming_only_those_who_may_be_named(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(slug="fully-free", name="Fully Free")
    named = PersonFactory(first_name="Marisol", last_name="Ortega", story_sharing=StorySharing.PUBLIC)
    _tied(campaign, person=named, title="Public and named", consent_level=StorySharing.PUBLIC, text="My story.")
    unlisted = PersonFactory(first_name="Quiet", last_name="Registrant", story_sharing=StorySharing.PUBLIC,
                             no_online_identity=True)
    _tied(campaign, person=unlisted, title="Public, never listed by name", consent_level=StorySharing.PUBLIC)
    _tied(campaign, person=named, title="Media only", consent_level=StorySharing.MEDIA_NAMED)
    narrowed = PersonFactory(story_sharing=StorySharing.PARTNERS)
    _tied(campaign, person=narrowed, title="Person narrowed it", consent_level=StorySharing.PUBLIC)

    html = Client().get(reverse("toolkit:toolkit", args=["fully-free"])).content.decode()
    assert "Public and named" in html and "Told by Marisol Ortega" in html
    assert "Public, never listed by name" in html and "Registrant" not in html
    assert "Media only" not in html and "Person narrowed it" not in html


def test_the_story_form_ties_a_story_to_open_campaigns(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(slug="clean-slate")
    person = PersonFactory(story_sharing=StorySharing.PARTNERS)
    client = client_for(staff)
    url = reverse("stories:story_create", args=[person.pk])
    key = str(client.get(url).context["form"]["idempotency_key"].value())
    response = client.post(url, {"title": "Sealed at last", "text": "It took a year.", "consent_level": "partners",
                                 "media_readiness": "not_ready", "campaigns": [campaign.pk],
                                 "idempotency_key": key})
    assert response.status_code == 302
    story = Story.objects.get()
    assert list(story.campaigns.all()) == [campaign]
    edit = reverse("stories:story_update", args=[story.pk])
    assert client.post(edit, {"title": "Sealed at last", "text": "It took a year.", "consent_level": "partners",
                              "media_readiness": "not_ready"}).status_code == 302
    assert not story.campaigns.exists()


def test_changing_a_story_keeps_its_tie_to_a_closed_campaign(staff: Any, regions: Any) -> None:
    from campaigns.models import Campaign

    closed = CampaignFactory(slug="won-already", status=Campaign.Status.CLOSED)
    CampaignFactory(slug="still-open")
    person = PersonFactory(story_sharing=StorySharing.PARTNERS)
    story = _tied(closed, person=person, title="How we won", consent_level=StorySharing.PARTNERS)
    client = client_for(staff)
    edit = reverse("stories:story_update", args=[story.pk])
    offered = {c.slug for c in client.get(edit).context["form"].fields["campaigns"].queryset}
    assert offered == {"won-already", "still-open"}
    assert client.post(edit, {"title": "How we won it", "text": "t", "consent_level": "partners",
                              "media_readiness": "not_ready", "campaigns": [closed.pk]}).status_code == 302
    assert list(story.campaigns.all()) == [closed]
    new_form = client.get(reverse("stories:story_create", args=[person.pk])).context["form"]
    assert {c.slug for c in new_form.fields["campaigns"].queryset} == {"still-open"}
