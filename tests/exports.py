"""Reading back a CSV export the way a spreadsheet would: the whole stream, UTF-8 with its byte-order mark."""

from __future__ import annotations

import csv
import io
from typing import Any

BOM = b"\xef\xbb\xbf"


def csv_rows(response: Any) -> list[list[str]]:
    """Every row of a streamed CSV download (the header first); fails unless it is a 200 UTF-8 CSV with a BOM."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM):].decode("utf-8"), newline="")))


def csv_dicts(response: Any) -> list[dict[str, str]]:
    """The rows of a streamed CSV download as dicts keyed by the header."""
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]
