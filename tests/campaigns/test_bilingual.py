"""A campaign's name and description in Spanish: saved from its form, shown on Spanish pages."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_campaign_form_saves_the_spanish_name_and_pages_show_it(staff, regions) -> None:
    client = _signed_in(staff)
    data = {"name": "Fully Free", "name_es": "Plenamente libres", "slug": "", "kind": "legislative",
            "status": "active", "starts_on": "", "ends_on": "", "description": "Economic barriers first.",
            "description_es": "Primero las barreras económicas.", "idempotency_key": str(uuid.uuid4())}
    response = client.post(reverse("coalition:campaigns:campaign_create"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.name_es, campaign.description_es) == ("Plenamente libres", "Primero las barreras económicas.")
    response = client.post(reverse("coalition:campaigns:campaign_update", args=[campaign.slug]),
                           {**data, "name_es": "Libres del todo", "description_es": ""})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name_es, campaign.description_es) == ("Libres del todo", "")
    staff.preferred_language = "es"
    staff.save()
    page = _signed_in(staff).get(reverse("coalition:campaigns:campaign_detail", args=[campaign.slug]))
    html = page.content.decode()
    assert "Libres del todo" in html and "Economic barriers first." in html
