"""On a 360x740 phone: a member joins an event from their home in one tap; an organizer checks someone in at the
door and undoes it. Every page passes axe-core and the Nu checker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from coalition.models import User
from events.models import RSVP
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_member_joins_an_event_from_home_in_one_tap(live_server: Any, browser: Browser,
                                                   phone: dict[str, Any]) -> None:
    call_command("seed_demo")
    event = EventFactory(title="Clean Slate town hall", region=None, starts_at=timezone.now() + timedelta(days=3))
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, live_server.url, "member@demo.coalition.test")
    page.goto(f"{live_server.url}/")
    join = page.locator(f"#join-{event.pk} button")
    expect(join).to_be_visible()
    check_page(page, "member-home")
    join.click()
    page.wait_for_load_state()
    expect(page.locator(".message--success")).to_be_visible()
    mine = page.locator("section[aria-labelledby=my-events-heading]")
    expect(mine).to_contain_text("Clean Slate town hall")
    expect(page.locator(f"#join-{event.pk}")).to_have_count(0)
    check_page(page, "member-home-joined")
    context.close()
    assert RSVP.objects.filter(event=event, person__account__email="member@demo.coalition.test").count() == 1


@pytest.mark.django_db(transaction=True)
def test_check_in_and_undo_at_the_door(live_server: Any, browser: Browser, phone: dict[str, Any]) -> None:
    call_command("seed_demo")
    event = EventFactory(title="Know your rights night", region=None, is_public=False)
    person = PersonFactory(first_name="Zora", last_name="Quinlan")
    rsvp = RSVPFactory(event=event, person=person, status=RSVP.Status.GOING)
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, live_server.url, "staff@demo.coalition.test")
    page.goto(f"{live_server.url}/events/{event.pk}/check-in/")
    count = page.locator("#checkin-count")
    expect(count).to_contain_text("0 of 1")
    page.locator(f"#checkin-{rsvp.pk} button.button--primary").click()
    notice = page.locator(f"#checkin-{rsvp.pk} .undo-notice")
    expect(notice).to_be_visible()
    expect(count).to_contain_text("1 of 1")
    check_page(page, "checkin-done-undo")
    notice.locator("button").click()
    expect(page.locator(f"#checkin-{rsvp.pk} .undo-notice")).to_have_count(0)
    expect(count).to_contain_text("0 of 1")
    expect(page.locator(f"#checkin-{rsvp.pk} button.button--primary")).to_be_visible()
    check_page(page, "checkin-undone")
    context.close()
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None


@pytest.mark.django_db(transaction=True)
def test_the_organizer_is_asked_to_record_who_came_and_the_roster_shows_confirmed(
    live_server: Any, browser: Browser, phone: dict[str, Any]
) -> None:
    call_command("seed_demo")
    staff = User.objects.get(email="staff@demo.coalition.test")
    ended = timezone.now() - timedelta(hours=1)
    event = EventFactory(title="Peoria listening session", region=None, is_public=False, created_by=staff,
                         starts_at=ended - timedelta(hours=2), ends_at=ended)
    RSVPFactory(event=event, person=PersonFactory(first_name="Zora", last_name="Quinlan"),
                status=RSVP.Status.GOING, confirmed_at=ended - timedelta(days=1))
    context = browser.new_context(**phone)
    page = context.new_page()
    sign_in(page, live_server.url, "staff@demo.coalition.test")
    page.goto(f"{live_server.url}/")
    prompt = page.get_by_role("link", name="Record who came to Peoria listening session")
    expect(prompt).to_be_visible()
    check_page(page, "home-attendance-prompt")
    page.goto(f"{live_server.url}/events/{event.pk}/")
    expect(page.locator("td .badge", has_text="Confirmed")).to_be_visible()
    check_page(page, "roster-confirmed")
    page.goto(f"{live_server.url}/")
    prompt.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/events/{event.pk}/check-in/")
    context.close()
