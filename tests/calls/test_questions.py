"""Changing a call list's questions after calls began: wording, order, removal, and the travel-permission action.
Earlier answers stay readable with the wording they were asked with."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calls import selectors, services
from calls.models import CallList, Question
from coalition.access import OutOfReach
from tests.calls.factories import call_list, callee, daytime

pytestmark = pytest.mark.django_db


def _save_one(actor, made: CallList, **by_prompt: str):  # type: ignore[no-untyped-def]
    target = services.call_next(actor=actor, call_list=made, now=daytime())
    answers = {str(q.pk): by_prompt.get(q.prompt, "") for q in made.questions.all()}
    return services.call_save(actor=actor, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                              outcome="reached", answers=answers)


def test_rewording_a_question_keeps_the_wording_earlier_calls_were_asked_with(staff) -> None:
    made = call_list(staff, [callee("+13125550101"), callee("+13125550102")])
    coming = made.questions.get(prompt="Coming to Springfield?")
    first = _save_one(staff, made, **{"Coming to Springfield?": "yes"})
    services.question_update(actor=staff, question=coming, prompt="Riding with us to Springfield?",
                             prompt_es="¿Viene con nosotros a Springfield?")
    second = _save_one(staff, made, **{"Riding with us to Springfield?": "no"})
    first.refresh_from_db()
    assert first.answers[str(coming.pk)]["question"] == "Coming to Springfield?"
    assert second.answers[str(coming.pk)] == {"question": "Riding with us to Springfield?", "value": "no",
                                              "answer": "No"}
    assert first.interaction.survey == [{"question": "Coming to Springfield?", "answer": "Yes"}]


def test_a_choice_keeps_two_choices_and_a_bad_edit_changes_nothing(staff) -> None:
    made = call_list(staff, [callee()])
    bus = made.questions.get(prompt="Which bus?")
    with pytest.raises(ValidationError):
        services.question_update(actor=staff, question=bus, prompt="Which bus, then?", options=["Chicago"])
    bus.refresh_from_db()
    assert (bus.prompt, bus.options) == ("Which bus?", ["Chicago", "Rockford"])
    services.question_update(actor=staff, question=bus, prompt="Which bus?", options=["Chicago", "Peoria", " "])
    bus.refresh_from_db()
    assert bus.options == ["Chicago", "Peoria"]


def test_moving_a_question_swaps_it_with_its_neighbour_and_stops_at_the_ends(staff) -> None:
    made = call_list(staff, [callee()])
    prompts = lambda: list(made.questions.values_list("prompt", flat=True))  # noqa: E731
    travel = made.questions.get(prompt="Travel permission needed?")
    services.question_move(actor=staff, question=travel, up=True)
    assert prompts() == ["Coming to Springfield?", "Travel permission needed?", "Which bus?"]
    services.question_move(actor=staff, question=made.questions.get(prompt="Coming to Springfield?"), up=True)
    assert prompts() == ["Coming to Springfield?", "Travel permission needed?", "Which bus?"]
    services.question_move(actor=staff, question=travel, up=False)
    assert prompts() == ["Coming to Springfield?", "Which bus?", "Travel permission needed?"]


def test_removing_a_question_keeps_the_answers_already_saved(staff) -> None:
    made = call_list(staff, [callee()])
    bus = made.questions.get(prompt="Which bus?")
    bus_pk = bus.pk
    saved = _save_one(staff, made, **{"Which bus?": "Rockford"})
    services.question_remove(actor=staff, question=bus)
    saved.refresh_from_db()
    services.question_remove(actor=staff, question=bus)  # twice is once
    assert [q.prompt for q in selectors.questions(made)] == ["Coming to Springfield?", "Travel permission needed?"]
    assert saved.answers[str(bus_pk)] == {"question": "Which bus?", "value": "Rockford", "answer": "Rockford"}
    tally = {t.question: t for t in selectors.call_list_progress(call_list=made, now=daytime()).tallies}
    assert tally["Which bus?"].removed and tally["Which bus?"].counts == [("Rockford", 1)]
    header, rows = selectors.export_rows(made)
    assert "Which bus?" in header and "Rockford" in next(iter(rows))


def test_only_whoever_runs_an_open_list_changes_its_questions(staff, organizer_central) -> None:
    made = call_list(staff, [callee()])
    question = made.questions.first()
    with pytest.raises(OutOfReach):
        services.question_update(actor=organizer_central, question=question, prompt="Hacked?")
    services.call_list_close(actor=staff, call_list=made)
    question.refresh_from_db()
    with pytest.raises(ValidationError):
        services.question_remove(actor=staff, question=question)
    assert Question.objects.filter(pk=question.pk, prompt="Coming to Springfield?").exists()


def test_a_yes_to_travel_permission_marks_the_rsvp(staff, regions) -> None:
    from events.models import RSVP
    from tests.events.factories import EventFactory

    event = EventFactory()
    made = call_list(staff, [callee("+13125550101"), callee("+13125550102")], questions=False, open_it=False,
                     event=event)
    services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Coming?", action="rsvp")
    services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Travel permission needed?",
                          action="travel")
    with pytest.raises(ValidationError):
        services.question_add(actor=staff, call_list=made, kind="text", prompt="Agent?", action="travel")
    services.call_list_open(actor=staff, call_list=made)
    needs = _save_one(staff, made, **{"Coming?": "yes", "Travel permission needed?": "yes"})
    free = _save_one(staff, made, **{"Coming?": "yes", "Travel permission needed?": "no"})
    flags = dict(RSVP.objects.values_list("person_id", "travel_permission"))
    assert flags == {needs.person_id: RSVP.TravelPermission.NEEDED, free.person_id: ""}


def test_the_pages_edit_move_and_remove_a_question(client, staff) -> None:
    made = call_list(staff, [callee()])
    client.force_login(staff)
    bus = made.questions.get(prompt="Which bus?")
    edit = reverse("calls:question_update", args=[made.pk, bus.pk])
    page = client.get(edit)
    assert page.status_code == 200 and "Chicago\nRockford" in page.content.decode()
    refused = client.post(edit, {"prompt": "", "options": "Chicago\nRockford"})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert client.post(edit, {"prompt": "Which bus, please?", "options": "Chicago\nPeoria"}).status_code == 302
    client.post(reverse("calls:question_move", args=[made.pk, bus.pk]), {"direction": "down"})
    client.post(reverse("calls:question_remove", args=[made.pk, made.questions.get(prompt__startswith="Coming").pk]))
    assert [q.prompt for q in selectors.questions(made)] == ["Travel permission needed?", "Which bus, please?"]
    other = call_list(staff, [callee("+13125550109")], name="Another")
    # A question of another list, asked for through this one, is not found.
    assert client.get(reverse("calls:question_update", args=[made.pk, other.questions.first().pk])).status_code == 404


def test_a_member_caller_finds_their_lists_on_the_home_page(client, organizer_chicago, member) -> None:
    made = call_list(organizer_chicago, [callee()])
    client.force_login(member)
    assert "Calls you make for us" not in client.get(reverse("coalition:home")).content.decode()
    services.caller_add(actor=organizer_chicago, call_list=made, email=member.email)
    home = client.get(reverse("coalition:home")).content.decode()
    assert "Calls you make for us" in home and reverse("calls:call_work", args=[made.pk]) in home
    services.call_list_close(actor=organizer_chicago, call_list=made)
    assert "Calls you make for us" not in client.get(reverse("coalition:home")).content.decode()


def test_a_removed_caller_is_told_so_in_plain_words_and_can_be_added_again(client, organizer_chicago, member,
                                                                           partner_rep) -> None:
    made = call_list(organizer_chicago, [callee("+13125550101"), callee("+13125550102")])
    services.caller_add(actor=organizer_chicago, call_list=made, email=member.email)
    client.force_login(member)
    client.post(reverse("calls:call_next", args=[made.pk]))
    services.caller_remove(actor=organizer_chicago, call_list=made, user_id=member.pk)
    for response in (client.post(reverse("calls:call_next", args=[made.pk])),
                     client.get(reverse("calls:call_work", args=[made.pk]))):
        assert response.status_code == 404
        assert "You are no longer calling for this list" in response.content.decode()
        assert made.name not in response.content.decode()
    assert selectors.callers(made) == []
    # Someone who never had the role gets the plain 404, with nothing about callers.
    client.force_login(partner_rep)
    stranger = client.get(reverse("calls:call_work", args=[made.pk]))
    assert stranger.status_code == 404 and "no longer calling" not in stranger.content.decode()
    services.caller_add(actor=organizer_chicago, call_list=made, email=member.email)
    client.force_login(member)
    assert client.get(reverse("calls:call_work", args=[made.pk])).status_code == 200
