"""The admins' API pages on a 360x740 phone: make a region token from the menu and see its secret once,
register a webhook and read its deliveries, and the API's documentation page. Every page passes axe and vnu."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from api.models import ApiToken

from .checks import check_page, go_to, sign_in


@pytest.mark.django_db(transaction=True)
def test_an_admin_makes_a_token_and_a_webhook_on_a_phone(browser: Browser, phone: dict[str, Any],
                                                         live_server: Any) -> None:
    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "admin@demo.coalition.test")

    go_to(page, "API tokens")
    check_page(page, "api-tokens")
    page.get_by_label("Name").fill("Safer Foundation's Action Network")
    page.get_by_label("What it may reach").select_option(value="region")
    page.get_by_label("Region (for a region token)").select_option(label="Chicago")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("it is shown only once")).to_be_visible()
    secret = page.locator(".notice code").inner_text()
    assert ApiToken.objects.get().secret_hash != secret and len(secret) > 40
    check_page(page, "api-token-made")
    page.reload()
    expect(page.get_by_text("it is shown only once")).to_have_count(0)

    go_to(page, "Webhooks")
    page.get_by_label("Name").fill("Mobilize sync")
    page.get_by_label("Address (URL) that receives the events").fill("https://partner.example/hook")
    page.get_by_label("A person is added").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1, name="Mobilize sync")).to_be_visible()
    check_page(page, "api-webhook")

    page.goto(f"{base}/api/docs/")
    expect(page.locator("main")).to_contain_text("POST /api/v2/people/")
    check_page(page, "api-docs")
