"""Each demo role signs in on a phone, sees its own navigation, switches to Spanish and signs out.

Every page visited passes axe-core (WCAG 2.2 AA) and the Nu HTML checker.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from .checks import SHOTS, check_page, sign_in

# For each role: navigation entries it must see, and entries it must never see.
NAVIGATION = {
    "admin@demo.coalition.test": ({"Home", "Organizations", "Regions", "Invite", "Audit log", "Back office"}, set()),
    "staff@demo.coalition.test": ({"Home", "Organizations", "Regions", "Invite"}, {"Audit log", "Back office"}),
    "chicago.organizer@demo.coalition.test": (
        {"Home", "Organizations", "Regions"}, {"Invite", "Audit log", "Back office"}
    ),
    "central.organizer@demo.coalition.test": (
        {"Home", "Organizations", "Regions"}, {"Invite", "Audit log", "Back office"}
    ),
    "partner@demo.coalition.test": ({"Home", "Organizations"}, {"Regions", "Invite", "Audit log", "Back office"}),
    "member@demo.coalition.test": ({"Home"}, {"Organizations", "Regions", "Invite", "Audit log", "Back office"}),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("email", sorted(NAVIGATION))
def test_role_signs_in_sees_its_navigation_switches_to_spanish_and_signs_out(
    email: str, browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    context = browser.new_context(**phone)
    page = context.new_page()
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    check_page(page)
    sign_in(page, base, email)
    if email.startswith("member@"):
        # The demo member prefers Spanish: the app opens in Spanish; switch to English first (in the menu).
        expect(page.locator("html")).to_have_attribute("lang", "es")
        page.locator("summary.site-menu__toggle").click()
        page.get_by_label("Idioma").select_option("en")
        page.get_by_role("button", name="Cambiar").click()
    # A member is greeted by the name she goes by; the other roles by the app.
    greeting = "Hi, Lola" if email.startswith("member@") else "Welcome"
    expect(page.get_by_role("heading", level=1)).to_contain_text(greeting)
    check_page(page)
    # On a phone the navigation is in the Menu disclosure (docs/architecture.md#the-phone-layout).
    page.get_by_text("Menu", exact=True).click()
    must, never = NAVIGATION[email]
    nav = page.get_by_role("navigation", name="Main")
    labels = {text.strip() for text in nav.get_by_role("link").all_inner_texts()}
    assert must <= labels, f"{email} misses {must - labels}"
    assert not (never & labels), f"{email} sees {never & labels}"
    page.screenshot(path=str(SHOTS / f"home-{email.split('@')[0]}.png"), full_page=True)

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator("summary.site-menu__toggle").click()
    expect(page.get_by_role("navigation", name="Principal").get_by_role("link", name="Inicio")).to_be_visible()
    check_page(page)
    page.screenshot(path=str(SHOTS / f"home-es-{email.split('@')[0]}.png"), full_page=True)

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    context.close()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_gets_a_plain_message_and_a_hidden_page_is_not_found(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, "staff@demo.coalition.test", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    check_page(page)
    sign_in(page, live_server.url, "partner@demo.coalition.test")
    response = page.goto(f"{live_server.url}/audit/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    check_page(page, status=404)


@pytest.mark.django_db(transaction=True)
def test_admin_pages_on_a_phone_are_accessible_and_valid(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    base = live_server.url
    sign_in(page, base, "admin@demo.coalition.test")
    page.goto(f"{base}/organizations/")
    check_page(page)
    page.get_by_label("Name").fill("legal")
    expect(page.locator("#organization-rows")).not_to_contain_text("Kolbe House")
    expect(page.locator("#organization-rows")).to_contain_text("Cabrini-Green Legal Aid")
    page.get_by_role("link", name="Cabrini-Green Legal Aid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cabrini-Green Legal Aid")
    check_page(page)
    for path in ("/organizations/new/", "/regions/", "/regions/chicago/counties/", "/audit/", "/accounts/invite/"):
        page.goto(f"{base}{path}")
        check_page(page)
    page.goto(f"{base}/regions/")
    page.screenshot(path=str(SHOTS / "regions-admin.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_member_updates_how_to_reach_them_on_a_phone_in_spanish(
    browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    page = browser.new_context(**phone).new_page()
    sign_in(page, live_server.url, "member@demo.coalition.test")
    page.get_by_role("link", name="Cómo comunicarnos con usted").click()
    check_page(page)
    page.get_by_label("Número de teléfono").fill("773 555 01")
    page.get_by_role("button", name="Agregar este teléfono").click()
    expect(page.locator(".field-error").first).to_be_visible()
    check_page(page)
    page.get_by_label("Número de teléfono").fill("(773) 555-0199")
    page.get_by_role("button", name="Agregar este teléfono").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_text("(773) 555-0199", exact=True)).to_be_visible()
    check_page(page, shot="member-contact-es")
