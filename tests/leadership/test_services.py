"""Leadership development services and tasks directly: the ladder, trainings, milestones, mentorships, the
tracking tasks, and the people app's stage change and media appearances reaching the ladder."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.access import OutOfReach
from leadership import services, tasks
from leadership.models import (
    AdvancementSuggestion,
    Mentorship,
    Milestone,
    MilestoneKind,
    QuietFlag,
    Stage,
    StageCriterion,
    StageCriterionTraining,
    StageMove,
    Training,
    TrainingCompletion,
)
from members.models import Interaction
from tests.members.factories import PersonFactory


def test_default_trainings_and_quiet_stages_are_loaded(stages: dict[int, Stage]) -> None:
    names = set(Training.objects.values_list("name", flat=True))
    assert {"Know Your Rights", "Legislative Advocacy 101", "Facilitating a Meeting"} <= names
    assert [s.order for s in Stage.objects.filter(watch_for_quiet=True)] == [4, 5, 6]


def test_stage_move_records_history_and_refuses_the_same_stage(organizer_chicago: Any, stages: Any) -> None:
    person = PersonFactory(stage=stages[2])
    move = services.person_stage_move(actor=organizer_chicago, person=person, to_stage=stages[3], reason="Came 3x")
    person.refresh_from_db()
    assert person.stage == stages[3]
    assert (move.from_stage, move.to_stage, move.moved_by, move.reason) == (stages[2], stages[3], organizer_chicago,
                                                                            "Came 3x")
    with pytest.raises(ValidationError, match="already at Active"):
        services.person_stage_move(actor=organizer_chicago, person=person, to_stage=stages[3])
    assert StageMove.objects.count() == 1


def test_stage_move_outside_the_region_is_out_of_reach(organizer_central: Any, stages: Any) -> None:
    with pytest.raises(OutOfReach):
        services.person_stage_move(actor=organizer_central, person=PersonFactory(), to_stage=stages[2])


def test_training_completed_twice_gets_a_plain_message(organizer_chicago: Any, regions: Any) -> None:
    person, training = PersonFactory(), Training.objects.get(name="Know Your Rights")
    services.training_completion_record(actor=organizer_chicago, person=person, training=training,
                                        completed_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="already completed"):
        services.training_completion_record(actor=organizer_chicago, person=person, training=training,
                                            completed_on=datetime.date(2026, 3, 2))


def test_a_training_in_a_criterion_cannot_be_deleted(coalition_admin: Any, stages: Any) -> None:
    training = Training.objects.get(name="Legislative Advocacy 101")
    criterion = StageCriterion.objects.create(stage=stages[4])
    StageCriterionTraining.objects.create(criterion=criterion, training=training)
    with pytest.raises(ValidationError, match="required by the criteria of Emerging leader"):
        services.training_delete(actor=coalition_admin, training=training)
    assert Training.objects.filter(pk=training.pk).exists()


def test_unknown_milestone_kind_in_a_criterion_is_refused(stages: Any) -> None:
    with pytest.raises(ValidationError, match="Choose milestones from"):
        StageCriterion(stage=stages[4], milestone_kinds=["flew"]).full_clean()


def test_mentorship_refuses_self_and_circles(organizer_chicago: Any, regions: Any) -> None:
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError, match="Nobody mentors themself"):
        services.mentorship_start(actor=organizer_chicago, mentor=a, mentee=a)
    services.mentorship_start(actor=organizer_chicago, mentor=a, mentee=b)
    with pytest.raises(ValidationError, match="circle"):
        services.mentorship_start(actor=organizer_chicago, mentor=b, mentee=a)
    services.mentorship_start(actor=organizer_chicago, mentor=b, mentee=c)
    with pytest.raises(ValidationError, match="circle"):
        services.mentorship_start(actor=organizer_chicago, mentor=c, mentee=a)
    assert Mentorship.objects.count() == 2


def test_check_in_is_an_interaction_and_a_double_submit_logs_one(organizer_chicago: Any, regions: Any) -> None:
    mentorship = services.mentorship_start(actor=organizer_chicago, mentor=PersonFactory(), mentee=PersonFactory())
    key = uuid.uuid4()
    for _ in range(2):
        services.mentorship_check_in(actor=organizer_chicago, mentorship=mentorship, idempotency_key=key,
                                     channel=Interaction.Channel.PHONE, notes="Talked about testimony")
    interaction = Interaction.objects.get()
    assert interaction.kind == Interaction.Kind.CHECK_IN and interaction.person == mentorship.mentee
    assert interaction.mentorship_check_in.mentorship == mentorship


def _criteria(stages: Any) -> Training:
    training = Training.objects.get(name="Know Your Rights")
    criterion = StageCriterion.objects.create(stage=stages[4], milestone_kinds=[MilestoneKind.SPOKE])
    StageCriterionTraining.objects.create(criterion=criterion, training=training)
    return training


def test_advancement_is_suggested_once_and_waits_for_a_person(organizer_chicago: Any, stages: Any) -> None:
    training = _criteria(stages)
    ready, not_ready = PersonFactory(stage=stages[3]), PersonFactory(stage=stages[3])
    for person in (ready, not_ready):
        TrainingCompletion.objects.create(person=person, training=training, completed_on=datetime.date(2026, 1, 1))
    Milestone.objects.create(person=ready, kind=MilestoneKind.SPOKE, happened_on=datetime.date(2026, 2, 1))

    assert tasks.suggest_advancement.delay().get() == 1
    assert tasks.suggest_advancement.delay().get() == 0
    suggestion = AdvancementSuggestion.objects.get()
    assert (suggestion.person, suggestion.to_stage, suggestion.status) == (ready, stages[4], "pending")
    ready.refresh_from_db()
    assert ready.stage == stages[3]  # nothing moves by itself

    services.suggestion_accept(actor=organizer_chicago, suggestion=suggestion)
    services.suggestion_accept(actor=organizer_chicago, suggestion=suggestion)
    ready.refresh_from_db()
    assert ready.stage == stages[4]
    assert StageMove.objects.filter(person=ready).count() == 1


def test_a_dismissed_suggestion_is_not_made_again_soon(organizer_chicago: Any, stages: Any) -> None:
    training = _criteria(stages)
    person = PersonFactory(stage=stages[3])
    TrainingCompletion.objects.create(person=person, training=training, completed_on=datetime.date(2026, 1, 1))
    Milestone.objects.create(person=person, kind=MilestoneKind.SPOKE, happened_on=datetime.date(2026, 2, 1))
    services.advancement_suggest()
    services.suggestion_dismiss(actor=organizer_chicago, suggestion=AdvancementSuggestion.objects.get())
    assert services.advancement_suggest() == 0


def test_quiet_leaders_are_flagged_once_and_cleared_after_contact(stages: Any) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=60)
    leader = PersonFactory(stage=stages[5], last_contact_at=long_ago)
    PersonFactory(stage=stages[2], last_contact_at=long_ago)  # not watched
    assert tasks.flag_quiet_leaders.delay().get() == (1, 0)
    assert tasks.flag_quiet_leaders.delay().get() == (0, 0)
    assert QuietFlag.objects.get(cleared_at__isnull=True).person == leader
    leader.last_contact_at = timezone.now()
    leader.save(update_fields=["last_contact_at"])
    assert services.quiet_flags_update() == (0, 1)


def test_milestones_are_found_once_from_recruitment_and_campaign_actions(regions: Any, staff: Any) -> None:
    from campaigns.models import CampaignAction
    from tests.campaigns.factories import CampaignFactory

    recruiter = PersonFactory()
    PersonFactory(recruited_by=recruiter)
    speaker = PersonFactory()
    CampaignAction.objects.create(person=speaker, campaign=CampaignFactory(), kind=CampaignAction.Kind.TESTIFIED,
                                  taken_on=datetime.date(2026, 3, 4))
    assert tasks.track_milestones.delay().get() == 2
    assert tasks.track_milestones.delay().get() == 0
    assert set(Milestone.objects.values_list("person_id", "kind")) == {
        (recruiter.pk, MilestoneKind.RECRUITED), (speaker.pk, MilestoneKind.TESTIFIED)}


def test_checking_in_at_a_training_event_completes_the_training(regions: Any, staff: Any) -> None:
    from events.models import RSVP, Event

    event = Event.objects.create(title="KYR night", slug="kyr-night", kind=Event.Kind.TRAINING,
                                 starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2))
    training = Training.objects.get(name="Know Your Rights")
    training.events.add(event)
    came, stayed_home = PersonFactory(), PersonFactory()
    RSVP.objects.create(event=event, person=came, source=RSVP.Source.PROXY, checked_in_at=timezone.now())
    RSVP.objects.create(event=event, person=stayed_home, source=RSVP.Source.PROXY)
    assert services.training_completions_from_attendance() == 1
    assert services.training_completions_from_attendance() == 0
    assert TrainingCompletion.objects.get().person == came


def test_changing_the_stage_on_the_person_form_keeps_the_ladder_history(organizer_chicago, region_chicago) -> None:  # type: ignore[no-untyped-def]
    from members import services as member_services

    contact, member_stage = Stage.objects.get(name="Contact"), Stage.objects.get(name="Member")
    person = PersonFactory(stage=contact)
    member_services.person_update(actor=organizer_chicago, person=person, stage=member_stage, pronouns="she/her")
    person.refresh_from_db()
    assert person.stage == member_stage and person.pronouns == "she/her"
    move = StageMove.objects.get(person=person)
    assert (move.from_stage, move.to_stage, move.moved_by) == (contact, member_stage, organizer_chicago)
    # Saving the form again without a change of stage writes no new move.
    member_services.person_update(actor=organizer_chicago, person=person, stage=member_stage, pronouns="she/her")
    assert StageMove.objects.filter(person=person).count() == 1


def test_a_story_in_the_media_is_a_media_milestone_once_per_appearance(organizer_chicago, regions) -> None:  # type: ignore[no-untyped-def]
    from members.models import StorySharing
    from stories import services as story_services

    person = PersonFactory(story_sharing=StorySharing.PUBLIC)
    story = story_services.story_create(actor=organizer_chicago, person=person, title="Out", text="t",
                                        consent_level=StorySharing.PUBLIC)
    appearance = story_services.media_appearance_add(actor=organizer_chicago, story=story, outlet="WBEZ",
                                                     appeared_on=datetime.date(2026, 3, 1))
    milestone = Milestone.objects.get(person=person)
    assert (milestone.kind, milestone.happened_on, milestone.note, milestone.automatic) == (
        MilestoneKind.MEDIA, datetime.date(2026, 3, 1), "Story in WBEZ", True)
    assert services.milestone_from_media(appearance=appearance) is False
    story_services.media_appearance_add(actor=organizer_chicago, story=story, outlet="Chicago Tribune",
                                        appeared_on=datetime.date(2026, 3, 2))
    assert Milestone.objects.filter(person=person, kind=MilestoneKind.MEDIA).count() == 2
