"""Reaching people and hearing back, end to end on a 360x740 phone: staff save a smart list from the people page,
compose an English and a Spanish text with a merge field, see who will get it and why the others will not, and
send it; each person gets it in their language. One of them answers STOP in Spanish and is never texted again;
another asks a question, which reaches her Chicago organizer's inbox (and not the Central organizer's) and is
answered from there. Every page passes axe and vnu.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, expect

from coalition.models import User
from members.models import SavedList, Tag
from messaging import broadcast_services
from messaging.backends import LocmemSmsBackend
from messaging.models import Broadcast, InboundReply, Message
from messaging.replies import INBOX_ANSWER
from tests.messaging.broadcast_factories import consenting, draft
from tests.messaging.webhook import inbound_data, signed_post

from .checks import check_page, go_to, sign_in


@pytest.mark.django_db(transaction=True)
def test_a_bilingual_text_to_a_smart_list_a_spanish_stop_and_a_question_answered_from_the_inbox(
    browser: Browser, phone: dict[str, Any], live_server: Any, settings: Any
) -> None:
    call_command("seed_demo")
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    settings.SMS_QUIET_HOURS = None  # the hour the suite runs at must not matter
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    LocmemSmsBackend.outbox = []
    staff = User.objects.get(email="staff@demo.coalition.test")
    chicago = User.objects.get(email="chicago.organizer@demo.coalition.test")
    riders = Tag.objects.create(name="Springfield riders")
    ana = consenting("+13125559101", first_name="Ana", last_name="Quill")
    rosa = consenting("+13125559102", first_name="Rosa", last_name="Quill", language="es")
    gus = consenting("+13125559103", first_name="Gus", last_name="Quill", sms=False)
    for person in (ana, rosa, gus):
        person.tags.add(riders)
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    # A smart list, saved from the people page's filters.
    page.goto(f"{base}/people/?tag={riders.pk}")
    expect(page.locator("#person-rows")).to_contain_text("3 people")
    page.locator("summary", has_text="Save these filters as a list").click()
    page.get_by_label("Name of the list").fill("Springfield riders, spring")
    page.get_by_role("button", name="Save the list").click()
    expect(page.get_by_role("heading", level=1, name="Springfield riders, spring")).to_be_visible()
    smart = SavedList.objects.get(name="Springfield riders, spring")
    assert smart.smart

    # Compose, with the live count and the reason Gus is left out.
    page.goto(f"{base}/messages/broadcasts/new/")
    page.locator("#id_b-name").fill("Bus to Springfield")
    page.locator("#id_b-audience").select_option(value=f"list:{smart.pk}")
    page.get_by_label("Text message in English").fill("Hi {preferred_name}, our bus leaves at 7. Reply with questions.")
    page.get_by_label("Text message in Spanish").fill("Hola {preferred_name}, el bus sale a las 7. Responde con dudas.")
    preview = page.locator("#broadcast-preview")
    expect(preview).to_contain_text("2 people will get it")
    expect(preview).to_contain_text("Hola Rosa, el bus sale a las 7.")
    check_page(page, "journey-broadcast-compose")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1, name="Bus to Springfield")).to_be_visible()
    page.get_by_role("button", name="Send or schedule").click()
    expect(page.get_by_text("Sending.")).to_be_visible()
    check_page(page, "journey-broadcast-sending")
    texts = {m["to"]: m["body"] for m in LocmemSmsBackend.outbox}
    assert texts == {"+13125559101": "Hi Ana, our bus leaves at 7. Reply with questions.",
                     "+13125559102": "Hola Rosa, el bus sale a las 7. Responde con dudas."}
    first = Broadcast.objects.get(name="Bus to Springfield")
    skipped = Message.objects.get(kind="broadcast", subject_id=first.pk, status=Message.Status.SKIPPED)
    assert skipped.person_id == gus.pk
    page.goto(f"{base}/messages/?status=sent")
    expect(page.locator("main")).to_contain_text("Ana Quill")
    expect(page.locator("main")).to_contain_text("Rosa Quill")
    check_page(page, "journey-outbox")

    # Rosa answers ALTO: her phone is stopped, and the next broadcast to the same list skips her.
    client = Client()
    assert signed_post(client, settings, inbound_data("+13125559102", "ALTO")).status_code == 200
    rosa.refresh_from_db()
    assert not rosa.sms_consent
    again = draft(staff, f"list:{smart.pk}", name="Bus, one more time", sms_en="Hi {preferred_name}, see you at 7.",
                  sms_es="Hola {preferred_name}, nos vemos a las 7.")
    broadcast_services.broadcast_send(actor=staff, broadcast=again)
    assert [m["to"] for m in LocmemSmsBackend.outbox].count("+13125559102") == 1
    assert Message.objects.get(kind="broadcast", subject_id=again.pk, person=rosa).status == Message.Status.SKIPPED

    # Ana asks a question: it lands in the Chicago organizer's inbox, who answers it from there.
    question = "Can I bring my son on the bus?"
    assert signed_post(client, settings, inbound_data("+13125559101", question)).status_code == 200
    reply = InboundReply.objects.get(person=ana)
    central = browser.new_context(**phone).new_page()
    sign_in(central, base, "central.organizer@demo.coalition.test")
    central.goto(f"{base}/messages/inbox/")
    expect(central.get_by_role("heading", level=1, name="Inbox")).to_be_visible()
    expect(central.locator("main")).not_to_contain_text(question)
    assert central.goto(f"{base}/messages/inbox/{reply.pk}/").status == 404

    organizer = browser.new_context(**phone).new_page()
    sign_in(organizer, base, "chicago.organizer@demo.coalition.test")
    go_to(organizer, "Inbox")
    card = organizer.locator(f"#reply-{reply.pk}")
    expect(card).to_contain_text(question)
    card.get_by_role("link", name="Answer").click()
    organizer.get_by_label("Your answer").fill("Yes, there is a seat for him too.")
    organizer.get_by_role("button", name="Send the answer").click()
    expect(organizer.get_by_text("Your answer is on its way to Ana")).to_be_visible()
    check_page(organizer, "journey-inbox-answered")
    [answer] = Message.objects.filter(kind=INBOX_ANSWER)
    assert answer.person_id == ana.pk and answer.status == Message.Status.SENT
    assert LocmemSmsBackend.outbox[-1] == {"to": "+13125559101", "body": "Yes, there is a seat for him too.",
                                           "key": answer.dedupe_key}
    reply.refresh_from_db()
    assert reply.answered_by == chicago
