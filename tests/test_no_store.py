"""No copy of what a signed-in user saw stays in a browser's cache or a proxy: every answer says no-store.

Walks every URL of the permission matrix as each signed-in role, whatever it answers (a page, an export, a
redirect, a 404), and the public page that confirms one person's RSVP.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix import ROLES
from tests.test_permissions import ROWS, build_world

SIGNED_IN = tuple(role for role in ROLES if role != "anon")


def _no_store(response: Any) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(ROWS))
def test_every_answer_to_a_signed_in_user_says_no_store(url_name: str, accounts: dict[str, Any]) -> None:
    row = ROWS[url_name]
    world = build_world(accounts)
    url = reverse(url_name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
    stored = []
    for role in SIGNED_IN:
        client = Client()
        client.force_login(accounts[role])
        response = client.post(url, data=row.data(world)) if row.method == "post" else client.get(url)
        if not _no_store(response):
            stored.append(f"{role}: {response.status_code} Cache-Control={response.get('Cache-Control')!r}")
    assert not stored, f"{row.method.upper()} {url}\n" + "\n".join(stored)


@pytest.mark.django_db
def test_the_public_rsvp_confirmation_says_no_store(accounts: dict[str, Any]) -> None:
    world = build_world(accounts)
    response = Client().get(reverse("public:rsvp_done", kwargs={"slug": world["event"].slug, "token": world["token"]}))
    assert response.status_code == 200
    assert _no_store(response)


@pytest.mark.django_db
def test_signing_out_says_no_store(member: Any) -> None:
    client = Client()
    client.force_login(member)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert _no_store(response)


@pytest.mark.django_db
def test_public_pages_for_nobody_signed_in_stay_cacheable(accounts: dict[str, Any]) -> None:
    world = build_world(accounts)
    response = Client().get(reverse("public:event", kwargs={"slug": world["event"].slug}))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
