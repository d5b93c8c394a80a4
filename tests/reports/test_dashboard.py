"""The dashboard: its numbers over the viewer's reach, a region for staff, constant queries, and the CSV."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Goal, Participation
from coalition.models import Region, User
from leadership.models import Stage, StageMove
from leadership.reference import load_default_stages
from members.models import Interaction
from reports import selectors
from tests.campaigns.factories import CampaignFactory
from tests.reports.factories import people_spread

pytestmark = pytest.mark.django_db


def _world(rows: int, logged_by: User) -> list[Any]:
    load_default_stages()
    made = people_spread({"17031": rows, "17167": 2})
    leader, active = Stage.objects.get(order=5), Stage.objects.get(order=3)
    now = timezone.now()
    for person in made:
        Interaction.objects.create(person=person, happened_at=now, channel="phone", kind="one_on_one",
                                   logged_by=logged_by, idempotency_key=uuid.uuid4())
        StageMove.objects.create(person=person, from_stage=active, to_stage=leader, at=now)
    StageMove.objects.create(person=made[0], from_stage=leader, to_stage=active, at=now)
    return made


def _section(sections: list[selectors.Section], key: str) -> selectors.Section:
    return next(s for s in sections if s.key == key)


def test_the_dashboard_counts_the_viewers_reach(staff: User, organizer_chicago: User) -> None:
    made = _world(3, organizer_chicago)
    mine = selectors.dashboard(actor=organizer_chicago)
    state = selectors.dashboard(actor=staff)
    assert _section(mine, "growth").rows[-1][1] == 3
    assert _section(state, "growth").rows[-1][1] == len(made)
    assert _section(state, "contacts").rows[-1][1] == len(made)
    assert _section(mine, "organizers").rows == [(organizer_chicago.get_full_name(), 3)]
    assert _section(state, "leaders").rows[-1][1] == len(made)
    assert dict(_section(state, "flow").rows)["Moved up the ladder"] == len(made)
    assert dict(_section(state, "flow").rows)["Moved down the ladder"] == 1
    central = Region.objects.get(slug="central")
    assert _section(selectors.dashboard(actor=staff, region=central), "growth").rows[-1][1] == 2


@pytest.mark.parametrize("rows", [1, 20])
def test_the_dashboard_takes_the_same_queries_however_much_happened(staff: User, rows: int,
                                                                    django_assert_num_queries: Any) -> None:
    _world(rows, staff)
    for n in range(rows):
        Goal.objects.create(campaign=CampaignFactory(name=f"Campaign {n}"), description="Riders",
                            metric="participants", target=10)
    with django_assert_num_queries(8):
        selectors.dashboard(actor=staff)


def test_the_open_campaigns_goals_are_counted_as_on_the_campaign_page(staff: User, organizer_chicago: User) -> None:
    from campaigns import selectors as campaign_selectors

    made = _world(2, organizer_chicago)
    campaign = CampaignFactory(name="Clean Slate")
    Goal.objects.create(campaign=campaign, description="People taking part", metric="participants", target=50)
    Goal.objects.create(campaign=CampaignFactory(name="Done", status=Campaign.Status.CLOSED), description="Old",
                        metric="participants", target=5)
    Participation.objects.create(campaign=campaign, person=made[0], joined_on=timezone.localdate())
    expected = campaign_selectors.goals_with_counts(actor=staff, campaign=campaign)[0].current
    assert expected == 1
    rows = _section(selectors.dashboard(actor=staff), "goals").rows
    assert rows == [("Clean Slate: People taking part (target 50)", 1)]


def test_the_page_and_its_csv(client: Any, organizer_chicago: User) -> None:
    _world(2, organizer_chicago)
    client.force_login(organizer_chicago)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200 and "New people per month" in page.content.decode()
    assert 'name="region"' not in page.content.decode()  # an organizer's dashboard is their reach
    text = b"".join(client.get(reverse("reports:dashboard_export")).streaming_content).decode()
    month = timezone.localdate().strftime("%b %Y")
    assert f'"New people per month","{month}","2"' in text
