"""A member RSVPs on a phone, in Spanish, for the Peoria bus to the Springfield advocacy day; staff see them on
the Peoria manifest; the Central organizer checks them in. Every page passes axe-core and the Nu checker.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from events.models import Bus

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_springfield_rsvp_on_a_phone_in_spanish_then_manifest_and_check_in(
    live_server: Any, browser: Browser, phone: dict[str, Any], settings: Any
) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    call_command("seed_demo")
    base = live_server.url
    peoria = Bus.objects.get(event__slug="springfield-advocacy-day", pickup_point__city="Peoria")

    context = browser.new_context(**phone)
    member = context.new_page()
    member.goto(f"{base}/e/springfield-advocacy-day/")
    expect(member.locator("h1")).to_contain_text("Springfield Advocacy Day")
    check_page(member, "events-public-en")
    member.select_option("#language-select", "es")
    member.locator(".language-switcher button").click()
    member.wait_for_load_state()
    expect(member.locator("html")).to_have_attribute("lang", "es")
    expect(member.locator("h1")).to_contain_text("Día de cabildeo en Springfield")
    member.fill("#id_name", "Rosalind Okoro")
    member.fill("#id_phone", "(309) 555-0142")
    member.locator(f"input[name=bus][value='{peoria.pk}']").check()
    member.check("#id_consent")
    check_page(member, "events-public-es-filled")
    member.locator("form.stack button[type=submit]").click()
    member.wait_for_url("**/thanks/**")
    expect(member.locator("html")).to_have_attribute("lang", "es")
    expect(member.locator(".message--success")).to_be_visible()
    expect(member.locator("main")).to_contain_text("Peoria")
    assert "Rosalind" not in member.content()
    check_page(member, "events-public-done")
    context.close()

    desk = browser.new_context(bypass_csp=True)
    staff_page = desk.new_page()
    sign_in(staff_page, base, "staff@demo.coalition.test")
    staff_page.goto(f"{base}/events/buses/{peoria.pk}/")
    expect(staff_page.locator("table")).to_contain_text("Rosalind Okoro")
    check_page(staff_page, "events-manifest")
    desk.close()

    context = browser.new_context(**phone)
    organizer = context.new_page()
    sign_in(organizer, base, "central.organizer@demo.coalition.test")
    organizer.goto(f"{base}/events/{peoria.event_id}/check-in/")
    check_page(organizer, "events-checkin")
    organizer.get_by_role("button", name="Rosalind Okoro").first.click()
    expect(organizer.locator("#checkin-rows .badge").first).to_be_visible()
    organizer.reload()
    check_page(organizer, "events-checkin-done")
    context.close()
    from events.models import RSVP

    assert RSVP.objects.get(person__first_name="Rosalind", bus=peoria).checked_in_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_stranger_with_a_members_phone_waits_for_staff_who_decide_on_a_phone(
    live_server: Any, browser: Browser, phone: dict[str, Any], settings: Any
) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    call_command("seed_demo")
    base = live_server.url
    from events.models import RSVP, RSVPReview
    from members.models import Person

    lola = Person.objects.get(first_name="Dolores", last_name="Reyes")
    context = browser.new_context(**phone)
    stranger = context.new_page()
    stranger.goto(f"{base}/e/springfield-advocacy-day/")
    stranger.fill("#id_name", "Mallory Stone")
    stranger.fill("#id_phone", "(312) 555-0142")
    stranger.fill("#id_guests", "3")
    stranger.check("#id_consent")
    stranger.locator("form.stack button[type=submit]").click()
    stranger.wait_for_url("**/thanks/**")
    expect(stranger.locator(".message--success")).to_contain_text("We have your RSVP")
    assert "Dolores" not in stranger.content() and "Lola" not in stranger.content()
    context.close()
    assert not RSVP.objects.filter(person=lola, event__slug="springfield-advocacy-day").exists()

    context = browser.new_context(**phone)
    desk = context.new_page()
    sign_in(desk, base, "staff@demo.coalition.test")
    desk.goto(f"{base}/events/")
    desk.get_by_role("link", name="Public RSVPs to check").click()
    card = desk.locator(".card", has_text="Mallory Stone")
    expect(card).to_contain_text("Lola Reyes")
    check_page(desk, "events-review-queue")
    card.get_by_role("button", name="A different person").click()
    desk.wait_for_load_state()
    expect(desk.locator("main")).to_contain_text("Nothing to check.")
    context.close()
    review = RSVPReview.objects.get()
    assert review.status == RSVPReview.Status.NEW_PERSON and review.rsvp.person.first_name == "Mallory"
    lola.refresh_from_db()
    assert review.rsvp.guests == 3 and not lola.rsvps.filter(event=review.event).exists()
