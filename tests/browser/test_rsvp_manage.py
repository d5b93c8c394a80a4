"""A member RSVPs on a 360x740 phone in Spanish with the Rockford bus, opens the private link from the text the
outbox sent, moves to the Peoria bus and sees it; the cancel step is there and keeps the RSVP when she says no.
Each page passes axe-core and the Nu checker and does not scroll sideways."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from events import services
from events.models import RSVP
from messaging.backends import LocmemSmsBackend
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, person_with_phone

from .checks import check_page, english_words_on

# Proper names may stay as they are on a Spanish page: the event's, the places', the coalition's and languages'.
NAMES = {"Springfield", "Advocacy", "Day", "Rockford", "Peoria", "Carbondale", "lot", "Illinois", "English"}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways ({width}px)"


@pytest.mark.django_db(transaction=True)
def test_a_member_changes_her_bus_from_the_link_in_her_text_on_a_phone_in_spanish(
    live_server: Any, browser: Browser, phone: dict[str, Any], settings: Any, regions: Any
) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    settings.SMS_QUIET_HOURS = None
    LocmemSmsBackend.outbox = []
    event = EventFactory(title="Springfield Advocacy Day", slug="lobby-day",
                         starts_at=timezone.now() + timedelta(days=20))
    rockford = BusFactory(event=event, seats=40, pickup_point=PickupPointFactory(name="Rockford lot", city="Rockford"))
    peoria = BusFactory(event=event, seats=2, pickup_point=PickupPointFactory(name="Peoria lot", city="Peoria"))
    full = BusFactory(event=event, seats=1, pickup_point=PickupPointFactory(name="Carbondale lot", city="Carbondale"))
    base = live_server.url

    context = browser.new_context(**phone, extra_http_headers={"Accept-Language": "es"})
    member = context.new_page()
    member.goto(f"{base}/e/lobby-day/")
    expect(member.locator("html")).to_have_attribute("lang", "es")
    member.fill("#id_name", "Rosalind Okoro")
    member.fill("#id_phone", "(309) 555-0142")
    member.locator(f"input[name=bus][value='{rockford.pk}']").check()
    member.check("#id_consent")
    member.locator("form.stack button[type=submit]").click()
    member.wait_for_url("**/thanks/**")
    expect(member.locator("main")).to_contain_text("enlace privado")
    check_page(member, "rsvp-manage-thanks-es")
    assert english_words_on(member, NAMES) == []

    # Someone else takes the one Carbondale seat, so that bus shows full.
    services.rsvp_record(event=event, person=person_with_phone("+13125550177"), bus=full, source=RSVP.Source.PROXY)

    # The confirmation the outbox sent to her phone carries her link.
    texts = [m["body"] for m in LocmemSmsBackend.outbox if m["to"] == "+13095550142"]
    assert len(texts) == 1, LocmemSmsBackend.outbox
    found = re.search(r"https?://\S+?/r/[^/\s]+/", texts[0])
    assert found is not None, texts[0]
    link = found.group(0).replace(django_settings.SITE_URL.rstrip("/"), base)
    member.goto(link)
    expect(member.locator("h1")).to_have_text("Springfield Advocacy Day")
    expect(member.locator(".facts")).to_contain_text("Rockford lot")
    expect(member.locator(".facts")).to_contain_text("•••-•••-0142")
    assert "Rosalind" not in member.content() and "Okoro" not in member.content()
    expect(member.locator(f"#id_bus_{full.pk}")).to_be_disabled()
    _no_sideways_scroll(member)
    check_page(member, "rsvp-manage-es")
    assert english_words_on(member, NAMES) == []

    # Peoria has two seats: she and four guests do not fit, and the page says so on the bus.
    member.locator(f"label[for=id_bus_{peoria.pk}]").click()
    member.fill("#id_guests", "4")
    member.locator("form.stack button[type=submit]").click()
    member.wait_for_load_state()
    expect(member.locator("#id_bus_error")).to_contain_text("2 personas")
    expect(member.locator(".facts")).to_contain_text("Rockford lot")
    _no_sideways_scroll(member)
    check_page(member, "rsvp-manage-es-error")
    assert english_words_on(member, NAMES) == []

    member.locator(f"label[for=id_bus_{peoria.pk}]").click()
    expect(member.locator(f"#id_bus_{peoria.pk}")).to_be_checked()
    member.fill("#id_guests", "1")
    member.locator("form.stack button[type=submit]").click()
    member.wait_for_load_state()
    expect(member.locator(".messages")).to_contain_text("Guardado")
    expect(member.locator(".facts")).to_contain_text("Peoria lot")
    _no_sideways_scroll(member)
    check_page(member, "rsvp-manage-es-saved")
    assert english_words_on(member, NAMES) == []
    rsvp = RSVP.objects.get(person__first_name="Rosalind")
    assert (rsvp.bus_id, rsvp.guests) == (peoria.pk, 1)

    member.get_by_role("link", name="Cancelar mi asistencia").click()
    member.wait_for_url("**/cancel/")
    _no_sideways_scroll(member)
    check_page(member, "rsvp-manage-es-cancel")
    assert english_words_on(member, NAMES) == []
    member.get_by_role("link", name="No, mantener mi asistencia").click()
    expect(member.locator(".facts")).to_contain_text("Peoria lot")
    rsvp.refresh_from_db()
    assert rsvp.status == RSVP.Status.GOING
    context.close()

    # The same page in English is full of English words: the check above can tell.
    english = browser.new_context(**phone, extra_http_headers={"Accept-Language": "en"}).new_page()
    english.goto(link)
    assert {"change", "your"} <= set(english_words_on(english, NAMES))
    english.context.close()
