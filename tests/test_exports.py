"""Every CSV export goes through the one writer: a formula planted by a stranger comes back as text.

The stranger's path is the public RSVP form: anyone can RSVP with a name and access needs of their choosing,
and that person then appears in the people export, on the bus manifest, in a story and on a table roster.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coalition import services as coalition_services
from members.models import Person, StorySharing
from stories import services as story_services
from tests.campaigns.factories import SeatFactory
from tests.events.factories import BusFactory
from tests.exports import csv_dicts, csv_rows

pytestmark = pytest.mark.django_db

PLANTED = '=HYPERLINK("x")'
NEUTRALISED = "'" + PLANTED


def _rsvp_as_stranger(bus: Any, *, name: str = PLANTED, access_needs: str = "@SUM(1)") -> Person:
    response = Client().post(reverse("public:event", kwargs={"slug": bus.event.slug}), {
        "name": name, "phone": "773-555-0142", "email": "", "language": "es", "guests": "0",
        "access_needs": access_needs, "bus": str(bus.pk)})
    assert response.status_code == 302
    return Person.objects.get(phones__digits="7735550142")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_people_export_neutralises_a_planted_formula_and_keeps_phones_and_empty_cells(staff: Any) -> None:
    person = _rsvp_as_stranger(BusFactory())
    rows = csv_dicts(_client(staff).get(reverse("members:person_export")))
    row = next(r for r in rows if r["id"] == str(person.pk))
    assert row["first_name"] == NEUTRALISED
    assert row["phones"] == "+17735550142"
    assert row["last_name"] == row["preferred_name"] == row["pronouns"] == row["email"] == ""
    assert not any(value == "'" for value in row.values())


def test_bus_manifest_neutralises_the_name_and_the_access_needs(staff: Any) -> None:
    bus = BusFactory()
    _rsvp_as_stranger(bus)
    header, row = csv_rows(_client(staff).get(reverse("events:manifest_csv", args=[bus.pk])))
    assert header == ["Name", "Phone", "Guests", "Access needs", "Checked in"]
    assert row == [NEUTRALISED, "(773) 555-0142", "0", "'@SUM(1)", ""]


def test_stories_export_neutralises_the_teller_and_the_text(staff: Any) -> None:
    person = _rsvp_as_stranger(BusFactory())
    person.story_sharing = StorySharing.PUBLIC
    person.save(update_fields=["story_sharing"])
    story_services.story_create(actor=staff, person=person, title="-1+1", text="+cmd|' /C calc'!A0",
                                consent_level=StorySharing.PUBLIC)
    rows = csv_dicts(_client(staff).get(reverse("stories:story_export") + "?audience=internal"))
    assert len(rows) == 1
    assert (rows[0]["told_by"], rows[0]["title"], rows[0]["text"]) == (NEUTRALISED, "'-1+1", "'+cmd|' /C calc'!A0")
    assert rows[0]["expires_on"] == "" and rows[0]["themes"] == ""


def test_table_roster_neutralises_a_representative_who_came_in_through_an_rsvp(staff: Any) -> None:
    person = _rsvp_as_stranger(BusFactory())
    seat = SeatFactory()
    coalition_services.table_representative_add(actor=staff, seat=seat, person=person, since=seat.joined_on)
    header, row = csv_rows(_client(staff).get(reverse("coalition:table_roster_csv", args=[seat.table.slug])))
    assert header[0] == "Organization"
    representatives = row[header.index("Representatives")]
    assert representatives == NEUTRALISED
    assert row[header.index("Left on")] == ""

