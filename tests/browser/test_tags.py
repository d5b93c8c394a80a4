"""Tags, referrals and the voting bloc on a 390x844 phone: an organizer tags 50 people at once from a filtered
list, refers a clinic attendee to legal aid from the check-in page and reads the clinic's report, records a
person's voting plan; staff keep the tags. Every page passes axe and vnu.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from events.models import RSVP, Event
from members.models import Person, RecordClearingReferral, Tag
from tests.members.factories import PersonFactory

from .checks import SHOTS, assert_accessible, assert_valid_html, check_page, go_to, sign_in


def check_posted(page: Any, shot: str) -> None:
    """A page answering a POST (a form shown again with its errors): axe, and vnu on the document as shown."""
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    assert_valid_html(page.content(), page.url)  # before axe's script is added to the document
    assert_accessible(page)


@pytest.fixture
def tall_phone(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "screen": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.django_db(transaction=True)
def test_organizer_tags_fifty_refers_a_clinic_attendee_and_records_a_voting_plan(
    browser: Browser, tall_phone: dict[str, Any], live_server: Any
) -> None:
    call_command("seed_demo")
    signup = Tag.objects.create(name="Clinic sign-up", name_es="Inscripción a la clínica")
    drive = Tag.objects.create(name="Voter drive")
    people = [PersonFactory(first_name=f"Signup{n:02d}", last_name="Bloc") for n in range(50)]
    for person in people:
        person.tags.add(signup)
    clinic = Event.objects.get(kind=Event.Kind.CLINIC)
    RSVP.objects.create(event=clinic, person=people[0], status=RSVP.Status.GOING, checked_in_at=timezone.now())
    base = live_server.url
    page = browser.new_context(**tall_phone).new_page()
    sign_in(page, base, "chicago.organizer@demo.coalition.test")

    # Tag all 50 at once from the filtered list.
    page.goto(f"{base}/people/?tag={signup.pk}")
    expect(page.locator("#person-rows")).to_contain_text("50 people")
    check_page(page, "tags-people-filtered")
    page.locator("summary", has_text="Tag or untag").click()
    page.get_by_label("All 50 matching this filter").check()
    page.locator("#id_bulk-tag").select_option(label="Voter drive")
    page.get_by_role("button", name="Review and confirm").click()
    expect(page.get_by_text("Add the tag “Voter drive” to 50 people?")).to_be_visible()
    check_page(page, "tags-bulk-review")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("50 people got the tag “Voter drive”.")).to_be_visible()
    check_page(page, "tags-bulk-done")
    assert drive.people.count() == 50

    # The tags page, read-only for an organizer.
    go_to(page, "Tags")
    expect(page.get_by_role("heading", level=1, name="Tags")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Voter drive")
    check_page(page, "tags-list-organizer")

    # Clinic intake: refer the attendee from the check-in page.
    page.goto(f"{base}/events/{clinic.pk}/check-in/")
    page.get_by_role("link", name="Refer Signup00 Bloc to legal aid").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record-clearing referral for Signup00 Bloc")
    page.get_by_label("Legal-aid partner").select_option(label="Cabrini-Green Legal Aid")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".field-error")).to_contain_text("Ask first")
    check_posted(page, "tags-referral-bad-input")
    page.get_by_label("The person agreed to share their details with the partner").check()
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_text("Referral of Signup00 Bloc to Cabrini-Green Legal Aid recorded.")).to_be_visible()
    check_page(page, "tags-checkin-after-referral")
    assert RecordClearingReferral.objects.get().event == clinic

    page.goto(f"{base}/people/referrals/report/?event={clinic.pk}")
    expect(page.locator("table")).to_contain_text("Cabrini-Green Legal Aid")
    check_page(page, "tags-clinic-report")
    page.goto(f"{base}/people/referrals/")
    expect(page.locator("main")).to_contain_text("Signup00 Bloc")
    check_page(page, "tags-referral-list")
    page.locator("main").get_by_role("link", name="Signup00 Bloc").click()
    page.get_by_label("Status").select_option(label="Partner contacted them")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Referral saved.")).to_be_visible()

    # A voting plan, as the person told the organizer.
    page.goto(f"{base}/people/{people[1].pk}/voting/")
    page.get_by_label("Registered to vote, as they say").select_option(label="Registered")
    page.get_by_label("Their plan to vote").select_option(label="Vote by mail")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field-error")).to_contain_text("Say how they told you")
    check_posted(page, "tags-voting-bad-input")
    page.get_by_label("How they told you").fill("On the phone")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#voting-heading + dl")).to_contain_text("Vote by mail")
    check_page(page, "tags-person-voting")
    assert Person.objects.get(pk=people[1].pk).voting_plan == "mail"

    # Staff keep the tags: rename with a Spanish name, then merge.
    staff = browser.new_context(**tall_phone).new_page()
    sign_in(staff, base, "staff@demo.coalition.test")
    staff.goto(f"{base}/people/tags/")
    check_page(staff, "tags-list-staff")
    # The hidden part of the link's name is its own flex item, so the browser may put a space before it.
    staff.get_by_role("link", name=re.compile(r"^Merge into another\s?: Clinic sign-up$")).click()
    staff.get_by_label("Merge into").select_option(label="Voter drive")
    check_page(staff, "tags-merge")
    staff.get_by_role("button", name="Merge").click()
    expect(staff.get_by_text("Clinic sign-up merged into Voter drive: 50 people moved.")).to_be_visible()
    staff.goto(f"{base}/people/tags/?retired=1")
    expect(staff.locator("main")).to_contain_text("merged into Voter drive")
    check_page(staff, "tags-retired")
