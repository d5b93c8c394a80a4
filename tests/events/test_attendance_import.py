"""An attendance file imported into an event: RSVPs for those coming, check-ins for those who came, nothing sent,
and the same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import services
from events.models import RSVP
from members.models import Person, PersonPhone
from messaging.models import Message
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

MOBILIZE = (Path(__file__).parent.parent / "members" / "samples" / "mobilize_attendance.csv").read_bytes()


def _state() -> tuple[object, ...]:
    return (Person.objects.count(), PersonPhone.objects.count(), Message.objects.count(),
            sorted(RSVP.objects.values_list("person__email", "status", "source", "checked_in_at")))


def test_mobilize_attendance_becomes_rsvps_and_check_ins(staff):
    event = EventFactory()
    marco = PersonFactory(first_name="Marco", email="marco@example.org")
    RSVPFactory(event=event, person=marco, status=RSVP.Status.GOING)
    result = services.event_attendance_import(actor=staff, event=event, file_name="attendance.csv", raw=MOBILIZE)
    assert (result.rsvps, result.check_ins, result.people_added, result.problems) == (1, 1, 2, [])
    lena = RSVP.objects.get(event=event, person__email="lena@example.org")
    assert (lena.status, lena.source, lena.checked_in_by) == (RSVP.Status.GOING, RSVP.Source.IMPORT, staff)
    assert lena.checked_in_at is not None
    assert lena.person.external_ids.get().external_id == "31"
    # Marco was already going and did not come: left as he was. Nia cancelled: no RSVP.
    assert RSVP.objects.get(event=event, person=marco).checked_in_at is None
    assert not RSVP.objects.filter(event=event, person__email="nia@example.org").exists()
    assert Person.objects.filter(email="nia@example.org").exists()
    assert not Message.objects.exists()  # it happened elsewhere: nobody is texted about it

    before = _state()
    again = services.event_attendance_import(actor=staff, event=event, file_name="attendance.csv", raw=MOBILIZE)
    assert (again.rsvps, again.check_ins, again.people_added, again.unchanged) == (0, 0, 0, 3)
    assert _state() == before


def test_attendance_page_and_bad_files(client, staff):
    event = EventFactory()
    client.force_login(staff)
    url = reverse("events:attendance_import", args=[event.pk])
    assert reverse("events:attendance_import", args=[event.pk]) in client.get(
        reverse("events:event_detail", args=[event.pk])).content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("attendance.csv", MOBILIZE)}).content.decode()
    assert "2 RSVPs recorded, 1 check-ins, 3 people added, 1 rows already recorded." in page
    no_name = client.post(url, {"file": SimpleUploadedFile("x.csv", b"email,phone\na@example.org,3125550100\n")})
    assert "No column of x.csv holds first names" in no_name.content.decode()
    not_table = client.post(url, {"file": SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00")})
    assert "is not a text file" in not_table.content.decode()
    assert RSVP.objects.filter(event=event).count() == 2
