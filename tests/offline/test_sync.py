"""Replaying a device's queued actions: applied once, refused in plain words when the person moved out of reach,
was merged, or the RSVP was cancelled meanwhile; never applied out of reach."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP
from members import services as member_services
from members.models import FollowUp, Interaction
from offline.services import offline_action_apply
from tests.events.factories import BusFactory, EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def peoria(region_central: Any) -> Any:
    return BusFactory(event=EventFactory(region=region_central, starts_at=timezone.now() + timedelta(hours=2)))


def _rider(bus: Any) -> RSVP:
    region = bus.event.region
    person = PersonFactory(region=region, county=region.counties.first())
    return RSVPFactory(event=bus.event, person=person, bus=bus, status=RSVP.Status.GOING)


def _contact(person: Any, key: str | None = None, **fields: Any) -> dict[str, Any]:
    return {"key": key or str(uuid.uuid4()), "kind": "log_contact", "person": person.pk,
            "fields": {"channel": "in_person", "kind": "one_on_one", "outcome": "reached", "notes": "Bus talk",
                       **fields}}


def _sync(client: Client, actions: list[dict[str, Any]]) -> dict[str, str]:
    answer = client.post(reverse("offline:sync"), json.dumps({"actions": actions}), content_type="application/json")
    assert answer.status_code == 200
    return {result["key"]: (result["status"], result["message"]) for result in answer.json()["results"]}


def test_check_ins_and_a_contact_are_applied_once(client: Client, organizer_central: Any, peoria: Any) -> None:
    riders = [_rider(peoria) for _n in range(3)]
    actions = [{"key": str(uuid.uuid4()), "kind": "check_in", "rsvp": rsvp.pk} for rsvp in riders]
    actions.append(_contact(riders[0].person, follow_up_on=(timezone.localdate() + timedelta(days=3)).isoformat(),
                            follow_up_note="Call about the bus home"))
    client.force_login(organizer_central)
    first = _sync(client, actions)
    assert [status for status, _m in first.values()] == ["applied"] * 4
    again = _sync(client, actions)
    assert [status for status, _m in again.values()] == ["already"] * 4
    assert RSVP.objects.filter(checked_in_at__isnull=False).count() == 3
    assert Interaction.objects.filter(person=riders[0].person).count() == 1
    assert FollowUp.objects.filter(person=riders[0].person, owner=organizer_central).count() == 1


def test_out_of_reach_cancelled_and_merged_are_refused_and_not_applied(organizer_central: Any, staff: Any,
                                                                       region_chicago: Any, peoria: Any) -> None:
    moved, cancelled, merged, kept = (_rider(peoria) for _n in range(4))
    moved.person.region = region_chicago
    moved.person.county = region_chicago.counties.first()
    moved.person.save(update_fields=["region", "county"])
    RSVP.objects.filter(pk=cancelled.pk).update(status=RSVP.Status.CANCELLED)
    merged_person_id = merged.person.pk
    member_services.person_merge(actor=staff, keep=kept.person, drop=merged.person)

    def apply(action: dict[str, Any]) -> tuple[str, str]:
        result = offline_action_apply(actor=organizer_central, action={"key": str(uuid.uuid4()), **action})
        return result.status, result.message

    status, message = apply({"kind": "check_in", "rsvp": moved.pk, "person": moved.person_id})
    assert status == "refused" and "no longer see" in message
    status, message = apply({"kind": "check_in", "rsvp": cancelled.pk})
    assert status == "refused" and "cancelled" in message
    status, message = apply(_contact(moved.person))
    assert status == "refused" and "no longer see" in message
    fields = _contact(kept.person)["fields"]
    status, message = apply({"kind": "log_contact", "person": merged_person_id, "fields": fields})
    assert status == "refused" and "merged" in message
    assert not RSVP.objects.filter(checked_in_at__isnull=False).exists()
    assert not Interaction.objects.exists()


def test_bad_actions_are_refused_in_plain_words(organizer_central: Any, peoria: Any) -> None:
    rider = _rider(peoria)
    for action in ({"kind": "nope"}, {"kind": "check_in", "rsvp": str(2**70)}, {"kind": "log_contact"},
                   {"kind": "log_contact", "person": rider.person_id, "fields": {"channel": "x", "kind": "y"}},
                   _contact(rider.person, follow_up_on="2026-02-30")):
        result = offline_action_apply(actor=organizer_central, action={"key": str(uuid.uuid4()), **action})
        assert result.status == "refused" and result.message
    result = offline_action_apply(actor=organizer_central, action={"key": "not-a-key", "kind": "check_in"})
    assert result.status == "refused"


def test_a_member_cannot_replay_anything(client: Client, member: Any, peoria: Any) -> None:
    rider = _rider(peoria)
    result = offline_action_apply(actor=member, action={"key": str(uuid.uuid4()), "kind": "check_in", "rsvp": rider.pk})
    assert result.status == "refused"
    client.force_login(member)
    assert client.post(reverse("offline:sync"), "{}", content_type="application/json").status_code == 404
    rider.refresh_from_db()
    assert rider.checked_in_at is None


def test_sync_refuses_unreadable_input(client: Client, organizer_central: Any) -> None:
    client.force_login(organizer_central)
    assert client.post(reverse("offline:sync"), "{", content_type="application/json").status_code == 400
    too_many = json.dumps({"actions": [{}] * 201})
    assert client.post(reverse("offline:sync"), too_many, content_type="application/json").status_code == 400


def test_a_walk_in_is_replayed_once_through_the_walk_in_service(client: Client, organizer_central: Any,
                                                               peoria: Any) -> None:
    client.force_login(organizer_central)
    action = {"key": str(uuid.uuid4()), "kind": "walk_in", "event": peoria.event.pk,
              "fields": {"name": "Rosa Vega", "phone": "309-555-0177", "email": ""}}
    _sync(client, [action])
    _sync(client, [action])
    assert RSVP.objects.filter(event=peoria.event, checked_in_at__isnull=False, source=RSVP.Source.WALK_IN).count() == 1


def test_saved_pages_are_the_organizers_own_people_and_todays_check_ins(client: Client, organizer_central: Any,
                                                                         region_central: Any, peoria: Any) -> None:
    own = PersonFactory(region=region_central, county=region_central.counties.first(),
                        assigned_organizer=organizer_central)
    other = PersonFactory(region=region_central, county=region_central.counties.first())
    today = EventFactory(region=region_central, starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1))
    client.force_login(organizer_central)
    answer = client.get(reverse("offline:saved_pages")).json()
    assert reverse("members:person_detail", args=[own.pk]) in answer["urls"]
    assert reverse("members:interaction_create", args=[own.pk]) in answer["urls"]
    assert reverse("members:person_detail", args=[other.pk]) not in answer["urls"]
    assert reverse("events:checkin", args=[today.pk]) in answer["urls"]
    assert answer["keep_days"] >= 1


def test_the_service_worker_is_served_from_the_root(client: Client) -> None:
    response = client.get(reverse("offline:service_worker"))
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/" and response["Content-Type"].startswith("text/javascript")
    assert b"addEventListener(\"fetch\"" in response.content
