"""Staff give an event and a ladder stage their Spanish words on a phone; a Spanish reader then sees them. The
staff forms put each Spanish field right under its English one. Every page passes axe-core and the Nu checker."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, expect

from events.models import Event
from leadership.models import Stage

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_staff_write_the_spanish_words_and_a_spanish_reader_sees_them(
    live_server: Any, browser: Browser, phone: dict[str, Any]
) -> None:
    call_command("seed_demo")
    base = live_server.url
    clinic = Event.objects.get(slug="chicago-400-quarterly-conference")
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    page.goto(base + reverse("events:event_update", kwargs={"pk": clinic.pk}))
    spanish_title = page.get_by_label("Title in Spanish (optional)")
    expect(spanish_title).to_have_attribute("lang", "es")
    english_box = page.locator("#id_title").bounding_box()
    spanish_box = spanish_title.bounding_box()
    assert english_box and spanish_box and english_box["y"] < spanish_box["y"]
    spanish_title.fill("Conferencia trimestral de la Alianza Chicago 400")
    page.get_by_label("Description in Spanish (optional)").fill("Para miembros y organizaciones aliadas.")
    check_page(page, "bilingual-event-form")
    page.locator("form.stack button[type=submit]").last.click()
    page.wait_for_load_state()
    clinic.refresh_from_db()
    assert clinic.title_es == "Conferencia trimestral de la Alianza Chicago 400"

    context.close()

    stage = Stage.objects.get(name="Emerging leader")
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, base, "admin@demo.coalition.test")
    page.goto(base + reverse("leadership:stage_update", args=[stage.pk]))
    page.get_by_label("Name in Spanish (optional)").fill("Lideresa emergente")
    check_page(page, "bilingual-stage-form")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    stage.refresh_from_db()
    assert stage.name_es == "Lideresa emergente"
    context.close()

    reader = browser.new_context(**phone)
    public = reader.new_page()
    public.goto(base + reverse("public:event", kwargs={"slug": clinic.slug}) + "?lang=es")
    expect(public.locator("h1")).to_have_text("Conferencia trimestral de la Alianza Chicago 400")
    expect(public.locator("main")).to_contain_text("Para miembros y organizaciones aliadas.")
    check_page(public, "bilingual-public-event-es")
    reader.close()
