"""An Action Network export imported on a 360x740 phone: the preview says which rows are new and which match
someone, lists the columns it will not import and asks before making new tags; then the import runs. Every page
passes axe and vnu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from members.models import Person
from tests.members.factories import PersonFactory

from .checks import check_page, sign_in

SAMPLE = Path(__file__).parent.parent / "members" / "samples" / "action_network_activists.csv"


@pytest.mark.django_db(transaction=True)
def test_an_action_network_export_previewed_and_imported_on_a_phone(browser: Browser, phone: dict[str, Any],
                                                                     live_server: Any) -> None:
    call_command("seed_demo")
    PersonFactory(first_name="Ana", last_name="Ruiz", email="ana.ruiz@example.org")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    page.goto(f"{base}/people/imports/new/")
    check_page(page, "import-new")
    page.get_by_label("CSV, text or Excel file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Upload and preview").click()
    main = page.locator("main")
    expect(main).to_contain_text("The columns are those of an export from Action Network.")
    expect(main).to_contain_text("matches Ana Ruiz")
    expect(main).to_contain_text("“12345” is not a phone number. It is left out.")
    expect(page.locator(".unmapped-columns")).to_contain_text("Shirt size")
    expect(page.locator("#id_phone")).to_have_value("can2_phone")
    # The long file name in the heading wraps instead of widening the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the preview is {width}px wide on a 360px phone"
    check_page(page, "import-preview")

    page.get_by_label("Create these new tags").check()
    page.get_by_role("button", name="Import the rows without problems").click()
    expect(main).to_contain_text("2 added, 1 matched to people we already knew, 0 failed.", timeout=20_000)
    check_page(page, "import-done")
    assert sorted(Person.objects.get(email="ana.ruiz@example.org").tags.values_list("name", flat=True)) == [
        "Clean Slate", "Springfield trip"]
