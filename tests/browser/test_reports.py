"""The county map and the funder report in a real browser: staff see the state, the Chicago organizer only
Cook's numbers, a partner only their tables' campaign events with small counts hidden. Every page passes axe
and vnu; screenshots go to the screenshot folder."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from coalition.models import County, User
from members.filters import people_matching
from members.models import Person
from reports import selectors
from tests.reports.factories import partner_campaign_event

from .checks import SHOTS, check_page, sign_in


def _table(page: Any) -> dict[str, str]:
    rows = page.locator(".table-scroll tbody tr")
    return {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1).inner_text()
            for i in range(rows.count())}


@pytest.mark.django_db(transaction=True)
def test_staff_map_the_state_and_print_the_funder_report(browser: Browser, phone: dict[str, Any],
                                                         live_server: Any) -> None:
    call_command("seed_demo")
    staff = User.objects.get(email="staff@demo.coalition.test")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, staff.email)
    page.goto(f"{base}/reports/map/")
    expect(page.get_by_role("heading", level=1, name="County map")).to_be_visible()
    check_page(page, "reports-map-staff")
    cook = County.objects.get(fips="17031")
    counted = people_matching(actor=staff, filters={"county": cook.pk}).count()
    assert _table(page)["Cook County"] == f"{counted:,}"
    page.get_by_label("Show", exact=True).select_option(value="contacted_90")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=2, name="People contacted in the last 90 days")).to_be_visible()
    check_page(page, "reports-map-staff-contacts")
    # A county on the map opens the people list filtered to it.
    page.locator(f'a.county-map__county[href="/people/?county={cook.pk}"]').click()
    expect(page.locator("#id_county")).to_have_value(str(cook.pk))

    page.goto(f"{base}/reports/dashboard/?region=chicago")
    expect(page.get_by_role("heading", level=1, name="Dashboard: Chicago")).to_be_visible()
    check_page(page, "reports-dashboard-staff")

    page.goto(f"{base}/reports/funder/?kind=year&year=2026")
    expect(page.get_by_role("heading", level=2, name="Advocacy")).to_be_visible()
    check_page(page, "reports-funder-staff")
    page.emulate_media(media="print")
    expect(page.locator(".report-form")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "reports-funder-print.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_chicago_organizer_sees_only_cooks_numbers(browser: Browser, phone: dict[str, Any],
                                                       live_server: Any) -> None:
    call_command("seed_demo")
    organizer = User.objects.get(email="chicago.organizer@demo.coalition.test")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, organizer.email)
    page.goto(f"{base}/reports/map/?sort=-count")
    check_page(page, "reports-map-chicago-organizer")
    table = _table(page)
    cook = County.objects.get(fips="17031")
    assert table["Cook County"] == f"{people_matching(actor=organizer, filters={'county': cook.pk}).count():,}"
    # Outside Cook only the people assigned to this organizer count (none in the demo): nobody else's.
    elsewhere = Person.objects.exclude(county=cook).filter(assigned_organizer=organizer).count()
    assert sum(int(v.replace(",", "")) for k, v in table.items() if k != "Cook County") == elsewhere
    assert Person.objects.exclude(county=cook).exists()
    assert page.locator("a.county-map__county").count() == 1
    page.goto(f"{base}/reports/dashboard/")
    expect(page.get_by_role("heading", level=2, name="Contacts logged per week")).to_be_visible()
    check_page(page, "reports-dashboard-chicago-organizer")


@pytest.mark.django_db(transaction=True)
def test_a_partner_sees_their_tables_events_with_small_counts_hidden(browser: Browser, phone: dict[str, Any],
                                                                    live_server: Any) -> None:
    call_command("seed_demo")
    partner = User.objects.get(email="partner@demo.coalition.test")
    people = list(Person.objects.filter(county__fips="17031")[:6]) + list(
        Person.objects.exclude(county__fips="17031").exclude(county__isnull=True)[:1])
    partner_campaign_event(partner.organization, people)
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, partner.email)
    page.goto(f"{base}/reports/map/?measure=checkins")
    check_page(page, "reports-map-partner")
    table = _table(page)
    expected = selectors.county_map(actor=partner, measure="checkins")
    assert table == {c.name: c.shown for c in expected.counties}
    assert "fewer than 5" in table.values()
    assert page.locator('main a[href*="county="]').count() == 0
    page.goto(f"{base}/reports/funder/")
    assert "Funder report" not in page.locator("main").inner_text()
