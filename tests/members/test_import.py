"""CSV import: every bad input named by row and column, each row all-or-nothing, re-runs idempotent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import services
from members.models import ImportJob, Person, PersonPhone
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
        services.import_job_start(actor=actor, job=job)
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
    real = services.phone_add

    def flaky(**kwargs):  # type: ignore[no-untyped-def]
        if str(kwargs["number"]).endswith("0111"):
            raise ValidationError("the phone service fell over")
        return real(**kwargs)

    monkeypatch.setattr(services, "phone_add", flaky)
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
    assert "read as Latin-1" in response.content.decode()


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
    assert "big.csv is 50.0 MB; the largest file accepted is 5 MB" in response.content.decode()


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
