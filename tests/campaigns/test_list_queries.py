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


def queries_for(url: str, user: Any) -> int:
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", sorted(LISTS))
def test_list_query_count_does_not_grow_with_rows(url_name: str, staff: Any, regions: Any) -> None:
    url = reverse(url_name)
    LISTS[url_name](1)
    one = queries_for(url, staff)
    LISTS[url_name](19)
    twenty = queries_for(url, staff)
    assert one == twenty, f"{url}: {one} queries with 1 row, {twenty} with 20"
