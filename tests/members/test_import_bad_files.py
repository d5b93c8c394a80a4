"""People import of files that are not what they claim: NUL bytes, UTF-16, workbooks, pictures, random bytes and
cells longer than the csv module reads. Each is read, or refused in plain words, never a server error."""

from __future__ import annotations

import csv
import random
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from members import services
from members.models import ImportJob

pytestmark = pytest.mark.django_db

SHEET = "First name,Last name,Phone\nZoë,Núñez,312-555-0111\nÁngel,Peña,312-555-0112\n"


def _upload(user: Any, name: str, content: bytes) -> Any:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post(reverse("members:import_create"), {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.parametrize(("content", "message"), [
    (b"First name,Last name\nAna\x00,Ruiz\n", "holds control characters (such as NUL bytes)"),
    (SHEET.encode("utf-16-le"), "holds control characters (such as NUL bytes)"),
    (b"PK\x03\x04" + bytes(200), "is a spreadsheet workbook, not a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "is a spreadsheet workbook, not a CSV file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "is not a text file"),
    (random.Random(7).randbytes(4096), "is not a text file"),
    (b"\xff\xfe" + b"\x00\xd8", "starts like UTF-16 text but is not"),
])
def test_a_file_that_is_not_text_is_refused_in_plain_words(organizer_chicago: Any, content: bytes,
                                                           message: str) -> None:
    response = _upload(organizer_chicago, "s.csv", content)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(organizer_chicago: Any, encoding: str) -> None:
    raw = ("\ufeff" + SHEET).encode(encoding) if encoding == "utf-16-be" else SHEET.encode(encoding)
    response = _upload(organizer_chicago, "s.csv", raw)
    job = ImportJob.objects.get()
    assert response.status_code == 200 and job.encoding == "utf-16"
    assert job.mapping == {"first_name": "First name", "last_name": "Last name", "phone": "Phone"}
    names = [row.values["first_name"] for row in services.import_preview(job=job)]
    assert names == ["Zoë", "Ángel"]


def test_excels_tab_separated_unicode_text_is_read(organizer_chicago: Any) -> None:
    job = services.import_job_create(actor=organizer_chicago, file_name="s.txt",
                                     raw=SHEET.replace(",", "\t").encode("utf-16"))
    rows = services.import_preview(job=job)
    assert [(r.values["first_name"], r.values["phone"]) for r in rows] == [("Zoë", "+13125550111"),
                                                                          ("Ángel", "+13125550112")]


def test_a_cell_longer_than_the_csv_limit_is_a_row_problem_and_the_other_rows_are_read(organizer_chicago: Any) -> None:
    limit = csv.field_size_limit()
    raw = ("First name,Phone\nAna,312-555-0111\n" + "x" * (limit + 1) + ",312-555-0112\nBo,312-555-0113\n").encode()
    response = _upload(organizer_chicago, "wide.csv", raw)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    rows = services.import_preview(job=job)
    assert [(r.number, r.values["first_name"]) for r in rows] == [(2, "Ana"), (3, ""), (4, "Bo")]
    assert rows[1].problems == [f"Row 3 cannot be read: a cell is longer than {limit} characters."]
    page = Client()
    page.force_login(organizer_chicago)
    assert "Row 3 cannot be read" in page.get(reverse("members:import_detail", args=[job.pk])).content.decode()


def test_a_header_longer_than_the_csv_limit_is_refused(organizer_chicago: Any) -> None:
    response = _upload(organizer_chicago, "s.csv", b"x" * (csv.field_size_limit() + 1) + b"\nAna\n")
    assert "Row 1 cannot be read" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_old_mac_line_endings_are_read(organizer_chicago: Any) -> None:
    job = services.import_job_create(actor=organizer_chicago, file_name="s.csv",
                                     raw=b"First name,Phone\rAna,312-555-0111\rBo,312-555-0112\r")
    assert [r.values["first_name"] for r in services.import_preview(job=job)] == ["Ana", "Bo"]
