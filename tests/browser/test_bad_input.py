"""A request that cannot be read gets a plain page on a phone, accessible and valid, in the reader's language."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_a_nul_in_a_search_gets_a_plain_page_that_leads_home(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, "chicago.organizer@demo.coalition.test")
    response = page.goto(f"{live_server.url}/people/?q=Lola%00")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("The request could not be read")
    check_page(page, shot="bad-request", status=400)
    page.get_by_role("link", name="Go to your home page").click()
    expect(page).to_have_url(f"{live_server.url}/")
