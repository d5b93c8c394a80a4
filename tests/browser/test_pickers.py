"""The person picker on a 390x844 phone: with the keyboard (type, arrow down, Enter, save), and without JavaScript
(type, Search, choose a radio button, save). axe and the Nu checker run on each state of the page, the open
listbox and the search step among them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from .checks import SHOTS, assert_accessible, assert_valid_html, check_page, sign_in


def _phone(base: dict[str, Any], **extra: Any) -> dict[str, Any]:
    size = {"width": 390, "height": 844}
    return {**base, "viewport": size, "screen": size, "device_scale_factor": 2, "is_mobile": True,
            "has_touch": True, **extra}


def _without_injected_scripts(html: str) -> str:
    """The DOM less the scripts the checks injected (axe): the app itself has no inline script (strict CSP)."""
    return re.sub(r"<script(?![^>]*\bsrc=)[^>]*>.*?</script>", "", html, flags=re.S)


def _check_dom(page: Page, shot: str) -> None:
    """axe on the page as it is now, and the Nu checker on its current DOM (a POST's answer or a live listbox,
    which fetching the URL again would not show)."""
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    html = _without_injected_scripts(page.content())
    assert_accessible(page)
    assert_valid_html(html, page.url)


@pytest.mark.django_db(transaction=True)
def test_choose_a_person_with_the_keyboard(browser: Browser, browser_context_args: dict, live_server) -> None:  # type: ignore[no-untyped-def, type-arg]
    from campaigns.models import CampaignAction, LobbyVisit
    from members.models import Person

    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**_phone(browser_context_args)).new_page()
    sign_in(page, base, "staff@demo.coalition.test")
    page.goto(f"{base}/campaigns/fully-free/actions/new/")
    check_page(page, "picker-empty")
    # With JavaScript the no-JS Search button is gone: Enter belongs to the list.
    expect(page.get_by_role("button", name="Search")).to_be_hidden()
    box = page.get_by_role("combobox", name="Person")
    box.click()
    box.press_sequentially("lola", delay=40)
    listbox = page.get_by_role("listbox", name="People found")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").first
    expect(option).to_contain_text("Lola Reyes")
    expect(option).to_contain_text("phone ending 0142")
    expect(page.locator("#id_person_status")).to_contain_text("match")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    _check_dom(page, "picker-open")
    box.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Lola Reyes")
    lola = Person.objects.get(first_name="Dolores", last_name="Reyes")
    expect(page.locator("input[type=hidden][name=person]")).to_have_value(str(lola.pk))
    page.get_by_label("Action").select_option(label="Testified")
    page.get_by_label("Date").fill("2026-03-04")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action logged.")).to_be_visible()
    assert CampaignAction.objects.filter(person=lola, kind="testified").exists()
    check_page(page, "picker-saved")

    # Several people: "who went" on a lobby visit, chosen one after the other.
    page.goto(f"{base}/campaigns/lobby-visits/new/")
    page.locator("#id_legislator").select_option(index=1)
    page.get_by_label("HB 4120", exact=False).first.check()
    page.get_by_label("Date of the visit").fill("2026-11-18")
    went = page.get_by_role("combobox", name="Who went")
    for typed, name in (("marcus", "Marcus Bell"), ("lola", "Lola Reyes")):
        went.click()
        went.press_sequentially(typed, delay=40)
        expect(page.get_by_role("listbox", name="People found").get_by_role("option").first).to_contain_text(name)
        went.press("ArrowDown")
        went.press("Enter")
        expect(page.get_by_role("checkbox", name=name)).to_be_checked()
        expect(went).to_have_value("")
    page.get_by_label("What was asked").fill("Vote yes on HB 4120.")
    _check_dom(page, "picker-who-went")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("HB")
    visit = LobbyVisit.objects.latest("pk")
    assert {p.display_name for p in visit.people.all()} == {"Marcus Bell", "Lola Reyes"}


@pytest.mark.django_db(transaction=True)
def test_choose_a_person_without_javascript(browser: Browser, browser_context_args: dict, live_server) -> None:  # type: ignore[no-untyped-def, type-arg]
    from campaigns.models import CampaignAction

    call_command("seed_demo")
    base = live_server.url
    page = browser.new_context(**_phone(browser_context_args, java_script_enabled=False)).new_page()
    # axe needs JavaScript: it runs on a copy of each no-JS page in a second context that has it.
    checker = browser.new_context(**_phone(browser_context_args)).new_page()

    def check_copy(shot: str) -> None:
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        html = _without_injected_scripts(page.content())
        # The copy keeps the page's address (its stylesheet loads) and loses its scripts (it stays the no-JS page).
        checker.goto(page.url)
        checker.set_content(re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S))
        assert_accessible(checker)
        assert_valid_html(html, page.url)

    sign_in(page, base, "staff@demo.coalition.test")
    page.goto(f"{base}/campaigns/fully-free/actions/new/")
    check_copy("picker-nojs-empty")
    page.get_by_label("Action").select_option(label="Called a legislator")
    page.get_by_label("Person").fill("Reyes")
    page.get_by_role("button", name="Search").click()
    # The search step: the matches as radio buttons, what was typed kept, nothing saved.
    # Said beside the field and in the form's error summary, which links to it.
    expect(page.get_by_text("Choose one of the people found for “Reyes”.")).to_have_count(2)
    expect(page.locator("[data-error-summary] a[href='#id_person']")).to_be_visible()
    expect(page.get_by_label("Action")).to_have_value("called")
    assert not CampaignAction.objects.filter(kind="called", taken_on="2026-03-05").exists()
    check_copy("picker-nojs-search")
    page.get_by_role("radio", name="Lola Reyes").check()
    page.get_by_label("Date").fill("2026-03-05")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action logged.")).to_be_visible()
    action = CampaignAction.objects.get(kind="called", taken_on="2026-03-05")
    assert action.person.display_name == "Lola Reyes"
    check_copy("picker-nojs-saved")
