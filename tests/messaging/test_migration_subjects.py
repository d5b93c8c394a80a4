"""The outbox's own forward migration: messages of every kind written under the old schema (a foreign key per app)
come out naming their subjects generically, and are still decided and sent by their kinds; backwards, the foreign
keys come back."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.models import RSVP
from leadership.models import Mentorship
from members.models import ConsentRequest
from messaging import services
from messaging.backends import LocmemSmsBackend
from messaging.models import Message

# The outbox as main left it (mentorships already in the leadership app), every other app at its latest.
BEFORE = ("messaging", "0005_mentorship_in_leadership")
EVENT_KINDS = ("confirmation", "reminder", "change", "cancellation", "promotion")


def _migrate(app_leaf: tuple[str, str]) -> Any:
    """Migrate messaging to `app_leaf`, every other app staying at its latest; the state's models at that point."""
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "messaging"]
    executor.migrate([app_leaf])
    executor.loader.build_graph()
    return executor.loader.project_state([app_leaf, *others]).apps


def _latest() -> tuple[str, str]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes("messaging")[0]


def _old_world(apps: Any) -> dict[str, Any]:
    """Under the old schema: an event with an RSVP and one message of each event kind, a mentor reminder, a
    consent confirmation, a reminder whose event was deleted since and one whose RSVP alone is gone."""
    Person, Phone = apps.get_model("members", "Person"), apps.get_model("members", "PersonPhone")
    Event, RSVPs = apps.get_model("events", "Event"), apps.get_model("events", "RSVP")
    Message_ = apps.get_model("messaging", "Message")
    now = timezone.now()
    starts = now + timedelta(days=3)

    def person(first_name: str, number: str) -> Any:
        someone = Person.objects.create(first_name=first_name, last_name="Old", sms_consent=True,
                                        preferred_channel="sms", joined_on=date(2025, 1, 1))
        Phone.objects.create(person=someone, number=number, digits=number[-10:], is_primary=True)
        return someone

    def event(slug: str) -> Any:
        return Event.objects.create(title=f"Lobby day {slug}", slug=slug, kind="advocacy_day", starts_at=starts,
                                    ends_at=starts + timedelta(hours=6), reminder_minutes=[1440, 60])

    ana, bea, cy = person("Ana", "+13125550101"), person("Bea", "+13125550102"), person("Cy", "+13125550103")
    lobby = event("lobby")
    rsvp = RSVPs.objects.create(event=lobby, person=ana, status="going", source="proxy", language="es")
    world: dict[str, Any] = {"event": lobby.pk, "rsvp": rsvp.pk, "starts": starts, "messages": {}}
    for kind in EVENT_KINDS:
        reminder = kind == "reminder"
        world["messages"][kind] = Message_.objects.create(
            person=ana, kind=kind, event=lobby, rsvp=rsvp, due_at=now - timedelta(minutes=1), dedupe_key=f"old:{kind}",
            event_starts_at=starts if reminder else None, offset_minutes=1440 if reminder else None,
        ).pk
    mentorship = apps.get_model("leadership", "Mentorship").objects.create(
        mentor=bea, mentee=cy, started_on=date(2025, 1, 1), cadence_days=14)
    world["mentorship"] = mentorship.pk
    world["messages"]["mentor_checkin"] = Message_.objects.create(
        person=bea, kind="mentor_checkin", mentorship=mentorship, due_at=now, dedupe_key="old:mentor").pk
    request = apps.get_model("members", "ConsentRequest").objects.create(
        person=cy, channel="sms", phone_digits="3125550103", language="es", expires_at=now + timedelta(days=7))
    world["request"] = request.pk
    world["messages"]["consent_confirm"] = Message_.objects.create(
        person=cy, kind="consent_confirm", consent_request=request, due_at=now, dedupe_key="old:consent").pk
    gone = event("gone")
    gone_rsvp = RSVPs.objects.create(event=gone, person=bea, status="going", source="proxy")
    world["messages"]["event_deleted"] = Message_.objects.create(
        person=bea, kind="reminder", event=gone, rsvp=gone_rsvp, due_at=now - timedelta(minutes=1),
        dedupe_key="old:gone", event_starts_at=starts, offset_minutes=60, status="pending").pk
    gone.delete()  # the old foreign keys were SET_NULL: the row stayed with neither
    lone = RSVPs.objects.create(event=lobby, person=cy, status="going", source="proxy")
    world["messages"]["rsvp_deleted"] = Message_.objects.create(
        person=cy, kind="change", event=lobby, rsvp=lone, due_at=now - timedelta(minutes=1), dedupe_key="old:lone").pk
    lone.delete()
    return world


