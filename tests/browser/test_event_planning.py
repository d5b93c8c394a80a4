"""Staff plan the year on a 390x844 phone: a venue and two pickup points with their private flags, a quarterly
record-clearing clinic series (four dates, after a bad first try), a Springfield advocacy day with two buses
(the second over the event's capacity, confirmed), a co-host, and the training catalogue. Every page passes
axe-core and the Nu checker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from events.models import Bus, Event, EventSeries, PickupPoint, Venue

from .checks import check_page, pick, sign_in

PHONE_390 = {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844},
             "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _local(days: int, hour: int) -> str:
    when = timezone.localtime(timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0)
    return when.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db(transaction=True)
def test_staff_plan_venues_pickups_a_clinic_series_and_an_advocacy_day_on_a_phone(
    live_server: Any, browser: Browser, browser_context_args: dict[str, Any], settings: Any
) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    call_command("seed_demo")
    base = live_server.url
    context = browser.new_context(**{**browser_context_args, **PHONE_390})
    page = context.new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    # A venue where people must show ID, with a private note.
    page.goto(f"{base}/events/")
    page.get_by_role("link", name="Venues", exact=True).click()
    check_page(page, "planning-venues")
    page.get_by_role("link", name="Add a venue").click()
    page.fill("#id_name", "Westside Justice Center")
    page.fill("#id_street_address", "1600 S Kostner Ave")
    page.fill("#id_city", "Chicago")
    page.check("#id_requires_id")
    page.fill("#id_presence_note", "A park is across the street.")
    check_page(page, "planning-venue-form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("ID at the door")
    check_page(page, "planning-venues-added")

    # Two pickup points with their flags.
    for name, city, flag in (("Peoria Police District lot", "Peoria", "#id_law_enforcement_site"),
                             ("Rockford Park District lot", "Rockford", "#id_near_school_park_daycare")):
        page.goto(f"{base}/events/pickup-points/new/")
        page.fill("#id_name", name)
        page.select_option("#id_region", label="Central" if city == "Peoria" else "Northern")
        page.fill("#id_street_address", "1 Main St")
        page.fill("#id_city", city)
        page.check(flag)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Police station, courthouse or jail")
    check_page(page, "planning-pickup-points")
    venue = Venue.objects.get(name="Westside Justice Center")
    assert venue.requires_id and venue.presence_note
    assert PickupPoint.objects.get(name="Peoria Police District lot").law_enforcement_site

    # A quarterly clinic series: first without an end (the error sits next to the field), then four dates.
    page.goto(f"{base}/events/")
    page.get_by_role("link", name="Add a recurring series").click()
    page.fill("#id_title", "Clear Your Record clinic")
    page.select_option("#id_kind", "clinic")
    page.fill("#id_starts_at", _local(20, 10))
    page.fill("#id_ends_at", _local(20, 14))
    page.select_option("#id_frequency", "quarterly")
    page.select_option("#id_venue", label=str(venue))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_count_error")).to_contain_text("a series needs an end")
    expect(page.locator("#id_title")).to_have_value("Clear Your Record clinic")
    check_page(page, "planning-series-no-end")
    page.fill("#id_count", "4")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Clear Your Record clinic")
    expect(page.locator("main .card")).to_have_count(4)
    check_page(page, "planning-series")
    assert EventSeries.objects.get(title="Clear Your Record clinic").events.count() == 4

    # A Springfield advocacy day with two buses; the second passes the capacity, and staff confirm it.
    page.goto(f"{base}/events/new/")
    page.fill("#id_title", "Fully Free Lobby Day")
    page.fill("#id_slug", "fully-free-lobby-day")
    page.select_option("#id_kind", "advocacy_day")
    page.fill("#id_starts_at", _local(40, 10))
    page.fill("#id_ends_at", _local(40, 16))
    page.select_option("#id_venue", index=1)
    page.fill("#id_capacity", "80")
    page.check("#id_is_public")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Fully Free Lobby Day")
    event = Event.objects.get(slug="fully-free-lobby-day")
    for point, seats in (("Peoria Police District lot", "50"), ("Rockford Park District lot", "40")):
        page.goto(f"{base}/events/{event.pk}/buses/new/")
        page.select_option("#id_pickup_point", label=str(PickupPoint.objects.get(name=point)))
        page.fill("#id_departs_at", _local(40, 6))
        page.fill("#id_seats", seats)
        page.get_by_role("button", name="Add the bus").click()
    expect(page.locator(".message--warning")).to_contain_text("more than the 80 people")
    check_page(page, "planning-bus-capacity-warning")
    page.get_by_role("button", name="Save anyway").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Police station, courthouse or jail")
    check_page(page, "planning-advocacy-day")
    assert Bus.objects.filter(event=event).count() == 2

    # A co-host, named on the public page; the flags are not.
    page.get_by_role("link", name="Add a host").click()
    pick(page, "Organization", "Safer", "Safer Foundation")
    check_page(page, "planning-host-form")
    page.get_by_role("button", name="Save the host").click()
    expect(page.locator(".message--success")).to_be_visible()
    host_name = event.hosts.get().organization.name
    page.goto(f"{base}/e/fully-free-lobby-day/")
    expect(page.locator("main")).to_contain_text(host_name)
    expect(page.locator("main")).not_to_contain_text("Police station")
    check_page(page, "planning-public-with-host")

    # Change a bus: a departure after the start is refused next to the field.
    bus = Bus.objects.filter(event=event).first()
    assert bus is not None
    page.goto(f"{base}/events/buses/{bus.pk}/edit/")
    page.fill("#id_departs_at", _local(40, 11))
    page.get_by_role("button", name="Save the bus").click()
    expect(page.locator("#id_departs_at_error")).to_be_visible()
    check_page(page, "planning-bus-edit-error")

    # The training catalogue.
    page.goto(f"{base}/people/trainings/")
    check_page(page, "planning-trainings")
    page.get_by_role("link", name="Add a training").click()
    page.fill("#id_name", "Testifying in Springfield")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Testifying in Springfield")
    context.close()

    # The ladder is the admins'.
    context = browser.new_context(**{**browser_context_args, **PHONE_390})
    admin = context.new_page()
    sign_in(admin, base, "admin@demo.coalition.test")
    admin.goto(f"{base}/people/ladder/")
    check_page(admin, "planning-ladder")
    admin.get_by_role("link", name="Add a stage").click()
    admin.fill("#id_name", "Statewide spokesperson")
    admin.check("input[name=milestone_kinds][value=testified]")
    check_page(admin, "planning-stage-form")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator("main")).to_contain_text("Statewide spokesperson")
    context.close()
