"""The Chicago organizer on a phone: the pipeline, accepting a suggested advancement, logging a mentorship
check-in; the partner representative sees only the stories and documents shared with their table."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from .checks import check_page, go_to, sign_in


@pytest.mark.django_db(transaction=True)
def test_organizer_accepts_a_suggestion_and_logs_a_check_in(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")
    expect(page.get_by_role("heading", name="Mentorship check-ins overdue")).to_be_visible()
    check_page(page, "leadership-home")

    page.get_by_role("link", name="Pipeline", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chicago")
    expect(page.get_by_role("img", name="Leadership funnel")).to_be_visible()
    check_page(page, "leadership-pipeline")

    page.locator("#suggestions-heading + ul > li", has_text="Yesenia Castillo").get_by_role(
        "button", name="Accept").click()
    expect(page.locator("#suggestions-heading + ul")).to_contain_text("Yesenia Castillo moved to Emerging leader.")
    check_page(page, "leadership-pipeline-accepted")

    page.goto(f"{base}/")
    page.locator("#mentorship-heading + ul > li", has_text="Dre Whitfield").get_by_role(
        "link", name="Log a check-in").click()
    page.get_by_text("Phone", exact=True).click()
    page.get_by_label("Notes").fill("Practised his testimony for the hearing")
    check_page(page, "leadership-check-in")
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.get_by_text("Check-in logged.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dre Whitfield")
    check_page(page, "leadership-development")


@pytest.mark.django_db(transaction=True)
def test_partner_sees_only_what_their_table_shares(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "partner@demo.coalition.test")

    go_to(page, "Stories")
    rows = page.locator("#story-rows")
    expect(rows).to_contain_text("Where I am allowed to sleep")  # partners level
    expect(rows).to_contain_text("Twenty years after")  # public
    expect(rows).not_to_contain_text("Organizing my block")  # internal only
    expect(rows).not_to_contain_text("My son's record")  # revoked
    anonymous = rows.locator("li", has_text="The registry follows you")  # media, anonymous
    expect(anonymous).to_contain_text("Anonymous")
    expect(anonymous).not_to_contain_text("Marcus")
    check_page(page, "leadership-partner-stories")
    anonymous.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The registry follows you")
    expect(page.locator("main")).to_contain_text("Anonymous")
    expect(page.locator("main")).not_to_contain_text("Marcus")
    page.go_back()

    page.get_by_role("link", name="Resources", exact=True).click()
    rows = page.locator("#resource-rows")
    expect(rows).to_contain_text("Residency restrictions: talking points")
    expect(rows).to_contain_text("Clean Slate: who it covers (graphic)")
    expect(rows).not_to_contain_text("staff draft")
    expect(rows).not_to_contain_text("implementation brief")
    check_page(page, "leadership-partner-resources")