@pytest.mark.django_db(transaction=True)
def test_messages_of_every_kind_come_through_the_migration_naming_their_subjects(regions) -> None:
    latest = _latest()
    try:
        world = _old_world(_migrate(BEFORE))
        _migrate(latest)
        ids = world["messages"]
        topic = f"events.event:{world['event']}"
        rsvp = RSVP.objects.get(pk=world["rsvp"])
        for kind in EVENT_KINDS:
            message = Message.objects.get(pk=ids[kind])
            assert (message.kind, message.subject, message.topic) == (kind, rsvp, topic)
        reminder = Message.objects.get(pk=ids["reminder"])
        assert reminder.planned_for == world["starts"] and reminder.offset_minutes == 1440
        mentor = Message.objects.get(pk=ids["mentor_checkin"])
        assert mentor.subject == Mentorship.objects.get(pk=world["mentorship"])
        assert mentor.topic == f"leadership.mentorship:{world['mentorship']}"
        consent = Message.objects.get(pk=ids["consent_confirm"])
        assert consent.subject == ConsentRequest.objects.get(pk=world["request"])
        deleted = Message.objects.get(pk=ids["event_deleted"])
        assert (deleted.subject_type, deleted.subject_id, deleted.topic) == (None, None, "")
        assert (deleted.kind, deleted.planned_for, deleted.offset_minutes) == ("reminder", world["starts"], 60)
        lone = Message.objects.get(pk=ids["rsvp_deleted"])
        assert (lone.subject_id, lone.topic) == (None, topic)

        # Their kinds decide and compose them from what the migration filled in.
        assert services.message_send(message_id=ids["reminder"]) == Message.Status.SENT
        assert services.message_send(message_id=ids["event_deleted"]) == Message.Status.SKIPPED
        assert services.message_send(message_id=ids["rsvp_deleted"]) == Message.Status.SKIPPED
        assert [m["body"].split(":")[0] for m in LocmemSmsBackend.outbox] == ["Recordatorio"]  # the RSVP's Spanish
        assert Message.objects.get(pk=ids["event_deleted"]).skip_reason == "The event was deleted."
        assert Message.objects.get(pk=ids["rsvp_deleted"]).skip_reason == "The RSVP was cancelled."

        old = _migrate(BEFORE).get_model("messaging", "Message")
        back = {row["pk"]: row for row in old.objects.values("pk", "event_id", "rsvp_id", "mentorship_id",
                                                                  "consent_request_id", "event_starts_at")}
        assert all((back[ids[k]]["event_id"], back[ids[k]]["rsvp_id"]) == (world["event"], world["rsvp"])
                   for k in EVENT_KINDS)
        assert back[ids["mentor_checkin"]]["mentorship_id"] == world["mentorship"]
        assert back[ids["consent_confirm"]]["consent_request_id"] == world["request"]
        assert (back[ids["rsvp_deleted"]]["event_id"], back[ids["rsvp_deleted"]]["rsvp_id"]) == (world["event"], None)
        assert back[ids["event_deleted"]]["event_starts_at"] == world["starts"]
    finally:
        _migrate(latest)
