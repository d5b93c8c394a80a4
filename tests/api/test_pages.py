"""The admins' pages: a token shown once and stored hashed, revoked with a button; constant queries on the
token, webhook and delivery lists."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken, WebhookDelivery, WebhookEvent
from tests.api.factories import token, webhook


def test_a_token_is_shown_once_and_works_until_revoked(client: Client, coalition_admin: Any,
                                                       region_chicago: Any) -> None:
    client.force_login(coalition_admin)
    fields = {"name": "Mobilize sync", "scope": "region", "region": region_chicago.pk,
              "idempotency_key": "4b0f9a52-7a43-4a37-9e1c-2f6a8f0c1d11"}
    assert client.post("/api/tokens/", fields).status_code == 302
    assert client.post("/api/tokens/", fields).status_code == 302  # a double submit
    made = ApiToken.objects.get()
    answer = client.get("/api/tokens/")
    secret = answer.context["secret"]
    assert secret and secret in answer.content.decode() and made.secret_hash not in answer.content.decode()
    assert made.user.role == "organizer" and made.user.region == region_chicago
    assert secret not in client.get("/api/tokens/").content.decode()
    assert client.get("/api/v2/people/", HTTP_OSDI_API_TOKEN=secret).status_code == 200
    client.post(f"/api/tokens/{made.pk}/revoke/")
    assert client.get("/api/v2/people/", HTTP_OSDI_API_TOKEN=secret).status_code == 401


def test_a_region_token_needs_its_region(client: Client, coalition_admin: Any) -> None:
    client.force_login(coalition_admin)
    answer = client.post("/api/tokens/", {"name": "x", "scope": "region",
                                          "idempotency_key": "4b0f9a52-7a43-4a37-9e1c-2f6a8f0c1d12"})
    assert answer.status_code == 200 and "needs its region" in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_a_partner_token_picks_its_organization_with_the_picker(client: Client, coalition_admin: Any,
                                                               partner_organization: Any) -> None:
    client.force_login(coalition_admin)
    page = client.get("/api/tokens/").content.decode()
    # A search box, not a select of every organization.
    assert 'name="organization"' in page and '<select name="organization"' not in page
    answer = client.post("/api/tokens/", {"name": "Safer's Action Network", "scope": "partner",
                                          "organization": partner_organization.pk,
                                          "idempotency_key": "4b0f9a52-7a43-4a37-9e1c-2f6a8f0c1d13"})
    assert answer.status_code == 302
    assert ApiToken.objects.get().user.organization == partner_organization


def test_a_token_account_is_no_organizer_to_assign(coalition_admin: Any, region_chicago: Any,
                                                   organizer_chicago: Any) -> None:
    from coalition import access

    token(coalition_admin, ApiToken.Scope.REGION, region=region_chicago)
    assert list(access.organizer_scope(coalition_admin)) == [organizer_chicago]


def _queries(client: Client, url: str) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_token_list_constant_queries(client: Client, coalition_admin: Any, region_chicago: Any) -> None:
    client.force_login(coalition_admin)
    token(coalition_admin, ApiToken.Scope.REGION, region=region_chicago)
    one = _queries(client, "/api/tokens/")
    for n in range(19):
        token(coalition_admin, ApiToken.Scope.REGION, region=region_chicago, name=f"T{n}")
    assert _queries(client, "/api/tokens/") == one


def test_webhook_and_delivery_lists_constant_queries(client: Client, coalition_admin: Any) -> None:
    client.force_login(coalition_admin)
    hook = webhook(coalition_admin, "http://127.0.0.1:9/")
    WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_CREATED, person_id=1, body={})
    lists, deliveries = _queries(client, "/api/webhooks/"), _queries(client, f"/api/webhooks/{hook.pk}/")
    for n in range(19):
        webhook(coalition_admin, f"http://127.0.0.1:9/{n}")
        WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_CREATED, person_id=n, body={},
                                       status=WebhookDelivery.Status.FAILED, response_code=500)
    assert _queries(client, "/api/webhooks/") == lists
    assert _queries(client, f"/api/webhooks/{hook.pk}/") == deliveries
