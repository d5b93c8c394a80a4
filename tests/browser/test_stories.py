"""The Chicago organizer on a phone records a leader's story from their development page, notes where it
appeared in the media, and revokes it when the leader withdraws consent: it leaves the page and the story bank."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from members.models import Person

from .checks import check_page, go_to, sign_in


@pytest.mark.django_db(transaction=True)
def test_organizer_records_a_story_adds_an_appearance_and_revokes_it(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    lola = Person.objects.get(first_name="Dolores", last_name="Reyes")
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")

    page.goto(f"{base}/people/{lola.pk}/development/")
    stories = page.locator("section", has=page.locator("#stories-heading"))
    expect(stories).to_contain_text("Where I am allowed to sleep")
    stories.get_by_role("link", name="Record a story").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a story told by")
    page.get_by_label("Title").fill("The first night inside the lines")
    page.get_by_label("Story (required)", exact=True).fill("The shelter was a block too close to the school.")
    page.get_by_label("Themes").fill("housing, family")
    page.get_by_label("Who may hear it").select_option("partners")
    check_page(page, "stories-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Story saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("The first night inside the lines")
    expect(page.locator(".facts")).to_contain_text("family")
    page.get_by_role("link", name="Add a media appearance").click()
    page.get_by_label("Outlet").fill("WBEZ")
    page.get_by_label("Date").fill("2026-02-03")
    check_page(page, "stories-appearance-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Media appearance added.")).to_be_visible()
    expect(page.locator("#appearances-heading + ul")).to_contain_text("WBEZ")
    check_page(page, "stories-detail")

    page.get_by_role("button", name="Consent withdrawn: revoke this story").click()
    expect(page.get_by_text("Consent revoked: the story is hidden everywhere.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Development")
    expect(stories).not_to_contain_text("The first night inside the lines")
    check_page(page, "stories-development")
    go_to(page, "Stories")
    expect(page.locator("#story-rows")).to_contain_text("Where I am allowed to sleep")
    expect(page.locator("#story-rows")).not_to_contain_text("The first night inside the lines")
