"""Travel-permission flags and placement warnings reveal supervision or a registry: each showing is audited,
as a view of sensitive facts is."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import AuditEntry
from events.models import RSVP
from members.models import SensitiveFacts
from tests.events.factories import BusFactory, PickupPointFactory, RSVPFactory, person_with_phone
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _viewed(person: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_id=str(person.pk)))


def test_the_roster_audits_each_travel_flag_it_shows(regions, staff, organizer_central) -> None:
    bus = BusFactory()
    flagged = RSVPFactory(event=bus.event, bus=bus, status="going", travel_permission="needed").person
    plain = RSVPFactory(event=bus.event, bus=bus, status="going").person
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("events:event_detail", kwargs={"pk": bus.event.pk}))
    assert page.status_code == 200
    entries = _viewed(flagged)
    assert len(entries) == 1 and entries[0].actor == staff
    assert entries[0].detail == {"page": "roster", "event": bus.event.pk}
    assert not _viewed(plain)
    # The htmx partial of the same roster shows the same flags: audited too.
    client.get(reverse("events:event_detail", kwargs={"pk": bus.event.pk}), HTTP_HX_REQUEST="true")
    assert len(_viewed(flagged)) == 2
    # An organizer who sees neither person (Chicago people, a Central organizer) is shown nothing, and nothing is
    # written in their name.
    client.force_login(organizer_central)
    client.get(reverse("events:event_detail", kwargs={"pk": bus.event.pk}))
    assert not AuditEntry.objects.filter(actor=organizer_central).exists()


def test_the_manifest_audits_each_travel_flag_it_shows(regions, staff) -> None:
    bus = BusFactory()
    flagged = RSVPFactory(event=bus.event, bus=bus, status="going", travel_permission="obtained").person
    client = Client()
    client.force_login(staff)
    body = client.get(reverse("events:manifest", kwargs={"pk": bus.pk})).content.decode()
    assert "Travel permission" in body
    assert [e.detail["page"] for e in _viewed(flagged)] == ["manifest"]


@pytest.mark.parametrize("page", ["events:event_detail", "events:manifest"])
def test_audited_lists_make_the_same_number_of_queries_for_1_and_20_flags(regions, staff, page) -> None:
    counts = []
    for n in (1, 20):
        bus = BusFactory()
        for i in range(n):
            RSVPFactory(event=bus.event, bus=bus, status="going", travel_permission="needed",
                        person=person_with_phone(f"+1312555{i:04d}"))
        client = Client()
        client.force_login(staff)
        kwargs = {"pk": bus.pk if page == "events:manifest" else bus.event.pk}
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(page, kwargs=kwargs)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == 21


def test_placement_warnings_on_rsvp_by_proxy_are_audited(regions, staff) -> None:
    bus = BusFactory(pickup_point=PickupPointFactory(near_school_park_daycare=True))
    person = person_with_phone()
    SensitiveFacts.objects.create(person=person, registry_status="current")
    client = Client()
    client.force_login(staff)
    url = reverse("events:rsvp_proxy", kwargs={"pk": bus.event.pk})
    client.get(url + f"?person={person.pk}")
    assert not _viewed(person)  # the form alone shows no warning
    warned = client.post(url, {"person": person.pk, "status": "going", "guests": 0, "bus": bus.pk})
    assert "near a school" in warned.content.decode()
    entries = _viewed(person)
    assert len(entries) == 1 and entries[0].detail == {"page": "rsvp_proxy", "event": bus.event.pk}


def test_placement_warnings_on_moving_a_bus_are_audited(regions, staff) -> None:
    bus = BusFactory()
    flagged = BusFactory(event=bus.event, pickup_point=PickupPointFactory(on_public_transit=True))
    person = PersonFactory()
    SensitiveFacts.objects.create(person=person, supervision_status="probation")
    rsvp = RSVPFactory(event=bus.event, person=person, bus=bus, status=RSVP.Status.GOING)
    client = Client()
    client.force_login(staff)
    url = reverse("events:rsvp_move", kwargs={"pk": rsvp.pk})
    warned = client.post(url, {"bus": flagged.pk})
    assert "on public transit" in warned.content.decode()
    assert [e.detail["page"] for e in _viewed(person)] == ["rsvp_move"]
    assert client.post(url, {"bus": flagged.pk, "confirm": "on"}).status_code == 302
    assert len(_viewed(person)) == 1  # confirming shows no warning again


def test_travel_permission_shows_only_to_whom_may_see_the_persons_sensitive_facts(regions, organizer_chicago,
                                                                                  organizer_central) -> None:
    bus = BusFactory()
    # A Chicago person assigned to the Central organizer: on both organizers' turf, sensitive only to Chicago's.
    person = PersonFactory(first_name="Marisol", last_name="Tate", assigned_organizer=organizer_central)
    rsvp = RSVPFactory(event=bus.event, bus=bus, person=person, status="going", travel_permission="needed")
    client = Client()
    for organizer, shown in ((organizer_chicago, True), (organizer_central, False)):
        client.force_login(organizer)
        roster = client.get(reverse("events:event_detail", kwargs={"pk": bus.event.pk})).content.decode()
        manifest = client.get(reverse("events:manifest", kwargs={"pk": bus.pk})).content.decode()
        assert "Marisol" in roster and "Marisol" in manifest
        assert (f'id="travel-{rsvp.pk}"' in roster) is shown
        assert ("Travel permission:" in manifest) is shown
