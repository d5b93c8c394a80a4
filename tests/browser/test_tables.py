"""Staff take attendance at a Chicago 400 Alliance meeting and add an action item; the partner representative
sees that meeting but not the Fully Free table; staff record a lobby visit and see the whip count change.
The Central organizer sees how many slips were filed, not who filed them in Chicago. Every page passes axe and vnu.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from .checks import check_page, pick, sign_in


@pytest.mark.django_db(transaction=True)
def test_tables_meetings_partner_and_whip_count(browser: Browser, phone: dict, live_server) -> None:  # type: ignore[no-untyped-def, type-arg]
    call_command("seed_demo")
    base = live_server.url
    staff = browser.new_context(**phone).new_page()
    sign_in(staff, base, "staff@demo.coalition.test")
    expect(staff.get_by_role("heading", name="Your action items")).to_be_visible()
    staff.get_by_role("link", name="Tables", exact=True).click()
    check_page(staff, "tables-list")
    staff.get_by_role("link", name="Chicago 400 Alliance").click()
    expect(staff.get_by_role("heading", level=1, name="Chicago 400 Alliance")).to_be_visible()
    expect(staff.locator(".roster")).to_contain_text("Safer Foundation")
    check_page(staff, "tables-roster")
    staff.get_by_role("link", name="Nov. 12, 2026, 6 p.m.").click()
    meeting_url = staff.url
    check_page(staff, "tables-meeting")
    staff.get_by_role("link", name="Take attendance").click()
    staff.get_by_label("Marcus Bell — Safer Foundation").check()
    staff.get_by_label("Guests").fill("Pastor Ruth Owens (guest)\nDeacon Lee")
    check_page(staff, "tables-attendance")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#attendance + ul")).to_contain_text("Marcus Bell")
    expect(staff.locator("#attendance + ul")).to_contain_text("Deacon Lee")
    staff.get_by_label("What needs doing").fill("Book the room for the February conference")
    staff.get_by_label("Owner").select_option(label="Sam Okafor")
    staff.get_by_label("Due on").fill("2026-12-15")
    staff.get_by_role("button", name="Add action item").click()
    expect(staff.locator("#action-items + ul")).to_contain_text("Book the room")
    check_page(staff, "tables-meeting-after")

    partner = browser.new_context(**phone).new_page()
    sign_in(partner, base, "partner@demo.coalition.test")
    partner.goto(meeting_url)
    expect(partner.locator("#attendance + ul")).to_contain_text("Marcus Bell")
    check_page(partner, "tables-partner-meeting")
    response = partner.goto(f"{base}/tables/fully-free-table/")
    assert response is not None and response.status == 404
    check_page(partner, "tables-partner-404", 404)

    staff.goto(f"{base}/campaigns/bills/HB/4120/")
    house = staff.locator("#whip-house + p")
    before = house.inner_text()
    check_page(staff, "tables-whip")
    staff.get_by_role("link", name="Record a lobby visit").click()
    staff.locator("#id_legislator").select_option(label="Rep. Olivia Oakhurst (D-47)")
    staff.get_by_label("Date of the visit").fill("2026-11-18")
    staff.get_by_label("What was asked").fill("Vote yes on HB 4120 in committee.")
    staff.get_by_label("Their position now").select_option(label="Yes")
    check_page(staff, "tables-visit-form")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("HB 4120")
    assert house.inner_text() != before
    expect(staff.locator("#history + ul")).to_contain_text("Oakhurst")
    check_page(staff, "tables-whip-after")


@pytest.mark.django_db(transaction=True)
def test_central_organizer_sees_the_drive_count_but_not_chicago_filers(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    from campaigns.models import WitnessSlipFiling

    call_command("seed_demo")
    base = live_server.url
    filings = list(WitnessSlipFiling.objects.select_related("person__region"))
    assert filings and all(f.person.region.slug != "central" for f in filings)
    filers = [f.person.display_name for f in filings]
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "central.organizer@demo.coalition.test")
    page.goto(f"{base}/campaigns/bills/HB/4120/")
    page.locator("#drives + ul").get_by_role("link").first.click()
    expect(page.locator("#filed")).to_have_text(f"{len(filers)} filed")
    expect(page.locator("#filed + ul")).to_contain_text("more by people outside your region")
    for name in filers:
        expect(page.locator("main")).not_to_contain_text(name)
    check_page(page, "tables-central-drive")


@pytest.mark.django_db(transaction=True)
def test_staff_run_a_table_from_start_on_a_phone(browser: Browser, phone: dict, live_server) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Staff start a table with a chair, seat three organizations with representatives (a second seat for the same
    organization is refused next to the field), schedule a meeting, edit its notes afterwards and step a
    representative down; the organization page shows the seat and the past representative. At 390x844."""
    call_command("seed_demo")
    base = live_server.url
    staff = browser.new_context(**{**phone, "viewport": {"width": 390, "height": 844},
                                   "screen": {"width": 390, "height": 844}}).new_page()
    sign_in(staff, base, "staff@demo.coalition.test")
    staff.get_by_role("link", name="Tables", exact=True).click()
    staff.get_by_role("link", name="Start a table").click()
    staff.locator("#id_name").fill("Reentry Housing Table")
    staff.locator("#id_description").fill("Housing for people coming home, registry members included.")
    pick(staff, "Chair organization", "Shriver", "Shriver Center on Poverty Law")
    check_page(staff, "tables-start")
    staff.get_by_role("button", name="Start the table").click()
    expect(staff.get_by_role("heading", level=1, name="Reentry Housing Table")).to_be_visible()
    assert staff.url.endswith("/tables/reentry-housing-table/")
    expect(staff.locator(".roster")).to_contain_text("Shriver Center on Poverty Law")

    for organization, role in (("Safer Foundation", "Member"), ("TASC", "Member"),
                               ("Kolbe House Jail Ministry", "Observer")):
        staff.get_by_role("link", name="Seat an organization").click()
        pick(staff, "Organization", organization.split()[0], organization)
        staff.get_by_label("Role at the table").select_option(label=role)
        staff.get_by_label("Joined on").fill("2026-10-01")
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".roster")).to_contain_text(organization)
    staff.get_by_role("link", name="Seat an organization").click()
    pick(staff, "Organization", "TASC", "TASC")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#id_organization_error")).to_contain_text("TASC already sits at Reentry Housing Table")
    check_page(staff, "tables-seat-duplicate")
    staff.goto(f"{base}/tables/reentry-housing-table/")

    for organization, person in (("Safer Foundation", "Marcus Bell"), ("TASC", "Dre Whitfield"),
                                 ("Kolbe House Jail Ministry", "Gloria Nwosu")):
        staff.get_by_role("link", name=f"Add a representative of {organization}").click()
        pick(staff, "Representative", person.split()[-1], person)
        staff.get_by_label("Since").fill("2026-10-01")
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".roster")).to_contain_text(person)
    check_page(staff, "tables-new-roster")

    staff.get_by_role("link", name="Schedule a meeting").click()
    staff.get_by_label("Starts at").fill("2026-11-20T18:00")
    staff.get_by_label("Place").fill("Shriver Center, 67 E Madison")
    staff.get_by_label("Agenda").fill("Residency restrictions bill")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Meeting of")
    staff.get_by_role("link", name="Edit agenda and notes").click()
    staff.get_by_label("Notes").fill("Agreed to testify in Springfield in February.")
    check_page(staff, "tables-meeting-edit")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#notes + p")).to_contain_text("testify in Springfield")
    expect(staff.locator("#history + ul")).to_contain_text("notes")
    check_page(staff, "tables-meeting-edited")

    staff.get_by_role("link", name="Reentry Housing Table").click()
    staff.get_by_role("link", name="Step down : Marcus Bell").click()  # the hidden part reads as its own word
    staff.get_by_label("Stepped down on").fill("2026-11-30")
    check_page(staff, "tables-step-down")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".roster")).to_contain_text("Past: Marcus Bell")
    check_page(staff, "tables-after-step-down")

    staff.get_by_role("link", name="Change role : Kolbe House Jail Ministry").click()
    staff.get_by_label("New role").select_option(label="Member")
    staff.get_by_label("From").fill("2026-11-25")
    check_page(staff, "tables-seat-role")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".roster")).to_contain_text("Observer → Member")

    staff.get_by_role("link", name="Safer Foundation").first.click()
    expect(staff.locator("#seats + ul")).to_contain_text("Reentry Housing Table")
    expect(staff.locator("#past-representatives + ul")).to_contain_text("Marcus Bell")
    check_page(staff, "tables-organization")

    # An action item, reassigned; the cancel page; then the table closes and leaves the default list.
    staff.goto(f"{base}/tables/reentry-housing-table/")
    staff.get_by_role("link", name="Nov. 20, 2026, 6 p.m.").click()
    staff.get_by_label("What needs doing").fill("Draft the testimony")
    staff.get_by_label("Owner").select_option(label="Sam Okafor")
    staff.get_by_label("Due on").fill("2026-12-15")
    staff.get_by_role("button", name="Add action item").click()
    staff.get_by_role("link", name="Edit or reassign : Draft the testimony").click()
    staff.get_by_label("Due on").fill("2026-12-20")
    check_page(staff, "tables-action-item-edit")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#action-items + ul")).to_contain_text("12/20/2026")
    staff.get_by_role("link", name="Cancel the meeting").click()
    check_page(staff, "tables-meeting-cancel")
    staff.goto(f"{base}/tables/reentry-housing-table/edit/")
    staff.get_by_label("Status").select_option(label="Closed")
    check_page(staff, "tables-edit")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("main")).to_contain_text("This table closed on")
    staff.goto(f"{base}/tables/")
    expect(staff.locator("main")).not_to_contain_text("Reentry Housing Table")
    staff.get_by_label("Show").select_option(label="Closed tables")
    staff.get_by_role("button", name="Filter").click()
    expect(staff.locator("main")).to_contain_text("Reentry Housing Table")
    check_page(staff, "tables-closed-list")
