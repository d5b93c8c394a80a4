"""A bus captain's host link on a 360x740 phone: no account, no signal at the pickup point. Two riders and a walk-in
are checked in offline, wait on the phone, and reach the server once when the signal is back. The page never shows a
phone number, an email, a full last name or a sensitive fact; once revoked, the link answers 404."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from coalition.models import User
from events import services
from events.models import RSVP, RSVPReview
from members.models import SensitiveFacts
from tests.events.factories import BusFactory, EventFactory, RSVPFactory, person_with_phone

from .checks import check_page, sign_in

PHONE_LIKE = re.compile(r"\d{3}\D{0,2}\d{3}\D?\d{4}")


@pytest.mark.django_db(transaction=True)
def test_a_bus_captain_checks_people_in_offline_with_a_link(browser: Browser, phone: dict[str, Any],
                                                            live_server: Any, regions: Any) -> None:
    central = regions["central"]
    staff = User.objects.create_user(email="staff@example.org", password="x", role=User.Role.STAFF)
    event = EventFactory(region=central, starts_at=timezone.now() + timedelta(hours=4), title="Springfield day")
    bus = BusFactory(event=event)
    riders = []
    for first, last, number in (("Ana", "Ruiz-Delgado", "+13095550101"), ("Bea", "Okafor", "+13095550102"),
                                ("Cal", "Whitfield", "+13095550103")):
        person = person_with_phone(number, first_name=first, last_name=last, region=central,
                                   email=f"{first.lower()}@example.org")
        riders.append(RSVPFactory(event=event, person=person, bus=bus, status=RSVP.Status.GOING))
    SensitiveFacts.objects.create(person=riders[0].person, registry_status="registered")
    link, token = services.host_link_create(actor=staff, event=event, bus=bus, label="Peoria bus captain")
    url = f"{live_server.url}/h/{token}/"

    context = browser.new_context(**phone)
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Springfield day")
    check_page(page, "host-link-list")

    context.set_offline(True)
    page.get_by_role("button", name="Check in Ana R.").click()
    page.get_by_role("button", name="Check in Bea O.").click()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Mobile phone").fill("309-555-0199")
    page.get_by_role("button", name="Check in the walk-in").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting to send: 3")
    expect(page.locator("#host-rows")).to_contain_text("Waiting to send")
    check_page(page, "host-link-offline")
    assert not RSVP.objects.filter(checked_in_at__isnull=False).exists()
    assert not RSVPReview.objects.exists()

    context.set_offline(False)
    expect(page.get_by_role("status")).to_have_text("")
    expect(page.locator("#host-rows")).not_to_contain_text("Waiting to send")
    checked = set(RSVP.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True))
    assert checked == {riders[0].pk, riders[1].pk}
    walk_in = RSVPReview.objects.get()
    assert walk_in.name == "Rosa" and walk_in.host_link == link

    page.reload()
    html = page.content()
    for leak in ("Ruiz-Delgado", "Okafor", "Whitfield", "example.org", "registered", "Registry"):
        assert leak not in html
    assert not PHONE_LIKE.search(html)
    assert "Ana R." in html and "0101" in html

    services.host_link_revoke(actor=staff, link=link)
    response = page.goto(url)
    assert response is not None and response.status == 404
    context.close()


@pytest.mark.django_db(transaction=True)
def test_staff_make_a_link_with_a_pin_and_the_host_opens_it(browser: Browser, phone: dict[str, Any],
                                                            live_server: Any, regions: Any) -> None:
    central = regions["central"]
    User.objects.create_user(email="staff@example.org", password="a-long-test-password-2026", role=User.Role.STAFF)
    event = EventFactory(region=central, starts_at=timezone.now() + timedelta(hours=4), title="Record clinic")
    person = person_with_phone("+13095550101", first_name="Ana", last_name="Ruiz", region=central)
    RSVPFactory(event=event, person=person, status=RSVP.Status.GOING)
    staff_page = browser.new_context(**phone).new_page()
    sign_in(staff_page, live_server.url, "staff@example.org", "a-long-test-password-2026")
    staff_page.goto(f"{live_server.url}/events/{event.pk}/")
    staff_page.get_by_role("link", name="Host links").click()
    staff_page.get_by_label("Who it is for").fill("Legal aid clinic host")
    staff_page.get_by_label("PIN (optional)").fill("2468")
    staff_page.get_by_role("button", name="Make the link").click()
    url = staff_page.get_by_label("The new link (shown only this once)").input_value()
    check_page(staff_page, "host-link-made")

    host = browser.new_context(**phone).new_page()
    host.goto(url)
    check_page(host, "host-link-pin")
    host.get_by_label("PIN").fill("1111")
    host.get_by_role("button", name="Open the list").click()
    expect(host.locator("main")).to_contain_text("That PIN is not right")
    host.get_by_label("PIN").fill("2468")
    host.get_by_role("button", name="Open the list").click()
    expect(host.get_by_role("button", name="Check in Ana R.")).to_be_visible()
