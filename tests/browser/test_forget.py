"""Forget me on a 390x844 phone: staff record a person's request from their page, an admin reads what will
happen, confirms with the person's name and the box, and the person is gone. Every page passes axe and vnu."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from members.models import ForgetRequest, Person
from tests.members.factories import PersonFactory, add_phone

from .checks import SHOTS, assert_accessible, assert_valid_html, check_page, sign_in


@pytest.fixture
def tall_phone(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "screen": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.django_db(transaction=True)
def test_staff_record_a_request_and_an_admin_forgets_the_person_on_a_phone(
    browser: Browser, tall_phone: dict[str, Any], live_server: Any
) -> None:
    call_command("seed_demo")
    person = PersonFactory(first_name="Zebulon", last_name="Quillfeather", email="zq@example.org")
    add_phone(person, "+13125550161", is_primary=True)
    base = live_server.url

    staff = browser.new_context(**tall_phone).new_page()
    sign_in(staff, base, "staff@demo.coalition.test")
    staff.goto(f"{base}/people/{person.pk}/")
    staff.get_by_role("link", name="Record a request to be forgotten").click()
    check_page(staff, "forget-request-form")
    _no_sideways_scroll(staff)
    staff.get_by_label("A letter").check()
    staff.get_by_role("button", name="Record the request").click()
    expect(staff.get_by_role("heading", name="Requests to be forgotten")).to_be_visible()
    expect(staff.get_by_text("waiting for an admin")).to_be_visible()
    check_page(staff, "forget-request-list")
    request = ForgetRequest.objects.get()

    admin = browser.new_context(**tall_phone).new_page()
    sign_in(admin, base, "admin@demo.coalition.test")
    admin.goto(f"{base}/people/forget/{request.pk}/")
    expect(admin.get_by_role("heading", name="Forget Zebulon Quillfeather?")).to_be_visible()
    expect(admin.get_by_text("This cannot be undone")).to_be_visible()
    check_page(admin, "forget-confirm")
    _no_sideways_scroll(admin)
    # A wrong name: the form comes back with a plain message and nothing is erased.
    admin.get_by_label("Type the person's name to confirm").fill("Zebulon")
    admin.get_by_role("button", name="Forget this person for good").click()
    expect(admin.get_by_text("Type the person's name exactly as it is shown above.", exact=True)).to_be_visible()
    admin.screenshot(path=str(SHOTS / "forget-confirm-error.png"), full_page=True)
    assert_valid_html(admin.content(), admin.url)
    assert_accessible(admin)
    assert Person.objects.get(pk=person.pk).forgotten_at is None

    admin.get_by_label("Type the person's name to confirm").fill("Zebulon Quillfeather")
    admin.get_by_label("I understand that this erases them for good").check()
    admin.get_by_role("button", name="Forget this person for good").click()
    expect(admin.get_by_text("The person has been forgotten.")).to_be_visible()
    expect(admin.get_by_text(f"Record #{person.pk}: forgotten")).to_be_visible()
    check_page(admin, "forget-done")
    assert Person.objects.get(pk=person.pk).forgotten_at is not None
    assert admin.goto(f"{base}/people/{person.pk}/").status == 404
