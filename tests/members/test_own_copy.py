"""A person's own copy: every kind of record about her, nothing about anyone else, organizers' notes withheld."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.models import AuditEntry
from leadership.models import Milestone, Training, TrainingCompletion
from members.models import ConsentChange, Interaction, SensitiveFacts
from messaging.models import Message
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory, add_phone
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


def _everything_about(person: Any, organizer: Any) -> None:
    add_phone(person, "+13125550177")
    ConsentChange.objects.create(person=person, channel="sms", given=True, method="form", how="At the clinic")
    SensitiveFacts.objects.create(person=person, registry_status="former", supervision_status="parole",
                                  note="Prefers texts after 5")
    Interaction.objects.create(person=person, logged_by=organizer, happened_at=timezone.now(), channel="phone",
                               kind="one_on_one", outcome="reached", notes="ORGANIZER WORKING NOTE",
                               self_interest="ORGANIZER SELF-INTEREST NOTE", idempotency_key=uuid.uuid4())
    RSVPFactory(event=EventFactory(title="Springfield advocacy day"), person=person, access_needs="Wheelchair lift")
    TrainingCompletion.objects.create(person=person, training=Training.objects.order_by("pk").first(),
                                      completed_on=timezone.localdate())
    Milestone.objects.create(person=person, kind=Milestone._meta.get_field("kind").choices[0][0],
                             happened_on=timezone.localdate(), note="Spoke at the hearing")
    StoryFactory(person=person, title="Eleven years to a lease")
    Message.objects.create(person=person, kind="event_reminder", channel="sms", due_at=timezone.now(),
                           status="sent", to="+13125550177", dedupe_key=f"copy-{person.pk}")


def test_a_member_gets_every_kind_of_record_about_her_and_nothing_about_anyone_else(
        member: Any, organizer_chicago: Any, regions: Any) -> None:
    _everything_about(member.person, organizer_chicago)
    other = PersonFactory(first_name="Somebody", last_name="Else")
    _everything_about(other, organizer_chicago)
    Message.objects.filter(person=other).update(to="+13125550999")
    client = Client()
    client.force_login(member)

    page = client.get(reverse("members:my_copy")).content.decode()
    for expected in ("Dolores", "+13125550177", "At the clinic", "Formerly required to register",
                     "Prefers texts after 5", "Springfield advocacy day", "Wheelchair lift", "Spoke at the hearing",
                     "Eleven years to a lease", "+13125550177", "are not part of this copy"):
        assert expected in page, expected
    for absent in ("ORGANIZER WORKING NOTE", "ORGANIZER SELF-INTEREST NOTE", "Somebody", "+13125550999"):
        assert absent not in page, absent

    response = client.get(reverse("members:my_copy"), {"format": "json", "lang": "es"})
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person_id"] == member.person.pk and data["language"] == "es"
    sections = data["sections"]
    assert {"person", "phones", "consent_history", "sensitive_facts", "contacts", "referrals", "development",
            "rsvps", "stories", "messages"} <= set(sections)
    assert sections["person"]["records"][0]["first_name"] == "Dolores"
    assert sections["rsvps"]["records"][0]["access_needs"] == "Wheelchair lift"
    assert sections["contacts"]["records"][0]["kind"] and "notes" not in sections["contacts"]["records"][0]
    assert len(sections["development"]["records"]) == 2 and len(sections["messages"]["records"]) == 1
    assert "Somebody" not in response.content.decode()
    assert AuditEntry.objects.filter(action="export", detail__kind="own_copy", object_id=str(member.person.pk),
                                     actor=member).count() == 2


def test_staff_give_a_copy_to_someone_who_asks_in_person_and_an_organizer_cannot(
        staff: Any, organizer_chicago: Any, regions: Any) -> None:
    person = PersonFactory(first_name="Walkin", last_name="Asker")
    _everything_about(person, organizer_chicago)
    client = Client()
    client.force_login(staff)
    assert "What the coalition keeps about Walkin" in client.get(
        reverse("members:person_copy", args=[person.pk])).content.decode()
    assert AuditEntry.objects.filter(detail__kind="own_copy", actor=staff).exists()
    client.force_login(organizer_chicago)
    assert client.get(reverse("members:person_copy", args=[person.pk])).status_code == 404
    assert client.get(reverse("members:person_copy", args=[10**9])).status_code == 404
