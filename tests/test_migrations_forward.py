"""A database made before the ladder moved to the leadership app migrates forward and keeps every row.

The test takes the database back to the migrations the project had before the move, writes leadership rows
with the models of that time (in members), and rows of the consent history and the outbox beside them, migrates
forward, and reads each row back through the leadership app's models: the tables were renamed, not copied, so
every row keeps its id, and the content types (with the permissions and audit entries that point at them) keep
theirs.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The last migration of each app before the move.
BEFORE_THE_MOVE = [
    ("coalition", "0004_coalition_tables"),
    ("members", "0010_merge_consent_history_and_form_keys"),
    ("events", "0003_public_rsvp_review"),
    ("campaigns", "0003_resources"),
    ("messaging", "0004_inbound_message"),
]
MOVED_TABLES = ["stage", "training", "training_events", "stagecriterion", "stagecriteriontraining", "stagemove",
                "trainingcompletion", "milestone", "mentorship", "mentorshipcheckin", "advancementsuggestion",
                "quietflag"]


def _write_before_the_move(apps: Any) -> dict[str, Any]:
    """One row of every moved model (and the rows around them), written with the models of that time."""
    model = apps.get_model
    now = timezone.now()
    below = model("members", "Stage").objects.create(name="Before the move", order=41)
    above = model("members", "Stage").objects.create(name="After the move", order=42, watch_for_quiet=True)
    ana = model("members", "Person").objects.create(first_name="Ana", last_name="Movido", stage=below)
    ben = model("members", "Person").objects.create(first_name="Ben", last_name="Movido", stage=above)
    event = model("events", "Event").objects.create(title="Moving day", slug="moving-day", kind="training",
                                                     starts_at=now, ends_at=now + datetime.timedelta(hours=2))
    training = model("members", "Training").objects.create(name="Moving day training")
    training.events.add(event)
    criterion = model("members", "StageCriterion").objects.create(stage=above, milestone_kinds=["spoke"])
    model("members", "StageCriterionTraining").objects.create(criterion=criterion, training=training)
    mentorship = model("members", "Mentorship").objects.create(mentor=ben, mentee=ana,
                                                               started_on=datetime.date(2026, 1, 2))
    interaction = model("members", "Interaction").objects.create(
        person=ana, happened_at=now, channel="phone", kind="check_in", idempotency_key=uuid.uuid4())
    content_type, _created = model("contenttypes", "ContentType").objects.get_or_create(app_label="members",
                                                                                         model="stage")
    # The consent history and a pending "reply YES" with its text: the outbox's table points at a mentorship
    # and at a consent request, and keeps both when the mentorships' table is renamed.
    consent_change = model("members", "ConsentChange").objects.create(
        person=ben, channel="sms", given=True, method="organizer", how="Sign-in sheet", phone_digits="3125550101")
    consent_request = model("members", "ConsentRequest").objects.create(
        person=ana, channel="sms", phone_digits="3125550102", how="Moving day page",
        expires_at=now + datetime.timedelta(days=7))
    confirmation = model("messaging", "Message").objects.create(
        person=ana, kind="consent_confirm", consent_request=consent_request, channel="sms", due_at=now,
        dedupe_key="consent:moving")
    return {
        "ana": ana.pk, "ben": ben.pk, "below": below.pk, "above": above.pk, "event": event.pk,
        "training": training.pk, "criterion": criterion.pk, "mentorship": mentorship.pk,
        "interaction": interaction.pk, "stage_content_type": content_type.pk,
        "move": model("members", "StageMove").objects.create(person=ana, to_stage=below, reason="Joined").pk,
        "completion": model("members", "TrainingCompletion").objects.create(
            person=ana, training=training, completed_on=datetime.date(2026, 1, 3)).pk,
        "milestone": model("members", "Milestone").objects.create(
            person=ana, kind="spoke", happened_on=datetime.date(2026, 1, 4)).pk,
        "check_in": model("members", "MentorshipCheckIn").objects.create(mentorship=mentorship,
                                                                          interaction=interaction).pk,
        "suggestion": model("members", "AdvancementSuggestion").objects.create(
            person=ana, from_stage=below, to_stage=above, reason="Spoke at the hearing").pk,
        "flag": model("members", "QuietFlag").objects.create(person=ben).pk,
        "reminder": model("messaging", "Message").objects.create(
            person=ben, kind="mentor_checkin", mentorship=mentorship, due_at=now, dedupe_key="mentor:moving").pk,
        "consent_change": consent_change.pk, "consent_request": consent_request.pk, "confirmation": confirmation.pk,
    }


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_leadership_row() -> None:
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([*BEFORE_THE_MOVE, ("leadership", None)])
        assert {f"members_{name}" for name in MOVED_TABLES} <= _tables()
        before = _write_before_the_move(executor.loader.project_state(BEFORE_THE_MOVE).apps)

        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        # Whatever happened, the rest of the suite gets the database at its latest migrations.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from leadership.models import (
        AdvancementSuggestion,
        Mentorship,
        MentorshipCheckIn,
        Milestone,
        QuietFlag,
        StageCriterion,
        StageCriterionTraining,
        StageMove,
        Training,
        TrainingCompletion,
    )
    from members.models import ConsentChange, ConsentRequest, Person
    from messaging.models import Message

    tables = _tables()
    assert {f"leadership_{name}" for name in MOVED_TABLES} <= tables
    assert not {f"members_{name}" for name in MOVED_TABLES} & tables
    ana, ben = Person.objects.get(pk=before["ana"]), Person.objects.get(pk=before["ben"])
    assert (ana.stage.pk, ana.stage.name, ben.stage.watch_for_quiet) == (before["below"], "Before the move", True)
    move = StageMove.objects.get(pk=before["move"])
    assert (move.person, move.from_stage, move.to_stage.pk, move.reason) == (ana, None, before["below"], "Joined")
    training = Training.objects.get(pk=before["training"])
    assert list(training.events.values_list("pk", flat=True)) == [before["event"]]
    completion = TrainingCompletion.objects.get(pk=before["completion"])
    assert (completion.person, completion.training, completion.completed_on) == (ana, training,
                                                                               datetime.date(2026, 1, 3))
    criterion = StageCriterion.objects.get(pk=before["criterion"])
    assert (criterion.stage.pk, list(criterion.trainings.all())) == (before["above"], [training])
    assert StageCriterionTraining.objects.filter(criterion=criterion, training=training).count() == 1
    milestone = Milestone.objects.get(pk=before["milestone"])
    assert (milestone.person, milestone.kind, milestone.happened_on) == (ana, "spoke", datetime.date(2026, 1, 4))
    mentorship = Mentorship.objects.get(pk=before["mentorship"])
    assert (mentorship.mentor, mentorship.mentee, mentorship.started_on) == (ben, ana, datetime.date(2026, 1, 2))
    check_in = MentorshipCheckIn.objects.get(pk=before["check_in"])
    assert (check_in.mentorship, check_in.interaction.pk) == (mentorship, before["interaction"])
    suggestion = AdvancementSuggestion.objects.get(pk=before["suggestion"])
    assert (suggestion.person, suggestion.from_stage.pk, suggestion.to_stage.pk, suggestion.status) == (
        ana, before["below"], before["above"], "pending")
    assert QuietFlag.objects.get(pk=before["flag"]).person == ben
    reminder = Message.objects.get(pk=before["reminder"])
    assert (reminder.subject, reminder.topic) == (mentorship, f"leadership.mentorship:{mentorship.pk}")
    change = ConsentChange.objects.get(pk=before["consent_change"])
    assert (change.person, change.channel, change.given, change.method, change.phone_digits) == (
        ben, "sms", True, "organizer", "3125550101")
    consent_request = ConsentRequest.objects.get(pk=before["consent_request"])
    assert (consent_request.person, consent_request.phone_digits, consent_request.status) == (
        ana, "3125550102", ConsentRequest.Status.PENDING)
    confirmation = Message.objects.get(pk=before["confirmation"])
    assert (confirmation.kind, confirmation.subject) == ("consent_confirm", consent_request)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get(app_label="leadership", model="stage").pk == before["stage_content_type"]
    assert not ContentType.objects.filter(app_label="members", model="stage").exists()
