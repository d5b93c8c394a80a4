"""Saved lists on a 360x740 phone: an organizer saves a smart list from the people list's filters, opens it, adds two
ticked people to a new fixed list and takes one off again; the first person stays on the first screen; staff see an
audience's size. Every page passes axe and vnu.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from members.models import ListMembership, SavedList, Tag
from tests.members.factories import PersonFactory

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_organizer_saves_a_smart_list_and_fills_a_fixed_one(browser: Browser, phone: dict[str, Any],
                                                           live_server: Any) -> None:
    call_command("seed_demo")
    tag = Tag.objects.create(name="Bus riders")
    riders = [PersonFactory(first_name=f"Rider{n}", last_name="Lane") for n in range(3)]
    for person in riders:
        person.tags.add(tag)
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")

    page.goto(f"{base}/people/?tag={tag.pk}")
    expect(page.locator("#person-rows")).to_contain_text("3 people")
    # Folded: the first person still shows on the first phone screen.
    first = page.locator("#person-rows .card").first.bounding_box()
    assert first is not None and first["y"] < 740, first
    check_page(page, "lists-people-filtered")

    page.locator("summary", has_text="Save these filters as a list").click()
    page.get_by_label("Name of the list").fill("Springfield bus riders")
    page.get_by_label("Who sees it").select_option(label="Organizers of a region, and staff")
    page.get_by_label("Region").last.select_option(label="Chicago")
    check_page(page, "lists-save-open")
    page.get_by_role("button", name="Save the list").click()
    expect(page.get_by_role("heading", level=1, name="Springfield bus riders")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 people you can reach")
    check_page(page, "lists-smart-detail")
    smart = SavedList.objects.get(name="Springfield bus riders")
    assert smart.smart and smart.filters == {"tag": str(tag.pk)}

    # The list reads its filter again: a fourth rider shows up the next time it is opened.
    PersonFactory(first_name="Rider3", last_name="Lane").tags.add(tag)
    page.reload()
    expect(page.locator("main")).to_contain_text("4 people you can reach")

    # Tick two people on the people list and add them to a new fixed list.
    page.goto(f"{base}/people/?tag={tag.pk}")
    page.get_by_label("Select Rider0 Lane").check()
    page.get_by_label("Select Rider1 Lane").check()
    page.locator("summary", has_text="Add to a list").click()
    page.get_by_role("button", name="Add the ticked people to a list").click()
    expect(page.get_by_role("heading", level=1, name="Add to a list")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 people ticked")
    page.get_by_label("Name of the new list").fill("Door knock Saturday")
    check_page(page, "lists-add-choose")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_role("heading", level=1, name="Door knock Saturday")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 people you can reach")
    check_page(page, "lists-fixed-detail")
    fixed = SavedList.objects.get(name="Door knock Saturday")
    assert set(ListMembership.objects.filter(saved_list=fixed).values_list("person_id", flat=True)) == {
        riders[0].pk, riders[1].pk}

    # The hidden part of the button's name is its own flex item, so the browser may put a space before it.
    page.get_by_role("button", name=re.compile(r"^Take off the list\s?: Rider0 Lane$")).click()
    expect(page.get_by_text("Rider0 Lane taken off the list.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("1 person you can reach")

    page.goto(f"{base}/people/lists/")
    expect(page.locator("main")).to_contain_text("Door knock Saturday")
    check_page(page, "lists-page")

    staff = browser.new_context(**phone).new_page()
    sign_in(staff, base, "staff@demo.coalition.test")
    staff.goto(f"{base}/people/audiences/")
    staff.get_by_label("Audience").select_option(label="Springfield bus riders")
    staff.get_by_role("button", name="Show").click()
    expect(staff.locator("main")).to_contain_text("4 people")
    check_page(staff, "lists-audience")
