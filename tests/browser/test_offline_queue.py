"""The Central organizer at the Peoria pickup with no signal, on a 360x740 phone: three check-ins and one logged
contact wait on the phone ("waiting to send") and reach the server exactly once when the signal returns. When
one person moves out of the organizer's reach meanwhile, the phone says so in plain words and nothing is applied
for them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from coalition.models import User
from events.models import RSVP
from members.models import Interaction, Person
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory

from .checks import check_page, sign_in

PASSWORD = "a-long-test-password-2026"  # noqa: S105 - a test account's password


def _peoria(regions: dict[str, Any]) -> tuple[User, list[RSVP]]:
    central = regions["central"]
    organizer = User.objects.create_user(email="central@example.org", password=PASSWORD, first_name="Wendy",
                                         role=User.Role.ORGANIZER, region=central)
    event = EventFactory(region=central, title="Springfield day", starts_at=timezone.now() + timedelta(hours=3))
    bus = BusFactory(event=event, pickup_point=PickupPointFactory(name="Proctor Center lot", city="Peoria"))
    riders = []
    for first in ("Ana", "Bea", "Cal", "Dee"):
        person = Person.objects.create(first_name=first, last_name="Peoria", region=central,
                                       county=central.counties.first())
        riders.append(RSVPFactory(event=event, person=person, bus=bus, status=RSVP.Status.GOING))
    return organizer, riders


def _open(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    return page


def _offline_taps(context: BrowserContext, base: str, riders: list[RSVP]) -> tuple[Page, Page]:
    checkin = _open(context, f"{base}{reverse('events:checkin', args=[riders[0].event_id])}")
    contact = _open(context, f"{base}{reverse('members:interaction_create', args=[riders[0].person_id])}")
    context.set_offline(True)
    for rsvp in riders[:3]:
        checkin.get_by_role("button", name=f"Check in {rsvp.person.first_name} Peoria").click()
    expect(checkin.get_by_role("status")).to_contain_text("Waiting to send: 3")
    contact.get_by_text("In person", exact=True).click()
    contact.get_by_text("1:1", exact=True).click()
    contact.get_by_label("Notes").fill("Talked on the bus about the Clean Slate hearing")
    contact.get_by_role("button", name="Save").first.click()
    expect(contact.get_by_role("status")).to_contain_text("Waiting to send: 4")
    return checkin, contact


@pytest.mark.django_db(transaction=True)
def test_the_organizer_checks_in_and_logs_offline_and_it_lands_once(browser: Browser, phone: dict[str, Any],
                                                                     live_server: Any, regions: Any) -> None:
    organizer, riders = _peoria(regions)
    context = browser.new_context(**phone)
    sign_in(context.new_page(), live_server.url, organizer.email, PASSWORD)
    checkin, contact = _offline_taps(context, live_server.url, riders)
    check_page(checkin, "offline-checkin-waiting")
    check_page(contact, "offline-contact-waiting")
    assert not RSVP.objects.filter(checked_in_at__isnull=False).exists()
    assert not Interaction.objects.exists()

    context.set_offline(False)
    expect(checkin.get_by_role("status")).to_have_text("")
    expect(contact.get_by_role("status")).to_have_text("")
    expect(checkin.locator("main")).not_to_contain_text("Waiting to send")
    checked = set(RSVP.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True))
    assert checked == {rsvp.pk for rsvp in riders[:3]}
    logged = Interaction.objects.get()
    assert logged.person_id == riders[0].person_id and logged.logged_by == organizer
    assert "Clean Slate" in logged.notes
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_person_moved_out_of_reach_meanwhile_is_reported_not_applied(browser: Browser, phone: dict[str, Any],
                                                                       live_server: Any, regions: Any) -> None:
    organizer, riders = _peoria(regions)
    context = browser.new_context(**phone)
    sign_in(context.new_page(), live_server.url, organizer.email, PASSWORD)
    checkin, _contact = _offline_taps(context, live_server.url, riders)
    # Meanwhile staff move Bea to Chicago: she is out of the Central organizer's reach.
    chicago = regions["chicago"]
    Person.objects.filter(pk=riders[1].person_id).update(region=chicago, county=chicago.counties.first())

    context.set_offline(False)
    refused = checkin.locator("[data-offline-refused]")
    expect(refused).to_contain_text("You can no longer see this person")
    expect(checkin.get_by_role("status")).to_have_text("")
    check_page(checkin, "offline-checkin-refused")
    checked = set(RSVP.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True))
    assert checked == {riders[0].pk, riders[2].pk}
    assert Interaction.objects.count() == 1
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_service_worker_keeps_opened_pages_and_sign_out_wipes_the_device(browser: Browser, phone: dict[str, Any],
                                                                              live_server: Any, regions: Any) -> None:
    organizer, riders = _peoria(regions)
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, live_server.url, organizer.email, PASSWORD)
    checkin_path = reverse("events:checkin", args=[riders[0].event_id])
    page.goto(f"{live_server.url}{checkin_path}")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # now under the worker: the page goes into its copy
    saved = "async () => { const cache = await caches.open('coalition-pages'); " \
            "return (await cache.keys()).map((r) => new URL(r.url).pathname); }"
    page.wait_for_function(f"async () => (await ({saved})()).includes('{checkin_path}')")
    assert checkin_path in page.evaluate(saved)
    # A tap made offline fills the IndexedDB queue; sent once online, and signing out deletes the database.
    context.set_offline(True)
    page.get_by_role("button", name="Check in Ana Peoria").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting to send: 1")
    context.set_offline(False)
    page.wait_for_function("() => !document.querySelector('[data-offline-status]').textContent")
    page.get_by_text("Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    # The login page's own scripts and styles may be cached again; no page of the signed-in person is.
    left = page.evaluate(saved)
    assert checkin_path not in left and all(path.startswith("/static/") for path in left), left
    assert "coalition-offline" not in page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    context.close()
