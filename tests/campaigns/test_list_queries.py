"""Campaign, bill and legislator lists make the same number of queries for 1 row and for 20."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.campaigns.factories import BillFactory, CampaignFactory, LegislatorFactory, PositionFactory

pytestmark = pytest.mark.django_db


def make_campaigns(n: int) -> None:
    for _ in range(n):
        CampaignFactory()


def make_bills(n: int) -> None:
    for _ in range(n):
        PositionFactory(bill=BillFactory(campaign=CampaignFactory()))


def make_legislators(n: int) -> None:
    for _ in range(n):
        LegislatorFactory()


LISTS = {
    "coalition:campaigns:campaign_list": make_campaigns,
    "coalition:campaigns:bill_list": make_bills,
    "coalition:campaigns:legislator_list": make_legislators,
}


@pytest.mark.parametrize("url_name", sorted(LISTS))
def test_list_query_count_does_not_grow_with_rows(
    url_name: str, staff: Any, regions: Any, django_assert_num_queries: Any
) -> None:
    url = reverse(url_name)
    client = Client()
    client.force_login(staff)
    LISTS[url_name](1)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    one_row = len(captured)  # now: the next request clears the connection's query log
    LISTS[url_name](19)
    client.get(url)
    with django_assert_num_queries(one_row):
        assert client.get(url).status_code == 200
