"""Campaign, session, bill and legislator lists and the public toolkit make the same number of queries for 1 row
and for 20."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign, LegislativeSession, Resource
from members.models import StorySharing
from tests.campaigns.factories import BillFactory, CampaignFactory, LegislatorFactory, PositionFactory
from tests.members.factories import PersonFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def make_campaigns(n: int) -> None:
    for _ in range(n):
        CampaignFactory()


def make_closed_campaigns(n: int) -> None:
    for _ in range(n):
        CampaignFactory(status=Campaign.Status.CLOSED, starts_on=datetime.date(2025, 1, 1))


def _session() -> LegislativeSession:
    return LegislativeSession.objects.get_or_create(name="104th General Assembly", defaults={
        "starts_on": datetime.date(2025, 1, 8), "ends_on": datetime.date(2027, 1, 12)})[0]


def make_bills(n: int) -> None:
    for _ in range(n):
        sponsor = LegislatorFactory(chamber="house")
        PositionFactory(bill=BillFactory(campaign=CampaignFactory(), session=_session(), sponsor=sponsor))


def make_sessions(n: int) -> None:
    for _ in range(n):
        session = LegislativeSession.objects.create(name=f"Session {LegislativeSession.objects.count()}",
                                                    starts_on=datetime.date(2025, 1, 8),
                                                    ends_on=datetime.date(2027, 1, 12))
        BillFactory(session=session)


def make_legislators(n: int) -> None:
    for _ in range(n):
        LegislatorFactory()


def make_former_legislators(n: int) -> None:
    for _ in range(n):
        LegislatorFactory(left_office_on=datetime.date(2026, 1, 1))


def make_toolkit(n: int) -> None:
    campaign = CampaignFactory(slug="fully-free")
    for _ in range(n):
        resource = Resource(title="Points", title_es="Puntos", kind=Resource.Kind.TALKING_POINTS, campaign=campaign,
                            audience=Resource.Audience.PUBLIC, file_name="points.pdf",
                            content_type="application/pdf", size=9)
        resource.file.save("points.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        resource.save()
        story = StoryFactory(person=PersonFactory(story_sharing=StorySharing.PUBLIC),
                             consent_level=StorySharing.PUBLIC)
        story.campaigns.add(campaign)


LISTS: dict[str, tuple[str, Callable[[int], None]]] = {
    "coalition:campaigns:campaign_list": ("", make_campaigns),
    "coalition:campaigns:campaign_list?closed": ("?closed=1", make_closed_campaigns),
    "coalition:campaigns:session_list": ("", make_sessions),
    "coalition:campaigns:bill_list": ("", make_bills),
    "coalition:campaigns:legislator_list": ("", make_legislators),
    "coalition:campaigns:legislator_list?former": ("?former=1", make_former_legislators),
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """A visitor's `?lang=es` stays active in the test's thread after the request: the next test reads English."""
    yield
    translation.activate("en")


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_query_count_does_not_grow_with_rows(
    name: str, staff: Any, regions: Any, django_assert_num_queries: Any
) -> None:
    query, make = LISTS[name]
    url = reverse(name.split("?")[0]) + query
    client = Client()
    client.force_login(staff)
    make(1)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    one_row = len(captured)  # now: the next request clears the connection's query log
    make(19)
    client.get(url)
    with django_assert_num_queries(one_row):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_public_toolkit_query_count_does_not_grow_with_rows(
    language: str, regions: Any, django_assert_num_queries: Any
) -> None:
    url = reverse("toolkit:toolkit", args=["fully-free"]) + f"?lang={language}"
    client = Client()
    make_toolkit(1)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 1
    one_row = len(captured)
    campaign = Campaign.objects.get(slug="fully-free")
    for _ in range(19):
        resource = Resource.objects.filter(campaign=campaign).first()
        assert resource is not None
        resource.pk = None
        resource._state.adding = True
        resource.save()
        story = StoryFactory(person=PersonFactory(story_sharing=StorySharing.PUBLIC),
                             consent_level=StorySharing.PUBLIC)
        story.campaigns.add(campaign)
    client.get(url)
    with django_assert_num_queries(one_row):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 20
    assert ("Puntos" in response.content.decode()) == (language == "es")
