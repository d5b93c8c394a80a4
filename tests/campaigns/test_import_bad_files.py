"""Legislator and position imports of files that are not plain UTF-8 CSV: each is read, or refused on the form."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns.models import Legislator

pytestmark = pytest.mark.django_db

CSV = "chamber,district,first_name,last_name,party,region\nHouse,12,Ada,Quiñones,D,chicago\n"


def _import(user: Any, content: bytes, url_name: str = "legislator_import", **extra: str) -> str:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.post(reverse(f"coalition:campaigns:{url_name}"),
                           {"file": SimpleUploadedFile("l.csv", content), **extra})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("content", "message"), [
    (CSV.replace("Ada", "Ada\x00").encode(), "holds control characters (such as NUL bytes)"),
    (CSV.encode("utf-16-le"), "holds control characters (such as NUL bytes)"),
    (b"PK\x03\x04" + bytes(100), "is a spreadsheet workbook"),
    (CSV.encode("latin-1"), "The file is not UTF-8 text"),
    (("chamber,district\nHouse," + "1" * (csv.field_size_limit() + 1) + "\n").encode(), "Row 2 cannot be read"),
])
@pytest.mark.parametrize("url_name", ["legislator_import", "position_import"])
def test_a_file_that_cannot_be_read_is_a_form_error(staff: Any, regions: Any, content: bytes, message: str,
                                                    url_name: str) -> None:
    assert message in _import(staff, content, url_name)
    assert not Legislator.objects.exists()


def test_utf16_with_a_byte_order_mark_is_imported(staff: Any, regions: Any) -> None:
    _import(staff, CSV.encode("utf-16"), confirm="on")
    assert Legislator.objects.get().last_name == "Quiñones"


@pytest.mark.parametrize("district", ["²", "١٢", "99999999999999999999", "9" * 5000])
def test_a_district_that_is_not_a_number_is_a_row_problem(staff: Any, regions: Any, district: str) -> None:
    page = _import(staff, CSV.replace(",12,", f",{district},").encode(), confirm="on")
    assert "Row 2, column “district”" in page
    assert not Legislator.objects.exists()
