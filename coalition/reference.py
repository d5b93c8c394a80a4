"""Reference data every installation has: the default regions and Illinois' 102 counties."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DEFAULT_REGIONS = [
    ("Chicago", "chicago", "Chicago and Cook County."),
    ("Collar Counties", "collar-counties", "DuPage, Kane, Kendall, Lake, McHenry and Will."),
    ("Northern", "northern", "Rockford, the Quad Cities and northern Illinois."),
    ("Central", "central", "Springfield, Peoria, Bloomington-Normal, Champaign-Urbana and central Illinois."),
    ("Metro East", "metro-east", "The Illinois side of the St. Louis area."),
    ("Southern", "southern", "Carbondale and southern Illinois."),
]
COUNTIES_CSV = Path(__file__).resolve().parent / "data" / "illinois_counties.csv"


def load_regions_and_counties(region_model: Any = None, county_model: Any = None) -> None:
    """Create the default regions and the counties that are missing; never moves an existing county.

    Takes the models as arguments so the data migration can pass its historical ones. Idempotent.
    """
    if region_model is None or county_model is None:
        from coalition.models import County, Region

        region_model, county_model = Region, County
    if county_model.objects.count() == 102:
        return
    regions = {}
    for name, slug, description in DEFAULT_REGIONS:
        regions[name], _ = region_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    existing = set(county_model.objects.values_list("fips", flat=True))
    with COUNTIES_CSV.open(newline="", encoding="utf-8") as handle:
        missing = [row for row in csv.DictReader(handle) if row["fips"] not in existing]
    county_model.objects.bulk_create(
        county_model(fips=row["fips"], name=row["name"], region=regions[row["default_region"]]) for row in missing
    )
