"""A database made before stories had their own app migrates forward and keeps every story.

The test takes the database back to the migrations the project had before the move, writes a story with its
themes and a media appearance with the models of that time (in members), and the rows that point at them (the
milestone found from the appearance, an audit entry about the story), migrates forward, and reads each row back
through the stories app's models: the tables were renamed, not copied, so every row keeps its id, and the content
types (with the milestones and audit entries that point at them) keep theirs.
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
MOVED_TABLES = ["theme", "story", "story_themes", "mediaappearance"]


def _write_before_the_move(apps: Any) -> dict[str, Any]:
    """A told story with two themes, a media appearance, and what points at them, with the models of that time."""
    model = apps.get_model
    content_types = model("contenttypes", "ContentType").objects
    now = timezone.now()
    teller = model("members", "Person").objects.create(first_name="Nia", last_name="Movida", story_sharing="public")
    housing = model("members", "Theme").objects.create(name="housing before the move")
    work = model("members", "Theme").objects.create(name="work before the move")
    key = uuid.uuid4()
    story = model("members", "Story").objects.create(
        person=teller, title="Home, after the move", text="It took eleven years.", consent_level="partners",
        media_readiness="ready", consent_obtained_at=now, idempotency_key=key)
    story.themes.add(housing, work)
    appearance = model("members", "MediaAppearance").objects.create(
        story=story, outlet="WBEZ", appeared_on=datetime.date(2026, 1, 5), link="https://example.org/nia")
    story_type = content_types.get_or_create(app_label="members", model="story")[0]
    appearance_type = content_types.get_or_create(app_label="members", model="mediaappearance")[0]
    theme_type = content_types.get_or_create(app_label="members", model="theme")[0]
    milestone = model("members", "Milestone").objects.create(
        person=teller, kind="media", happened_on=appearance.appeared_on, note="Story in WBEZ",
        source_type=appearance_type, source_id=str(appearance.pk))
    audit = model("coalition", "AuditEntry").objects.create(
        action="create", content_type=story_type, object_id=str(story.pk), object_repr=story.title,
        summary="Recorded a story")
    return {
        "teller": teller.pk, "housing": housing.pk, "work": work.pk, "story": story.pk, "key": key,
        "appearance": appearance.pk, "milestone": milestone.pk, "audit": audit.pk,
        "content_types": {"story": story_type.pk, "mediaappearance": appearance_type.pk, "theme": theme_type.pk},
    }


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_story() -> None:
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([*BEFORE_THE_MOVE, ("stories", None)])
        assert {f"members_{name}" for name in MOVED_TABLES} <= _tables()
        before = _write_before_the_move(executor.loader.project_state(BEFORE_THE_MOVE).apps)

        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        # Whatever happened, the rest of the suite gets the database at its latest migrations.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from coalition import access
    from coalition.models import AuditEntry, User
    from leadership.models import Milestone
    from members.models import Person
    from stories.models import MediaAppearance, Story, Theme

    tables = _tables()
    assert {f"stories_{name}" for name in MOVED_TABLES} <= tables
    assert not {f"members_{name}" for name in MOVED_TABLES} & tables
    teller = Person.objects.get(pk=before["teller"])
    story = Story.objects.get(pk=before["story"])
    assert (story.person, story.title, story.consent_level, story.media_readiness, story.idempotency_key) == (
        teller, "Home, after the move", "partners", "ready", before["key"])
    assert sorted(story.themes.values_list("pk", flat=True)) == sorted([before["housing"], before["work"]])
    assert list(Theme.objects.get(pk=before["housing"]).stories.all()) == [story]
    appearance = MediaAppearance.objects.get(pk=before["appearance"])
    assert (appearance.story, appearance.outlet, appearance.appeared_on, appearance.link) == (
        story, "WBEZ", datetime.date(2026, 1, 5), "https://example.org/nia")
    assert list(teller.stories.all()) == [story] and list(story.appearances.all()) == [appearance]
    # The one consent rule reads the moved story like any other: partners level, the teller named.
    staff = User.objects.create_user(email="staff@migrations.test", password="x", role=User.Role.STAFF)
    shared = access.story_scope(staff, "partners").get(pk=story.pk)
    assert shared.teller_name == teller.display_name

    ContentType.objects.clear_cache()
    for name, moved in (("story", Story), ("mediaappearance", MediaAppearance), ("theme", Theme)):
        content_type = ContentType.objects.get_for_model(moved)
        assert (content_type.app_label, content_type.pk) == ("stories", before["content_types"][name])
        assert not ContentType.objects.filter(app_label="members", model=name).exists()
    milestone = Milestone.objects.get(pk=before["milestone"])
    assert milestone.source_type is not None and milestone.source_type.get_object_for_this_type(
        pk=milestone.source_id) == appearance
    audit = AuditEntry.objects.get(pk=before["audit"])
    assert audit.content_type is not None and audit.content_type.model_class() is Story
