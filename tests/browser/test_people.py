"""An organizer's day on a phone: find a person by a fragment of their number, log a 1:1 with a follow-up,
see it on the home page; another region's organizer cannot open that person. Every page passes axe and vnu.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_organizer_finds_logs_a_one_on_one_and_sees_the_follow_up(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")
    expect(page.get_by_role("heading", name="My people")).to_be_visible()
    check_page(page, "people-home")

    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="People")).to_be_visible()
    page.get_by_label("Name, phone or email").press_sequentially("555-0142", delay=40)
    # htmx answers as they type: only Lola's card is left.
    expect(page.locator("#person-rows .card")).to_have_count(1)
    expect(page.locator("#person-rows")).to_contain_text("Lola Reyes")
    check_page(page, "people-search")

    page.locator("#person-rows").get_by_role("link", name="Lola Reyes (Dolores)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lola Reyes")
    expect(page.get_by_role("heading", name="Sensitive facts")).to_be_visible()
    person_url = page.url
    check_page(page, "people-person")

    page.get_by_role("link", name="Log a contact").first.click()
    page.get_by_text("In person", exact=True).click()
    page.get_by_text("1:1", exact=True).click()
    page.get_by_label("Their self-interest (1:1)").fill("Keeping her housing near her grandkids")
    page.get_by_label("The ask (1:1)").fill("Speak at the Springfield day")
    page.get_by_label("Their answer (1:1)").fill("Yes, if she can ride the bus")
    page.get_by_label("Follow up on").fill(timezone.localdate().isoformat())
    page.get_by_label("Follow-up: what to do").fill("Save Lola a bus seat")
    check_page(page, "people-log-contact")
    page.get_by_role("button", name="Save").last.click()
    expect(page.get_by_text("Contact with Lola Reyes logged.")).to_be_visible()
    expect(page.locator("#contacts-heading + ul")).to_contain_text("Speak at the Springfield day")
    check_page(page, "people-person-after")

    page.get_by_role("link", name="Home").click()
    expect(page.locator("#my-people-heading").locator("..")).to_contain_text("Save Lola a bus seat")
    check_page(page, "people-home-after")

    central = browser.new_context(**phone).new_page()
    sign_in(central, base, "central.organizer@demo.coalition.test")
    response = central.goto(person_url)
    assert response is not None and response.status == 404
    check_page(central, "people-central-404", status=404)
