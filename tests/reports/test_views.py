"""The county map page and its CSV: constant queries, the policy's cut, bad and huge ids."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import User
from tests.events.factories import RSVPFactory
from tests.reports.factories import partner_campaign_event, people_spread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 20])
def test_the_map_page_takes_the_same_queries_however_many_people(client: Any, staff: User, rows: int,
                                                                 django_assert_num_queries: Any) -> None:
    made = people_spread({"17031": rows, "17167": rows})
    for person in made:
        RSVPFactory(person=person, checked_in_at=timezone.now())
    client.force_login(staff)
    client.get(reverse("reports:county_map"))  # warm the session
    with django_assert_num_queries(8):
        page = client.get(reverse("reports:county_map"), {"measure": "checkins"})
    assert page.status_code == 200


def test_the_map_page_draws_every_county_with_a_title_and_a_link(client: Any, staff: User) -> None:
    people_spread()
    client.force_login(staff)
    html = client.get(reverse("reports:county_map")).content.decode()
    assert html.count('class="county-map__county"') == 102
    assert "<title>Cook County: 9</title>" in html
    assert 'href="/people/?county=' in html
    assert "The same numbers as a table" in html


def test_the_partner_csv_hides_small_counts_and_names_nobody(client: Any, partner_rep: User) -> None:
    made = people_spread()
    partner_campaign_event(partner_rep.organization, made)
    client.force_login(partner_rep)
    response = client.get(reverse("reports:county_map_export"), {"measure": "checkins"})
    text = b"".join(response.streaming_content).decode()
    assert '"Alexander County","17003","fewer than 5"' in text
    assert '"Cook County","17031","9"' in text
    assert all(f"{person.first_name} {person.last_name}" not in text for person in made)
    html = client.get(reverse("reports:county_map"), {"measure": "people"}).content.decode()
    assert "/people/?county=" not in html  # the partner has no people list to link to


@pytest.mark.parametrize("query", [{"event": str(2**64)}, {"campaign": "-1"}, {"stage": "x"}, {"measure": "nope"},
                                   {"sort": "drop table"}])
def test_bad_or_huge_choices_are_ignored_not_errors(client: Any, organizer_chicago: User,
                                                    query: dict[str, str]) -> None:
    client.force_login(organizer_chicago)
    assert client.get(reverse("reports:county_map"), query).status_code == 200
    assert client.get(reverse("reports:county_map_export"), query).status_code == 200
