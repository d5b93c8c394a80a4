"""CSV import: every bad input named by row and column, each row all-or-nothing, re-runs idempotent."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.models import AuditEntry
from members import services
from members.models import ImportJob, Person, PersonPhone, Tag
from members.services import imports as import_services
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db

SHEET = (
    "First name,Last name,Phone,Email,County,Tags\n"
    "Ana,Ruiz,(312) 555-0111,ana@example.org,Cook,Clean Slate\n"
    "Ben,Okoro,12,,Cook,\n"                      # bad phone
    ",Nameless,312-555-0113,,Cook,\n"            # missing first name
    "Cal,Diaz,312.555.0114,,Narnia,\n"           # unknown county
    "Ana,Ruiz,(312) 555-0111,ana@example.org,Cook,Clean Slate\n"  # repeats row 2
    "Dee,Moss,,dee@example.org,Cook County,Driver; Speaker\n"
)


def _run(actor, text: str | bytes, name: str = "sheet.csv", django_capture_on_commit_callbacks=None) -> ImportJob:  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    job = services.import_job_create(actor=actor, file_name=name, raw=raw)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(actor=actor, job=job, create_tags=True)
    job.refresh_from_db()
    return job


def test_preview_names_each_problem_by_row_and_column(organizer_chicago):
    job = services.import_job_create(actor=organizer_chicago, file_name="sheet.csv", raw=SHEET.encode())
    assert job.mapping["first_name"] == "First name" and job.mapping["phone"] == "Phone"
    problems = {row.number: row.problems for row in services.import_preview(job=job)}
    assert problems[2] == [] and problems[7] == []
    assert problems[3] == ["Row 3, column “Phone”: “12” is not a phone number."]
    assert problems[4] == ["Row 4, column “First name”: a first name is needed."]
    assert problems[5] == ["Row 5, column “County”: there is no Illinois county called “Narnia”."]
    assert problems[6] == ["Row 6 repeats row 2; it is skipped."]


def test_import_runs_clean_rows_and_reports_the_rest(organizer_chicago, django_capture_on_commit_callbacks):
    job = _run(organizer_chicago, SHEET, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert job.status == "done" and (job.created_count, job.updated_count, job.failed_count) == (2, 0, 3)
    assert job.processed_rows == job.total_rows == 6
    ana = Person.objects.get(first_name="Ana")
    assert ana.phones.get().digits == "3125550111" and ana.source == "import" and ana.region.slug == "chicago"
    assert sorted(Person.objects.get(first_name="Dee").tags.values_list("name", flat=True)) == ["Driver", "Speaker"]


def test_rerunning_the_same_file_changes_nothing(organizer_chicago, django_capture_on_commit_callbacks):
    _run(organizer_chicago, SHEET, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    people, phones = Person.objects.count(), PersonPhone.objects.count()
    again = _run(organizer_chicago, SHEET, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (again.created_count, again.updated_count) == (0, 2)
    assert (Person.objects.count(), PersonPhone.objects.count()) == (people, phones)


def test_matches_existing_people_by_phone_or_email(organizer_chicago, django_capture_on_commit_callbacks):
    known = PersonFactory(first_name="Ana", last_name="Ruiz", email="")
    add_phone(known, "+13125550111")
    by_email = PersonFactory(first_name="Dee", email="DEE@example.org")
    job = _run(organizer_chicago, SHEET, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (job.created_count, job.updated_count) == (0, 2)
    known.refresh_from_db()
    assert known.email == "ana@example.org"  # a blank was filled in
    assert by_email.tags.count() == 2


def test_a_row_that_fails_while_saving_is_rolled_back_alone(organizer_chicago, django_capture_on_commit_callbacks,
                                                            monkeypatch):
    real = import_services._import_phone

    def flaky(**kwargs):  # type: ignore[no-untyped-def]
        if str(kwargs["number"]).endswith("0111"):
            raise ValidationError("the phone service fell over")
        return real(**kwargs)

    monkeypatch.setattr(import_services, "_import_phone", flaky)
    text = "First name,Phone\nAna,312-555-0111\nBo,312-555-0112\n"
    job = _run(organizer_chicago, text, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (job.created_count, job.failed_count) == (1, 1)
    assert not Person.objects.filter(first_name="Ana").exists()  # not half-applied: no person without the phone
    assert Person.objects.filter(first_name="Bo").exists()
    assert "Row 2: the phone service fell over" in job.results[0]["messages"]


def test_the_task_is_safe_to_run_twice(organizer_chicago, django_capture_on_commit_callbacks):
    job = _run(organizer_chicago, SHEET, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert services.import_job_run(job_id=job.pk) is None
    assert Person.objects.count() == 2


def test_latin1_file_is_read_and_said(client, organizer_chicago):
    client.force_login(organizer_chicago)
    raw = "First name,Last name\nRamón,Aguilar\n".encode("latin-1")
    response = client.post(reverse("members:import_create"), {"file": SimpleUploadedFile("s.csv", raw)}, follow=True)
    job = ImportJob.objects.get()
    assert job.encoding == "latin-1" and "Ramón" in job.content
    assert "read as Windows (Latin-1) text" in response.content.decode()


def test_utf8_with_bom(organizer_chicago):
    job = services.import_job_create(actor=organizer_chicago, file_name="s.csv",
                                     raw="\ufeffFirst name\nZoë\n".encode())
    assert job.encoding == "utf-8" and job.mapping == {"first_name": "First name"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"   \n", "s.csv is empty."),
        (b"Ana,Ruiz,312-555-0111\nBo,Li,312-555-0112\n", "column 3 holds “312-555-0111”"),
        (b"First name,,Phone\nAna,x,1\n", "Column 2 has no name in row 1."),
        (b"First name,Phone\n", "has no rows of people"),
        (b"Name,Name\nA,B\n", "Columns 1 and 2 are both named “Name”"),
    ],
)
def test_bad_files_are_refused_with_what_and_where(client, organizer_chicago, content, message):
    client.force_login(organizer_chicago)
    response = client.post(reverse("members:import_create"), {"file": SimpleUploadedFile("s.csv", content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_50_mb_file_is_refused(client, organizer_chicago):
    client.force_login(organizer_chicago)
    big = SimpleUploadedFile("big.csv", b"First name\n" + b"Ana\n" * (50 * 1024 * 1024 // 4))
    response = client.post(reverse("members:import_create"), {"file": big})
    assert "big.csv is 50.0 MB; the largest file accepted is 30 MB" in response.content.decode()


def test_mapping_needs_a_first_name_column_and_progress_partial(client, organizer_chicago,
                                                                 django_capture_on_commit_callbacks):
    job = services.import_job_create(actor=organizer_chicago, file_name="s.csv", raw=b"Nombre,Tel\nAna,1\n")
    client.force_login(organizer_chicago)
    url = reverse("members:import_detail", args=[job.pk])
    response = client.post(url, {"first_name": ""})
    assert response.status_code == 200 and "first_name" in response.context["form"].errors
    assert client.post(url, {"first_name": "Nombre"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_start", args=[job.pk]))
    progress = client.get(reverse("members:import_progress", args=[job.pk]), headers={"HX-Request": "true"})
    body = progress.content.decode()
    assert "1 added" in body and "hx-get" not in body  # finished: polling stops


# Batches: rows are matched and written a batch at a time, with the answers of the row-at-a-time import.

TRICKY = (
    "First name,Last name,Phone,Email,County,Tags\n"
    "Ana,Ruiz,(312) 555-0111,ana@example.org,Cook,Leader\n"   # 2: matched by phone, email filled in
    "Fay,Lee,773-555-0101,,Cook,Leader\n"                     # 3: created
    "Fay,Lee,773.555.0101,fay@example.org,Cook,Driver\n"      # 4: the same phone written otherwise: row 3's person
    "Fae,Lee,,FAY@example.org,Cook,\n"                        # 5: the email row 4 filled in
    "Gus,Gold,,,Cook,\n"                                      # 6: created (no phone, no email)
    "gus,GOLD,,,Cook County,Speaker\n"                        # 7: row 6's person by name and county
    "Eve,Stone,,eve@example.org,Cook,\n"                      # 8: matched by email; last name and county filled in
    "Eve,Stone,,,Cook,\n"                                     # 9: now matches by name and county
    "Ana,Ruiz,(312) 555-0111,ana@example.org,Cook,Leader\n"   # 10: repeats row 2
    "Hal,Ng,312-555-0199,dee@example.org,Cook,\n"             # 11: matched by email; phone added as primary
    "Ivy,,312-555-0199,,,\n"                                  # 12: the phone row 11 added
    "Bad,Phone,12,,Cook,\n"                                   # 13: not a phone number
)


@pytest.fixture
def known_people(organizer_chicago):  # type: ignore[no-untyped-def]
    ana = PersonFactory(first_name="Ana", last_name="Ruiz", email="")
    add_phone(ana, "+13125550111", is_primary=True)
    dee = PersonFactory(first_name="Dee", last_name="Moss", email="DEE@example.org")
    eve = PersonFactory(first_name="Eve", last_name="", email="eve@example.org", county=None, region=None,
                        assigned_organizer=organizer_chicago)
    return {"ana": ana, "dee": dee, "eve": eve}


@pytest.mark.parametrize("batch_size", [1, 2, 3, 500])
def test_batches_answer_as_row_by_row(organizer_chicago, known_people, django_capture_on_commit_callbacks,
                                      monkeypatch, batch_size):
    """A batch of one is the row-at-a-time import; every batch size must give its answers."""
    monkeypatch.setattr(import_services, "IMPORT_BATCH_SIZE", batch_size)
    job = _run(organizer_chicago, TRICKY, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    by_row = {result["row"]: result for result in job.results}
    fay, gus = Person.objects.get(first_name="Fay"), Person.objects.get(first_name="Gus")
    ana, dee, eve = known_people["ana"], known_people["dee"], known_people["eve"]
    assert {row: (r["status"], r.get("person")) for row, r in by_row.items()} == {
        2: ("matched", ana.pk), 3: ("created", fay.pk), 4: ("matched", fay.pk), 5: ("matched", fay.pk),
        6: ("created", gus.pk), 7: ("matched", gus.pk), 8: ("matched", eve.pk), 9: ("matched", eve.pk),
        10: ("skipped", None), 11: ("matched", dee.pk), 12: ("matched", dee.pk), 13: ("failed", None),
    }
    assert by_row[10]["messages"] == ["Row 10 repeats row 2; it is skipped."]
    assert (job.created_count, job.updated_count, job.failed_count) == (2, 8, 1)
    assert job.processed_rows == job.total_rows == 12
    assert Person.objects.count() == 5
    assert list(fay.phones.values_list("digits", "is_primary")) == [("7735550101", True)]
    assert fay.email == "fay@example.org" and fay.region.slug == "chicago" and fay.source == "import"
    assert sorted(fay.tags.values_list("name", flat=True)) == ["Driver", "Leader"]
    assert list(gus.tags.values_list("name", flat=True)) == ["Speaker"]
    eve.refresh_from_db()
    assert (eve.last_name, eve.county.name, eve.region.slug) == ("Stone", "Cook", "chicago")
    assert list(dee.phones.values_list("digits", "is_primary")) == [("3125550199", True)]
    ana.refresh_from_db()
    assert ana.email == "ana@example.org" and list(ana.tags.values_list("name", flat=True)) == ["Leader"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id__in=[str(fay.pk), str(gus.pk)]
                                     ).count() == 2

    counts = (Person.objects.count(), PersonPhone.objects.count(), Person.tags.through.objects.count(),
              Tag.objects.count())
    again = _run(organizer_chicago, TRICKY, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert (again.created_count, again.updated_count, again.failed_count) == (0, 10, 1)
    assert (Person.objects.count(), PersonPhone.objects.count(), Person.tags.through.objects.count(),
            Tag.objects.count()) == counts


def _sheet(size: int) -> str:
    lines = ["First name,Last name,Phone,Email,County,Tags"]
    for i in range(size):
        if i % 2:
            lines.append(f"Known{i},Person,+1 312 555 {1000 + i},,Cook,Volunteer")
        else:
            lines.append(f"New{i},Person,+1 773 555 {1000 + i},new{i}@example.org,Cook,Volunteer; Driver")
    return "\n".join(lines) + "\n"


def _started_import(actor, text: str, django_capture_on_commit_callbacks) -> ImportJob:  # type: ignore[no-untyped-def]
    job = services.import_job_create(actor=actor, file_name="s.csv", raw=text.encode())
    with django_capture_on_commit_callbacks(execute=False):
        services.import_job_start(actor=actor, job=job, create_tags=True)
    # The audit entries look up content types through a process-wide cache: start both runs cold, so the count
    # does not depend on which tests ran before.
    ContentType.objects.clear_cache()
    return job


def _assert_done(job: ImportJob) -> None:
    job.refresh_from_db()
    assert job.status == "done" and job.failed_count == 0


def test_import_queries_do_not_grow_with_the_rows(organizer_chicago, django_capture_on_commit_callbacks,
                                                  django_assert_num_queries):
    for i in range(1, 40, 2):
        add_phone(PersonFactory(first_name=f"Known{i}"), f"+1312555{1000 + i}")
    small = _started_import(organizer_chicago, _sheet(2), django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as captured:
        services.import_job_run(job_id=small.pk)
    small_queries = len(captured)
    _assert_done(small)
    Tag.objects.all().delete()  # both runs create the same tags
    large = _started_import(organizer_chicago, _sheet(40), django_capture_on_commit_callbacks)
    with django_assert_num_queries(small_queries):
        services.import_job_run(job_id=large.pk)
    _assert_done(large)
    assert Person.objects.filter(first_name__startswith="New").count() == 20  # New0 is in both files: matched by phone


def test_a_batch_that_hits_a_database_error_is_redone_row_by_row(organizer_chicago, known_people,
                                                                 django_capture_on_commit_callbacks, monkeypatch):
    """A second primary phone breaks a database constraint: that row fails alone, nothing of it is kept."""
    real = import_services._import_phone

    def second_primary(**kwargs):  # type: ignore[no-untyped-def]
        phone = real(**kwargs)
        phone.is_primary = phone.is_primary or str(kwargs["number"]).endswith("0122")
        return phone

    monkeypatch.setattr(import_services, "_import_phone", second_primary)
    text = ("First name,Last name,Phone,Email,County,Tags\n"
            "Bo,Li,312-555-0112,,Cook,Pilot\n"
            "Ana,Ruiz,312-555-0122,ana@example.org,Cook,Pilot\n"   # matched by email: a second primary phone
            "Cy,Ho,312-555-0133,,Cook,Pilot\n")
    ana = known_people["ana"]
    Person.objects.filter(pk=ana.pk).update(email="ana@example.org", last_name="")
    job = _run(organizer_chicago, text, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert [r["status"] for r in job.results] == ["created", "failed", "created"]
    assert job.results[1]["messages"][0].startswith("Row 3: ")
    ana.refresh_from_db()
    assert ana.last_name == "" and not ana.tags.exists()  # the failed row's fill-in and tag were not kept
    assert list(ana.phones.values_list("digits", flat=True)) == ["3125550111"]
    assert sorted(Person.objects.filter(tags__name="Pilot").values_list("first_name", flat=True)) == ["Bo", "Cy"]
