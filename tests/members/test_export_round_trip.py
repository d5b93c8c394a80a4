"""The people export of the demo data, imported into an installation without people, gives the same people back:
names, contact details, county, phones, tags and consent, with zero differences."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from coalition.models import MeetingAttendance, SeatRepresentative, User
from members import services
from members.models import Person, Tag

pytestmark = pytest.mark.django_db

FIELDS = ("first_name", "last_name", "preferred_name", "pronouns", "preferred_language", "email", "street_address",
          "city", "postal_code", "county__name", "sms_consent", "email_consent", "phone_consent")


def _people() -> list[tuple[object, ...]]:
    people = []
    for person in Person.objects.prefetch_related("tags", "phones"):
        values = Person.objects.filter(pk=person.pk).values_list(*FIELDS).get()
        phones = tuple(sorted(p.digits for p in person.phones.all() if p.stopped_working_on is None))
        people.append((*values, phones, tuple(sorted(t.name for t in person.tags.all()))))
    return sorted(people, key=repr)


def test_demo_people_export_reimports_with_zero_differences(client, django_capture_on_commit_callbacks):
    call_command("seed_demo")
    admin = User.objects.get(email="admin@demo.coalition.test")
    client.force_login(admin)
    response = client.get(reverse("members:person_export"))
    export = b"".join(response.streaming_content)
    before = _people()
    assert len(before) >= 20 and any(row[-2] for row in before) and any(row[-1] for row in before)
    assert any(row[FIELDS.index("sms_consent")] for row in before)

    # An installation without people: what holds on to them goes first.
    MeetingAttendance.objects.all().delete()
    SeatRepresentative.objects.all().delete()
    Person.objects.all().delete()
    Tag.objects.all().delete()
    job = services.import_job_create(actor=admin, file_name="people.csv", raw=export)
    assert job.source == "coalition"
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(actor=admin, job=job, create_tags=True)
    job.refresh_from_db()
    assert job.failed_count == 0, [r for r in job.results if r["status"] == "failed"]
    after = _people()
    assert [row for row in before if row not in after] == [], job.results
    assert [row for row in after if row not in before] == []
    assert after == before
