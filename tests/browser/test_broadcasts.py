"""A broadcast on a 360x740 phone: staff compose an English and a Spanish text with a merge field to a saved list,
see the live preview with the segment count, who will get it and why the others will not, save it, send it now
(tasks run at once), and the outbox sends each person the text in their language. Every page passes axe and vnu.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from coalition.models import User
from messaging.backends import LocmemSmsBackend
from messaging.models import Broadcast, Message
from tests.messaging.broadcast_factories import consenting, saved_list, withdrawn

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_staff_compose_preview_and_send_a_bilingual_text(browser: Browser, phone: dict[str, Any], live_server: Any,
                                                         settings: Any) -> None:
    call_command("seed_demo")
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    settings.SMS_QUIET_HOURS = None  # the hour the suite runs at must not matter
    LocmemSmsBackend.outbox = []
    staff = User.objects.get(email="staff@demo.coalition.test")
    ana = consenting("+13125559001", first_name="Ana", last_name="Zed")
    rosa = consenting("+13125559002", first_name="Rosa", last_name="Zed", language="es")
    gone = consenting("+13125559003", first_name="Gus", last_name="Zed")
    withdrawn(gone)
    riders = saved_list(staff, [ana, rosa, gone], name="Springfield riders")
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    page.goto(f"{base}/messages/broadcasts/new/")
    page.locator("#id_b-name").fill("Lobby day ride")
    page.locator("#id_b-audience").select_option(value=f"list:{riders.pk}")
    page.get_by_label("Text message in English").fill("Hi {preferred_name}, the bus leaves at 7.")
    page.get_by_label("Text message in Spanish").fill("Hola {preferred_name}, el autobús sale a las 7.")
    preview = page.locator("#broadcast-preview")
    expect(preview).to_contain_text("2 people will get it")
    expect(preview).to_contain_text("They stopped texts (a STOP or a withdrawal).")
    expect(preview).to_contain_text("Hola Rosa, el autobús sale a las 7.")
    expect(preview).to_contain_text("UCS-2")  # "ú" is not in the GSM alphabet
    check_page(page, "broadcast-compose")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1, name="Lobby day ride")).to_be_visible()
    expect(page.locator("main")).to_contain_text("2 people will get it")
    check_page(page, "broadcast-draft")

    page.get_by_role("button", name="Send or schedule").click()
    expect(page.get_by_text("Sending.")).to_be_visible()
    check_page(page, "broadcast-sending")
    broadcast = Broadcast.objects.get(name="Lobby day ride")
    texts = {m["to"]: m["body"] for m in LocmemSmsBackend.outbox}
    assert texts == {"+13125559001": "Hi Ana, the bus leaves at 7.",
                     "+13125559002": "Hola Rosa, el autobús sale a las 7."}
    assert Message.objects.filter(kind="broadcast", subject_id=broadcast.pk, status="skipped").count() == 1
    page.reload()
    expect(page.locator("#broadcast-progress")).to_contain_text("Sent")
    page.goto(f"{base}/messages/broadcasts/")
    expect(page.locator("main")).to_contain_text("Lobby day ride")
    check_page(page, "broadcast-list")
