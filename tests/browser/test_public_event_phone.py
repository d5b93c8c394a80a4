"""The public event page on a phone: what, when, where and the RSVP button in the first screen; buses as tappable
cards with seats left; "Full" before anyone types; the error summary takes focus; the thank-you page's calendar
file starts at the bus. Every page passes axe-core and the Nu checker at 360x740.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from events.models import RSVP, Bus, Event

from .checks import SHOTS, check_page

SLUG = "springfield-advocacy-day"


def _inside_first_screen(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], (
        f"{selector} at {box} is outside the first {viewport['width']}x{viewport['height']} screen")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [(360, 740), (390, 844)])
def test_the_rsvp_button_is_in_the_first_screen_and_leads_to_the_form(
    live_server: Any, browser: Browser, phone: dict[str, Any], size: tuple[int, int]
) -> None:
    call_command("seed_demo")
    width, height = size
    context = browser.new_context(**{**phone, "viewport": {"width": width, "height": height},
                                     "screen": {"width": width, "height": height}})
    page = context.new_page()
    page.goto(f"{live_server.url}/e/{SLUG}/")
    _inside_first_screen(page, "[data-rsvp-jump]")
    _inside_first_screen(page, "h1")
    page.screenshot(path=str(SHOTS / f"public-event-first-screen-{width}.png"))
    page.locator("[data-rsvp-jump]").click()
    expect(page.locator("#rsvp-heading")).to_be_in_viewport()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_bus_cards_the_error_summary_and_the_thank_you_calendar_on_a_phone(
    live_server: Any, browser: Browser, phone: dict[str, Any], settings: Any
) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    call_command("seed_demo")
    base = live_server.url
    peoria = Bus.objects.select_related("pickup_point").get(event__slug=SLUG, pickup_point__city="Peoria")
    context = browser.new_context(**phone)
    page = context.new_page()
    page.goto(f"{base}/e/{SLUG}/")
    check_page(page, "public-event-phone")
    cards = page.locator(".bus-cards label")
    expect(cards.first).to_be_visible()
    expect(page.locator("div.bus-cards")).to_contain_text("seats left")

    # Submitted empty: the error summary takes focus, and says what to fix.
    page.locator("#rsvp form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    check_page(page, "public-event-phone-errors", status=200)

    page.fill("#id_name", "Rosalind Okoro")
    page.fill("#id_phone", "(309) 555-0142")
    card = cards.filter(has_text=peoria.pickup_point.name)
    card.tap()  # the whole card is the target, not only the small circle
    expect(page.locator(f"input[name=bus][value='{peoria.pk}']")).to_be_checked()
    page.screenshot(path=str(SHOTS / "public-event-phone-bus-chosen.png"), full_page=True)
    page.locator("div.bus-cards").screenshot(path=str(SHOTS / "public-event-phone-bus-cards.png"))
    page.locator("#rsvp form button[type=submit]").click()
    page.wait_for_url("**/thanks/**")
    check_page(page, "public-event-phone-thanks")
    google = page.get_by_role("link", name="Add to Google Calendar")
    assert (google.get_attribute("href") or "").startswith(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&")
    ics = page.get_by_role("link", name="Add to my calendar (.ics file)").get_attribute("href") or ""
    assert "/thanks/" in ics and "Rosalind" not in ics
    entry = next(c for c in Calendar.from_ical(page.request.get(base + ics).body()).walk() if c.name == "VEVENT")
    assert entry["DTSTART"].dt == peoria.departs_at
    assert peoria.pickup_point.name in str(entry["LOCATION"])
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_full_event_says_so_before_anyone_types(live_server: Any, browser: Browser, phone: dict[str, Any]) -> None:
    call_command("seed_demo")
    event = Event.objects.get(slug=SLUG)
    going = RSVP.objects.filter(event=event, status=RSVP.Status.GOING)
    event.capacity = sum(1 + r.guests for r in going)
    event.save(update_fields=["capacity"])
    context = browser.new_context(**phone)
    page = context.new_page()
    page.goto(f"{live_server.url}/e/{SLUG}/")
    expect(page.locator("#event-full")).to_contain_text("Full: you can join the waitlist")
    _inside_first_screen(page, "#event-full")
    _inside_first_screen(page, "[data-rsvp-jump]")
    expect(page.locator("[data-rsvp-jump]")).to_have_text("Join the waitlist")
    check_page(page, "public-event-phone-full")
    context.close()
