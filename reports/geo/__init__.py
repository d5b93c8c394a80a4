"""The county shapes the map draws: `illinois_counties.json`, written by `build_counties.py` from us-atlas."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SHAPES = Path(__file__).resolve().parent / "illinois_counties.json"


@cache
def county_shapes() -> dict[str, Any]:
    """The committed shapes: {"width", "height", "counties": {fips: {"name", "path"}}}, read once per process."""
    data: dict[str, Any] = json.loads(SHAPES.read_text())
    return data
