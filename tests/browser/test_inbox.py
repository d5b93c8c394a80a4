"""The inbox on a 360x740 phone: a member's text question reaches her Chicago organizer, who opens the inbox,
answers it, and the answer is one outbox message. Every page passes axe and vnu."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, expect

from coalition.models import User
from members import services as member_services
from messaging.models import InboundReply, Message
from messaging.replies import INBOX_ANSWER
from tests.members.factories import PersonFactory, add_phone
from tests.messaging.webhook import inbound_data, signed_post

from .checks import check_page, go_to, sign_in


@pytest.mark.django_db(transaction=True)
def test_an_organizer_answers_a_text_from_the_inbox_on_a_phone(
    browser: Browser, phone: dict[str, Any], live_server: Any, settings: Any
) -> None:
    call_command("seed_demo")
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    organizer = User.objects.get(email="chicago.organizer@demo.coalition.test")
    yolanda = PersonFactory(first_name="Yolanda", last_name="Texter")
    add_phone(yolanda, "+13125550777", is_primary=True)
    member_services.consent_set(actor=organizer, person=yolanda, channel="sms", given=True, how="Sign-in sheet")
    response = signed_post(Client(), settings, inbound_data("+13125550777", "Is there childcare at the meeting?"))
    assert response.status_code == 200
    reply = InboundReply.objects.get(person=yolanda)

    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")
    go_to(page, "Inbox")
    expect(page.get_by_role("heading", level=1, name="Inbox")).to_be_visible()
    card = page.locator(f"#reply-{reply.pk}")
    expect(card).to_contain_text("Is there childcare at the meeting?")
    check_page(page, "inbox-phone")

    card.get_by_role("link", name="Answer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A text from Yolanda")
    check_page(page, "inbox-reply-phone")
    page.get_by_label("Your answer").fill("Yes, for kids 3 and up.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is on its way to Yolanda")).to_be_visible()
    expect(page.locator(f"#reply-{reply.pk}")).to_have_count(0)
    check_page(page, "inbox-answered-phone")

    [answer] = Message.objects.filter(kind=INBOX_ANSWER)
    assert answer.person_id == yolanda.pk
    reply.refresh_from_db()
    assert reply.status == InboundReply.Status.ANSWERED and reply.answered_by == organizer
