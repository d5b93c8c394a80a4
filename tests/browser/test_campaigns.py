"""Staff on a 390x844 phone start a campaign with two goals, add a bill with a hearing date (a date after the
session is refused next to the field), record two legislators' positions on it, share a public document, close the
campaign through its confirmation step, and the public toolkit opens signed out, in English and Spanish. Every page
passes axe and vnu."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from campaigns.models import Campaign, Goal, LegislativeSession, Legislator
from coalition.models import CoalitionTable, User

from .checks import check_page, go_to, sign_in

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tall_phone(phone: dict) -> dict:  # type: ignore[type-arg]
    return {**phone, "viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}}


@pytest.mark.django_db(transaction=True)
def test_staff_run_a_campaign_from_start_to_close_and_the_toolkit_is_public(
    browser: Browser, tall_phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**tall_phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    go_to(page, "Campaigns")
    check_page(page, "campaigns-list")
    page.get_by_role("link", name="Start a campaign").click()
    page.locator("#id_name").fill("Second Chance Housing")
    page.get_by_label("Kind").select_option("legislative")
    page.get_by_label("Starts on").fill("2026-12-01")
    page.get_by_label("Ends on").fill("2027-06-30")
    table = CoalitionTable.objects.get(name="Chicago 400 Alliance")
    page.locator(f"input[name=tables][value='{table.pk}']").check()
    page.locator("#id_description").fill("Fair housing for people with records.")
    check_page(page, "campaigns-create")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Campaign started.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Second Chance Housing")

    for description, metric, target in (("100 calls to Springfield", "actions:called", "100"),
                                        ("40 people taking part", "participants", "40")):
        page.get_by_role("link", name="Add a goal").click()
        page.locator("#id_description").fill(description)
        page.get_by_label("What counts").select_option(metric)
        page.get_by_label("Target").fill(target)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Goal added.")).to_be_visible()
    expect(page.locator("#goals + ul")).to_contain_text("100 calls to Springfield")
    expect(page.locator("#goals + ul")).to_contain_text("40 people taking part")
    check_page(page, "campaigns-detail")

    go_to(page, "Bills")
    page.get_by_role("link", name="Add a bill").click()
    page.get_by_label("House or Senate bill").select_option("HB")
    page.get_by_label("Number").fill("5120")
    page.locator("#id_title").fill("Housing access for people with records")
    session = LegislativeSession.objects.get(name="104th General Assembly")
    page.get_by_label("Session").select_option(str(session.pk))
    page.get_by_label("Status").select_option("committee")
    page.get_by_label("Committee").fill("Housing")
    page.get_by_label("Hearing date").fill("2027-03-02")
    campaign = Campaign.objects.get(name="Second Chance Housing")
    page.get_by_label("Campaign").select_option(str(campaign.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_hearing_on_error")).to_contain_text("after 104th General Assembly ends")
    expect(page.locator("#id_title")).to_have_value("Housing access for people with records")
    check_page(page, "campaigns-bill-bad-hearing")
    page.get_by_label("Hearing date").fill("2026-12-16")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Bill added.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("104th General Assembly")

    first, second = Legislator.objects.filter(chamber="house").order_by("district")[:2]
    for legislator, stance in ((first, "yes"), (second, "undecided")):
        page.get_by_role("link", name="Record a position").click()
        page.get_by_label("Legislator").select_option(str(legislator.pk))
        page.get_by_label("Position").select_option(stance)
        page.get_by_label("Source").select_option("call")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Position recorded.")).to_be_visible()
    expect(page.locator("#history + ul")).to_contain_text(first.name)
    expect(page.locator("#history + ul")).to_contain_text(second.name)
    check_page(page, "campaigns-bill-detail")

    page.goto(f"{base}/campaigns/resources/new/")
    page.locator("#id_title").fill("Sample fair-housing ordinance")
    page.get_by_label("Kind").select_option("sample_policy")
    page.get_by_label("Campaign").select_option(str(campaign.pk))
    page.get_by_label("Who may see it").select_option("public")
    page.get_by_label("Title in Spanish").fill("Ordenanza modelo de vivienda justa")
    page.get_by_label("File").set_input_files({"name": "ordinance.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF})
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Document shared.")).to_be_visible()

    page.goto(f"{base}/campaigns/{campaign.slug}/")
    page.get_by_role("link", name="Close the campaign").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("2 goals are still open")
    check_page(page, "campaigns-close-confirm")
    page.get_by_role("button", name="Close the campaign").click()
    expect(page.locator("#id_confirm_open_goals_error")).to_contain_text("100 calls to Springfield")
    page.get_by_label("Close the campaign with these goals still open").check()
    page.get_by_role("button", name="Close the campaign").click()
    expect(page.get_by_text("Campaign closed; its final tally is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Final tally")).to_be_visible()
    expect(page.locator("#goals + ul")).to_contain_text("0 of 100")
    check_page(page, "campaigns-closed")
    assert Goal.objects.filter(campaign=campaign, final_target__isnull=False).count() == 2

    visitor = browser.new_context(**tall_phone).new_page()
    visitor.goto(f"{base}/toolkit/{campaign.slug}/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Second Chance Housing toolkit")
    expect(visitor.get_by_role("link", name="Sample fair-housing ordinance")).to_be_visible()
    staff = User.objects.get(email="staff@demo.coalition.test")
    expect(visitor.locator("body")).not_to_contain_text(staff.last_name)
    check_page(visitor, "campaigns-toolkit")
    href = visitor.get_by_role("link", name="Sample fair-housing ordinance").get_attribute("href")
    download = visitor.request.get(f"{base}{href}")
    assert download.status == 200 and download.body() == PDF
    visitor.goto(f"{base}/toolkit/clean-slate/?lang=es")
    expect(visitor.get_by_role("link", name="Clean Slate: a quién cubre (gráfico)")).to_be_visible()
    check_page(visitor, "campaigns-toolkit-es")


@pytest.mark.django_db(transaction=True)
def test_staff_keep_sessions_legislators_and_documents_on_a_phone(
    browser: Browser, tall_phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    """The other keeping pages: each opens, takes bad input next to its field, and passes axe and vnu."""
    from campaigns.models import Position, Resource

    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**tall_phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    page.goto(f"{base}/campaigns/sessions/")
    check_page(page, "campaigns-sessions")
    page.get_by_role("link", name="Add a session").click()
    page.locator("#id_name").fill("106th General Assembly")
    page.get_by_label("Starts on").fill("2029-01-10")
    page.get_by_label("Ends on").fill("2028-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_ends_on_error")).to_contain_text("before the start date")
    check_page(page, "campaigns-session-bad")
    page.get_by_label("Ends on").fill("2031-01-08")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Session added.")).to_be_visible()

    page.goto(f"{base}/campaigns/legislators/")
    page.get_by_role("link", name="Add a legislator").click()
    page.get_by_label("Chamber").select_option("senate")
    page.get_by_label("District").fill("70")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Alvarez")
    page.get_by_label("Party").select_option("D")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_district_error")).to_contain_text("Senate districts are 1 to 59")
    check_page(page, "campaigns-legislator-bad")
    taken = Legislator.objects.filter(chamber="senate").order_by("district").values_list("district", flat=True)
    free = next(d for d in range(1, 60) if d not in set(taken))
    page.get_by_label("District").fill(str(free))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Legislator added.")).to_be_visible()
    check_page(page, "campaigns-legislator-detail")
    page.get_by_label("Left office on").fill("2026-11-30")
    page.get_by_role("button", name="Mark as having left office").click()
    expect(page.get_by_text("Marked as having left office")).to_be_visible()
    page.get_by_role("link", name="Change").click()
    check_page(page, "campaigns-legislator-edit")
    page.goto(f"{base}/campaigns/legislators/?former=1")
    expect(page.locator("table")).to_contain_text("Alvarez")
    check_page(page, "campaigns-legislators-former")

    position = Position.objects.order_by("-recorded_at").first()
    assert position is not None
    page.goto(f"{base}/campaigns/positions/{position.pk}/edit/")
    check_page(page, "campaigns-position-edit")
    goal = Goal.objects.filter(campaign__slug="fully-free").first()
    assert goal is not None
    page.goto(f"{base}/campaigns/goals/{goal.pk}/edit/")
    check_page(page, "campaigns-goal-edit")
    page.goto(f"{base}/campaigns/fully-free/edit/")
    check_page(page, "campaigns-edit")

    resource = Resource.objects.get(title="Clean Slate: who it covers (graphic)")
    page.goto(f"{base}/campaigns/resources/{resource.pk}/")
    check_page(page, "campaigns-resource-detail")
    page.get_by_role("link", name="Replace the file").click()
    page.get_by_label("New file").set_input_files({"name": "who-it-covers.pdf", "mimeType": "application/pdf",
                                                   "buffer": PDF})
    check_page(page, "campaigns-resource-replace")
    page.get_by_role("button", name="Replace the file").click()
    expect(page.get_by_text("File replaced; the earlier one is kept below.")).to_be_visible()
    expect(page.locator("#versions + ul")).to_contain_text("clean-slate-graphic.png")
    check_page(page, "campaigns-resource-versions")
    page.get_by_role("link", name="Change", exact=True).click()
    page.get_by_label("Description in Spanish").fill("Quién está cubierto y quién no.")
    check_page(page, "campaigns-resource-edit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
