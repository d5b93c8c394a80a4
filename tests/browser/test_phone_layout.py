"""The phone layout: the Menu and the bottom bar, the form error summary, search-first lists, and screenshots of
the pages an organizer and a staff member use most, at 360x740 (docs/architecture.md#the-phone-layout)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from campaigns.models import Bill
from coalition.models import CoalitionTable, County
from members.models import Person

from .checks import SHOTS, check_page, sign_in

ORGANIZER = "chicago.organizer@demo.coalition.test"
STAFF = "staff@demo.coalition.test"


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_navigation_is_in_the_menu_and_the_bottom_bar_has_four_places(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, ORGANIZER)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav).to_be_hidden()
    shortcuts = page.get_by_role("navigation", name="Shortcuts")
    assert shortcuts.get_by_role("link").all_inner_texts() == ["Home", "People", "Events", "Pipeline"]
    # The header is one row, so the page starts near the top of the screen.
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 64, header

    shortcuts.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(shortcuts.get_by_role("link", name="People")).to_have_attribute("aria-current", "page")
    expect(page.locator(".site-header__here")).to_contain_text("People")

    page.get_by_text("Menu", exact=True).click()
    expect(main_nav).to_be_visible()
    expect(main_nav.get_by_role("link", name="Tables")).to_be_visible()
    expect(page.get_by_label("Language")).to_be_visible()
    check_page(page, shot="menu-open-organizer")
    page.keyboard.press("Escape")
    expect(main_nav).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_navigation_is_in_the_header(
    browser: Browser, live_server  # type: ignore[no-untyped-def]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True).new_page()
    sign_in(page, live_server.url, STAFF)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Tables")).to_be_visible()
    expect(page.get_by_role("navigation", name="Shortcuts")).to_be_hidden()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    check_page(page, shot="home-wide-staff")


@pytest.mark.django_db(transaction=True)
def test_a_form_error_is_summarised_first_focused_and_linked_to_its_field(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, ORGANIZER)
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_label("Preferred name").fill("Dee")
    page.locator("form[method=post] button[type=submit]").last.click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < 740, "the summary is on screen"
    expect(page.get_by_label("Preferred name")).to_have_value("Dee")
    first = page.locator("#id_first_name")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_have_attribute("aria-describedby", "id_first_name_error")
    check_page(page, shot="form-error-organizer")
    summary.get_by_role("link", name="First name").first.click()
    expect(first).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_the_people_list_searches_first_and_offers_an_organizer_only_their_counties(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, ORGANIZER)
    page.goto(f"{live_server.url}/people/")
    search = page.get_by_role("searchbox", name="Name, phone or email")
    expect(search).to_be_visible()
    expect(page.get_by_label("County")).to_be_hidden()
    first_card = page.locator("#person-rows .card").first.bounding_box()
    assert first_card is not None and first_card["y"] < 740, "the first person shows without scrolling"
    page.get_by_text("Filters", exact=True).click()
    counties = page.get_by_label("County").locator("option").all_inner_texts()
    assert counties[1:] == ["Cook County"], counties
    assert counties[1:] == [str(county) for county in County.objects.filter(region__slug="chicago")]
    page.get_by_label("County").select_option(label="Cook County")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Filters (1 on)")).to_be_visible()
    check_page(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["organizer", "staff"])
def test_screenshots_of_the_pages_used_most(
    who: str, browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    base = live_server.url
    sign_in(page, base, ORGANIZER if who == "organizer" else STAFF)
    person = Person.objects.filter(region__slug="chicago").order_by("pk").first()
    bill = Bill.objects.order_by("pk").first()
    table = CoalitionTable.objects.order_by("pk").first()
    assert person and bill and table
    pages = {
        "home": "/",
        "people": "/people/",
        "person": f"/people/{person.pk}/",
        "log-contact": f"/people/{person.pk}/log/",
        "whip-count": f"/campaigns/bills/{bill.kind}/{bill.number}/",
        "roster": f"/tables/{table.slug}/",
    }
    if who == "staff":
        pages["outbox"] = "/messages/"
    for name, path in pages.items():
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width}px)"
        page.screenshot(path=str(SHOTS / f"phone-{name}-{who}.png"))
        check_page(page, shot=f"phone-{name}-{who}-full")
