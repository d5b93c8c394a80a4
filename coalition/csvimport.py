"""Reading an uploaded CSV: which encoding it is in, whether it is text at all, and its rows one at a time.

Shared by the people import and the legislator and position imports. A file that is not text (a workbook, a
picture, a file with NUL bytes) is refused in plain words before anything parses it; a row the csv module cannot
read (a cell longer than `csv.field_size_limit()`) is reported by number and the rows after it are still read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control characters no text file holds (tab, line feed and carriage return are a CSV's own).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

# The bytes where Windows-1252 has letters and punctuation and Latin-1 control codes.
_WINDOWS_ONLY = re.compile(b"[\x80-\x9f]")

# What the first bytes of the files people most often upload by mistake look like.
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


@dataclass
class Decoded:
    text: str
    encoding: str


def decode(raw: bytes, file_name: str) -> Decoded:
    """The text of an uploaded CSV: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
    (Excel's "Unicode text"), else Windows-1252 (Excel's "CSV" on Windows), else Latin-1. Raises ValidationError
    for a file that is not text."""
    if raw.startswith(_WORKBOOKS):
        raise ValidationError(_("%(name)s is a spreadsheet workbook, not a CSV file. Open it and save it as "
                                "“CSV UTF-8”, then upload that file.") % {"name": file_name})
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            decoded = Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise ValidationError(_("%(name)s starts like UTF-16 text but is not. Save it as “CSV UTF-8” and "
                                    "upload it again.") % {"name": file_name}) from error
    else:
        try:
            decoded = Decoded(raw.decode("utf-8-sig"), "utf-8")
        except UnicodeDecodeError:
            # Windows-1252 is Latin-1 with curly quotes, dashes and the euro sign where Latin-1 has control codes
            # (bytes 0x80-0x9F); a file with none of those bytes reads the same both ways and is called Latin-1.
            try:
                decoded = (Decoded(raw.decode("cp1252"), "cp1252") if _WINDOWS_ONLY.search(raw)
                           else Decoded(raw.decode("latin-1"), "latin-1"))
            except UnicodeDecodeError:
                decoded = Decoded(raw.decode("latin-1"), "latin-1")
    if _NOT_TEXT.search(decoded.text):
        raise ValidationError(_("%(name)s is not a text file: it holds control characters (such as NUL bytes) that "
                                "a CSV never has. If it is a spreadsheet, open it and save it as “CSV UTF-8”.")
                              % {"name": file_name})
    return decoded


DELIMITERS = (",", "\t", ";")


def delimiter(text: str) -> str:
    """The separator of the file's columns, read from its header row: a comma, a tab (VAN's and Excel's "text"
    exports) or a semicolon (Excel where the decimal mark is a comma), whichever the header holds most of."""
    first = text.split("\n", 1)[0]
    counts = {candidate: first.count(candidate) for candidate in DELIMITERS}
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def records(text: str) -> Iterator[tuple[int, list[str] | None]]:
    """(row number, cells) for each row of the file, the header being row 1. Cells is None for a row the csv
    module cannot read (a cell longer than csv.field_size_limit()); reading goes on with the next row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield number, None
        else:
            yield number, cells


def unreadable_row(number: int) -> str:
    """The problem of a row `records` could not read, in the words a spreadsheet user knows."""
    return _("Row %(row)d cannot be read: a cell is longer than %(limit)d characters.") % {
        "row": number, "limit": csv.field_size_limit()}


def dict_rows(text: str) -> list[dict[str, str]]:
    """The data rows keyed by the header's column names (missing cells absent). Raises ValidationError naming the
    first row that cannot be read."""
    rows: list[dict[str, str]] = []
    header: list[str] = []
    for number, cells in records(text):
        if cells is None:
            raise ValidationError(unreadable_row(number))
        if number == 1:
            header = cells
        elif cells:
            rows.append(dict(zip(header, cells, strict=False)))
    return rows
