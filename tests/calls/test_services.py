"""Call list services: who becomes a person to call, "next person" and its lock, quiet hours, saving a call."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls import selectors, services
from calls.models import CallList, CallTarget
from coalition.access import OutOfReach
from members.models import FollowUp, Interaction
from tests.calls.factories import call_list, callee, daytime
from tests.coalition.factories import UserFactory

pytestmark = pytest.mark.django_db


def _answers(made: CallList, **by_prompt: str) -> dict[str, str]:
    return {str(q.pk): by_prompt.get(q.prompt, "") for q in made.questions.all()}


def test_opening_makes_targets_of_the_callable_and_counts_the_others(staff) -> None:
    ok = callee("+13125550101")
    no_consent = callee("+13125550102", consent=False)
    asked_not = callee("+13125550103", consent=False, phone_consent_at=timezone.now())
    no_phone = callee(None)
    stopped = callee("+13125550104")
    stopped.phones.update(stopped_working_on=timezone.localdate())
    made = call_list(staff, [ok, no_consent, asked_not, no_phone, stopped])
    assert list(made.targets.values_list("person_id", flat=True)) == [ok.pk]
    assert made.left_out == {"no_consent": 1, "do_not_call": 1, "no_phone": 2}
    assert made.status == CallList.Status.OPEN


def test_an_organizers_list_is_cut_by_their_reach(organizer_chicago, region_central) -> None:
    mine, moved = callee("+13125550101"), callee("+13125550102")
    made = call_list(organizer_chicago, [mine, moved], open_it=False)
    # Moved downstate before the list opens: off the organizer's turf, so never called from their list.
    type(moved).objects.filter(pk=moved.pk).update(county=None, region=region_central)
    services.call_list_open(actor=organizer_chicago, call_list=made)
    assert set(made.targets.values_list("person_id", flat=True)) == {mine.pk}


def test_next_hands_one_person_locked_to_one_caller(staff, coalition_admin) -> None:
    first, second = callee("+13125550101"), callee("+13125550102")
    made = call_list(staff, [first, second])
    now = daytime()
    mine = services.call_next(actor=staff, call_list=made, now=now)
    theirs = services.call_next(actor=coalition_admin, call_list=made, now=now)
    assert {mine.person_id, theirs.person_id} == {first.pk, second.pk}
    # Asking again gives the same person back, not a new one.
    assert services.call_next(actor=staff, call_list=made, now=now).pk == mine.pk
    third = UserFactory(role=staff.role, email="third@test.example")
    with pytest.raises(services.NoOne) as none:
        services.call_next(actor=third, call_list=made, now=now)
    assert none.value.reason == "done"


def test_a_lock_that_ran_out_goes_back_to_the_pool(staff, coalition_admin) -> None:
    made = call_list(staff, [callee("+13125550101")])
    now = daytime()
    held = services.call_next(actor=staff, call_list=made, now=now)
    with pytest.raises(services.NoOne):
        services.call_next(actor=coalition_admin, call_list=made, now=now + timedelta(minutes=1))
    later = services.call_next(actor=coalition_admin, call_list=made, now=now + services.LOCK + timedelta(seconds=1))
    assert later.pk == held.pk


def test_nobody_is_handed_out_in_quiet_hours(staff, settings) -> None:
    settings.SMS_QUIET_HOURS = (21, 8)
    made = call_list(staff, [callee("+13125550101")])
    with pytest.raises(services.NoOne) as none:
        services.call_next(actor=staff, call_list=made, now=daytime().replace(hour=22))
    assert none.value.reason == "quiet"
    assert not CallTarget.objects.filter(locked_by__isnull=False).exists()


def test_a_paused_or_closed_list_hands_out_no_one(staff) -> None:
    made = call_list(staff, [callee("+13125550101")])
    services.call_list_pause(actor=staff, call_list=made)
    with pytest.raises(services.NoOne):
        services.call_next(actor=staff, call_list=made, now=daytime())
    services.call_list_close(actor=staff, call_list=made)
    with pytest.raises(OutOfReach):
        services.call_next(actor=staff, call_list=made, now=daytime())


def test_consent_withdrawn_after_opening_is_never_handed_out(staff) -> None:
    person = callee("+13125550101")
    made = call_list(staff, [person])
    person.phone_consent = False
    person.save()
    with pytest.raises(services.NoOne):
        services.call_next(actor=staff, call_list=made, now=daytime())


def test_saving_logs_one_call_with_the_answers_and_twice_is_once(staff) -> None:
    person = callee("+13125550101")
    made = call_list(staff, [person])
    target = services.call_next(actor=staff, call_list=made, now=daytime())
    key = uuid.uuid4()
    answers = _answers(made, **{"Coming to Springfield?": "yes", "Which bus?": "Rockford"})
    for _ in range(2):
        services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=key, outcome="reached",
                           answers=answers)
    interaction = Interaction.objects.get(person=person)
    assert interaction.kind == Interaction.Kind.CALL and interaction.channel == Interaction.Channel.PHONE
    assert interaction.survey == [{"question": "Coming to Springfield?", "answer": "Yes"},
                                  {"question": "Which bus?", "answer": "Rockford"}]
    target.refresh_from_db()
    assert target.outcome == "reached" and target.locked_by is None and target.attempts == 1
    progress = selectors.call_list_progress(call_list=made, now=daytime())
    assert progress.to_go == 0
    assert [t.counts for t in progress.tallies] == [[("Yes", 1)], [("Rockford", 1)], []]
    assert progress.callers[0]["calls"] == 1


def test_a_bad_answer_is_refused_and_nothing_is_saved(staff) -> None:
    made = call_list(staff, [callee("+13125550101")])
    target = services.call_next(actor=staff, call_list=made, now=daytime())
    with pytest.raises(ValidationError):
        services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                           outcome="reached", answers=_answers(made, **{"Which bus?": "Peoria"}))
    assert not Interaction.objects.exists()


def test_wrong_number_marks_the_phone_stopped(staff) -> None:
    person = callee("+13125550101")
    made = call_list(staff, [person])
    target = services.call_next(actor=staff, call_list=made, now=daytime())
    services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                       outcome="wrong_number", answers={})
    assert person.phones.get().stopped_working_on is not None


def test_call_back_leaves_a_follow_up_and_needs_a_time(staff) -> None:
    person = callee("+13125550101")
    made = call_list(staff, [person])
    target = services.call_next(actor=staff, call_list=made, now=daytime())
    with pytest.raises(ValidationError):
        services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                           outcome="call_back", answers={})
    when = daytime() + timedelta(days=1)
    services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                       outcome="call_back", answers={}, call_back_at=when)
    follow_up = FollowUp.objects.get(person=person)
    assert follow_up.due_on == when.date() and follow_up.owner == staff and "14:00" in follow_up.note


def test_a_caller_whose_time_ran_out_and_was_taken_cannot_save(staff, coalition_admin) -> None:
    made = call_list(staff, [callee("+13125550101")])
    now = daytime()
    target = services.call_next(actor=staff, call_list=made, now=now)
    services.call_next(actor=coalition_admin, call_list=made, now=now + services.LOCK + timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                           outcome="reached", answers={})


def test_no_answer_people_can_be_called_again(staff) -> None:
    made = call_list(staff, [callee("+13125550101")])
    target = services.call_next(actor=staff, call_list=made, now=daytime())
    services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                       outcome="no_answer", answers={})
    assert services.call_list_retry_no_answer(actor=staff, call_list=made) == 1
    assert services.call_next(actor=staff, call_list=made, now=daytime()).pk == target.pk


def test_the_script_fills_its_fields_and_unknown_ones_are_refused(staff) -> None:
    person = callee("+13125550101", preferred_name="Toni", language="es")
    made = call_list(staff, [person])
    assert services.fill_script(made.script_for("es"), person=person, caller=staff) == \
        f"Hola Toni, habla {staff.first_name}."
    with pytest.raises(ValidationError):
        services.call_list_save(actor=staff, call_list=made, name="x", audience=made.audience,
                                script_en="Hi {bus}")


def test_the_audience_is_fixed_once_open_and_only_runners_change_lists(staff, organizer_central) -> None:
    made = call_list(staff, [callee("+13125550101")])
    with pytest.raises(ValidationError):
        services.call_list_save(actor=staff, call_list=made, name="x", audience="list:999999", script_en="Hi")
    with pytest.raises(OutOfReach):
        services.call_list_pause(actor=organizer_central, call_list=made)


def test_a_member_with_the_caller_role_works_only_that_list(organizer_chicago, member) -> None:
    person = callee("+13125550101")
    made = call_list(organizer_chicago, [person])
    other = call_list(organizer_chicago, [callee("+13125550102")], name="Another")
    services.caller_add(actor=organizer_chicago, call_list=made, email=member.email)
    target = services.call_next(actor=member, call_list=made, now=daytime())
    with pytest.raises(OutOfReach):
        services.call_next(actor=member, call_list=other, now=daytime())
    services.call_save(actor=member, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                       outcome="call_back", answers={}, call_back_at=daytime() + timedelta(days=1))
    interaction = Interaction.objects.get(person=person)
    assert interaction.logged_by == member
    # The call back is on the organizer's list of follow-ups, who runs the list.
    assert FollowUp.objects.get(person=person).owner == organizer_chicago


def test_a_removed_caller_is_refused_and_their_person_goes_back(organizer_chicago, member) -> None:
    made = call_list(organizer_chicago, [callee("+13125550101")])
    services.caller_add(actor=organizer_chicago, call_list=made, email=member.email)
    target = services.call_next(actor=member, call_list=made, now=daytime())
    services.caller_remove(actor=organizer_chicago, call_list=made, user_id=member.pk)
    with pytest.raises(OutOfReach):
        services.call_save(actor=member, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                           outcome="reached", answers={})
    assert services.call_next(actor=organizer_chicago, call_list=made, now=daytime()).pk == target.pk


def test_an_unknown_caller_email_is_a_plain_error(staff) -> None:
    made = call_list(staff, [callee()])
    with pytest.raises(ValidationError):
        services.caller_add(actor=staff, call_list=made, email="nobody@nowhere.example")


def test_yes_and_a_bus_record_the_rsvp_and_the_seat(staff, regions) -> None:
    from events.models import RSVP
    from tests.events.factories import BusFactory, EventFactory

    event = EventFactory()
    BusFactory(event=event, pickup_point__name="Chicago", seats=40)
    rockford = BusFactory(event=event, pickup_point__name="Rockford", seats=40)
    coming, declining = callee("+13125550101"), callee("+13125550102")
    made = call_list(staff, [coming, declining], questions=False, open_it=False, event=event)
    services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Coming to Springfield?", action="rsvp")
    bus_question = services.question_add(actor=staff, call_list=made, kind="choice", prompt="Which bus?",
                                         action="bus")
    assert bus_question.options[1].startswith("Rockford") and bus_question.bus_ids[1] == rockford.pk
    services.call_list_open(actor=staff, call_list=made)
    said = {}
    for answer in ("yes", "no"):
        target = services.call_next(actor=staff, call_list=made, now=daytime())
        said[answer] = target.person_id
        services.call_save(actor=staff, call_list=made, target_id=target.pk, idempotency_key=uuid.uuid4(),
                           outcome="reached", answers=_answers(made, **{"Coming to Springfield?": answer,
                                                                        "Which bus?": bus_question.options[1]}))
    rsvp = RSVP.objects.get()
    assert rsvp.event == event and rsvp.bus == rockford and rsvp.status == RSVP.Status.GOING
    assert rsvp.person_id == said["yes"] and {said["yes"], said["no"]} == {coming.pk, declining.pk}


def test_an_action_needs_the_lists_event(staff) -> None:
    made = call_list(staff, [callee()], questions=False)
    with pytest.raises(ValidationError):
        services.question_add(actor=staff, call_list=made, kind="yes_no", prompt="Coming?", action="rsvp")
