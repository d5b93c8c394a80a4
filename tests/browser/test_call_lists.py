"""A call list on a 360x740 phone: staff make one from a saved list with a Spanish script and three questions,
open it, take the next person, see the script filled in their language and the number to tap, answer, "save and
next", and read the tallies. Every page passes axe and vnu."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from calls.models import CallTarget
from coalition.models import User
from members.models import Interaction
from tests.calls.factories import callee, saved_list

from .checks import check_page, sign_in


@pytest.mark.django_db(transaction=True)
def test_staff_make_a_call_list_and_work_it_on_a_phone(browser: Browser, phone: dict[str, Any], live_server: Any,
                                                       settings: Any) -> None:
    call_command("seed_demo")
    settings.SMS_QUIET_HOURS = None  # the hour the suite runs at must not matter
    staff = User.objects.get(email="staff@demo.coalition.test")
    rosa = callee("+13125559101", first_name="Rosa", last_name="Zed", language="es")
    ana = callee("+13125559102", first_name="Ana", last_name="Zed")
    riders = saved_list(staff, [rosa, ana, callee("+13125559103", consent=False, last_name="Zed")])
    base = live_server.url
    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "staff@demo.coalition.test")

    page.goto(f"{base}/calls/new/")
    check_page(page, "call-list-new")
    page.get_by_label("Name").fill("Springfield day")
    page.get_by_label("Who to call").select_option(value=f"list:{riders.pk}")
    page.get_by_label("Script in English").fill("Hi {preferred_name}, this is {caller_name}. Coming?")
    page.get_by_label("Script in Spanish").fill("Hola {preferred_name}, habla {caller_name}. ¿Vienes?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name="Springfield day")).to_be_visible()
    questions = (("Coming to Springfield?", "yes_no", ""), ("Which bus?", "choice", "Chicago\nRockford"),
                 ("Travel permission needed?", "yes_no", ""))
    for prompt, kind, options in questions:
        page.locator("#id_prompt").fill(prompt)
        page.locator("#id_kind").select_option(value=kind)
        page.locator("#id_options").fill(options)
        page.get_by_role("button", name="Add the question").click()
        expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_role("button", name="Open the list").click()
    expect(page.locator("main")).to_contain_text("No phone consent")
    check_page(page, "call-list-open")

    page.get_by_role("link", name="Make calls").click()
    check_page(page, "call-work-start")
    page.get_by_role("button", name="Next person").click()
    expect(page.get_by_role("heading", level=2, name="Ana Zed")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Hi Ana, this is {staff.first_name}. Coming?")
    expect(page.get_by_role("link", name="Call (312) 555-9102")).to_have_attribute("href", "tel:+13125559102")
    check_page(page, "call-work-person")
    page.get_by_role("group", name="Coming to Springfield?").get_by_label("Yes").check()
    page.get_by_label("Rockford").check()
    page.get_by_label("Reached").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Call saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Rosa Zed")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Hola Rosa, habla {staff.first_name}. ¿Vienes?")
    page.get_by_label("No answer").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Nobody is left to call on this list right now.")).to_be_visible()
    check_page(page, "call-work-done")

    assert Interaction.objects.get(person=ana, kind="call").survey == [
        {"question": "Coming to Springfield?", "answer": "Yes"}, {"question": "Which bus?", "answer": "Rockford"}]
    assert CallTarget.objects.filter(outcome="no_answer").count() == 1
    page.goto(f"{base}/calls/{CallTarget.objects.first().call_list_id}/")
    expect(page.locator("main")).to_contain_text("Rockford")
    check_page(page, "call-list-progress")


@pytest.mark.django_db(transaction=True)
def test_a_member_caller_works_five_people_on_a_phone(browser: Browser, phone: dict[str, Any], live_server: Any,
                                                      settings: Any) -> None:
    from django.utils import timezone

    from calls import services
    from events.models import RSVP
    from members.models import FollowUp, SensitiveFacts
    from tests.events.factories import BusFactory, EventFactory

    call_command("seed_demo")
    settings.SMS_QUIET_HOURS = None
    staff = User.objects.get(email="chicago.organizer@demo.coalition.test")  # runs the list
    member = User.objects.get(email="member@demo.coalition.test")
    User.objects.filter(pk=member.pk).update(preferred_language="en")  # the demo's member reads Spanish
    event = EventFactory(title="Springfield advocacy day")
    BusFactory(event=event, pickup_point__name="Chicago")
    rockford = BusFactory(event=event, pickup_point__name="Rockford")
    people = [callee(f"+1312555920{i}", first_name=name, last_name="Zzyzx")
              for i, name in enumerate(["Ana", "Ben", "Cara", "Dan", "Eva"], start=1)]
    SensitiveFacts.objects.create(person=people[0], note="Reports to parole on Mondays")
    made = services.call_list_save(actor=staff, name="Springfield calls", event=event,
                                   audience=f"list:{saved_list(staff, people).pk}",
                                   script_en="Hi {preferred_name}!", script_es="¡Hola {preferred_name}!")
    services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Coming to Springfield?", action="rsvp")
    bus_question = services.question_add(actor=staff, call_list=made, kind="choice", prompt="Which bus?",
                                         action="bus")
    services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Travel permission needed?",
                          action="travel")
    services.call_list_open(actor=staff, call_list=made)
    base = live_server.url

    owner = browser.new_context(**phone).new_page()
    sign_in(owner, base, "chicago.organizer@demo.coalition.test")
    owner.goto(f"{base}/calls/{made.pk}/")
    owner.get_by_label("Caller's email").fill(member.email)
    owner.get_by_role("button", name="Add the caller").click()
    expect(owner.get_by_text("Caller added")).to_be_visible()
    check_page(owner, "call-list-callers")

    page = browser.new_context(**phone).new_page()
    sign_in(page, base, "member@demo.coalition.test")
    # The member's home page has the list, one tap from calling.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Start calling").click()
    page.get_by_role("button", name="Next person").click()
    expect(page.get_by_role("heading", level=2, name="Ana Zzyzx")).to_be_visible()
    assert "parole" not in page.content()
    check_page(page, "call-member-ana")
    page.get_by_role("group", name="Coming to Springfield?").get_by_label("Yes").check()
    page.get_by_label(bus_question.options[1]).check()
    page.get_by_role("group", name="Travel permission needed?").get_by_label("Yes").check()
    page.get_by_label("Reached").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=2, name="Ben Zzyzx")).to_be_visible()
    page.get_by_label("Wrong number").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=2, name="Cara Zzyzx")).to_be_visible()
    today = timezone.localtime()  # later today: the home page lists follow-ups due today and overdue
    page.get_by_label("Call back later").check()
    page.locator("#id_call_back_at").fill(today.strftime("%Y-%m-%dT23:30"))
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=2, name="Dan Zzyzx")).to_be_visible()
    page.get_by_label("No answer").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=2, name="Eva Zzyzx")).to_be_visible()
    page.get_by_label("Refused").check()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text("Nobody is left to call on this list right now.")).to_be_visible()
    check_page(page, "call-member-done")

    rsvp = RSVP.objects.get(event=event)
    assert rsvp.person == people[0] and rsvp.bus == rockford and rsvp.status == RSVP.Status.GOING
    assert rsvp.travel_permission == RSVP.TravelPermission.NEEDED
    assert people[1].phones.get().stopped_working_on is not None
    follow_up = FollowUp.objects.get(person=people[2])
    assert follow_up.owner == staff and follow_up.due_on == today.date()
    owner.goto(f"{base}/")
    expect(owner.locator("main")).to_contain_text("Cara Zzyzx")
    owner.goto(f"{base}/calls/{made.pk}/")
    progress = owner.locator("#progress-heading + dl")
    expect(progress).to_contain_text("To go")
    assert CallTarget.objects.filter(call_list=made, outcome="").count() == 0
    expect(owner.locator("main")).to_contain_text(bus_question.options[1])
    check_page(owner, "call-list-tallies")

    # The owner rewords a question after the calls; the saved answers keep the wording they were asked with.
    owner.get_by_role("link", name="Edit “Travel permission needed?”").click()
    check_page(owner, "call-question-edit")
    owner.locator("#id_prompt").fill("Do you need travel permission from your agent?")
    owner.get_by_role("button", name="Save").click()
    expect(owner.get_by_text("Question saved.")).to_be_visible()
    assert rsvp.person.interactions.get(kind="call").survey[2] == {"question": "Travel permission needed?",
                                                                   "answer": "Yes"}
    # The member's role is taken back: their next tap says so in plain words.
    owner.get_by_role("button", name=f"Remove {member.get_full_name() or member.email}").click()
    expect(owner.get_by_text("Caller removed.")).to_be_visible()
    page.get_by_role("button", name="Next person").click()
    expect(page.get_by_role("heading", level=1, name="You are no longer calling for this list")).to_be_visible()
    assert "Springfield calls" not in page.content()
    page.goto(f"{base}/calls/{made.pk}/call/")  # the calling page says the same
    expect(page.get_by_role("heading", level=1, name="You are no longer calling for this list")).to_be_visible()
    check_page(page, "call-no-longer-caller", status=404)
