"""Permission-matrix rows for the statewide picture. The county map and its CSV: everyone who works with people
and partner representatives (each over their own reach); the dashboard: everyone who works with people; the
funder report and its CSV: staff and admins."""

from __future__ import annotations

from tests.matrix import PEOPLE_WORKERS, STAFF, Row, only

ROWS: dict[str, Row] = {
    "reports:county_map": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "reports:county_map_export": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "reports:dashboard": Row(expect=only(*PEOPLE_WORKERS)),
    "reports:dashboard_export": Row(expect=only(*PEOPLE_WORKERS)),
    "reports:funder_report": Row(expect=only(*STAFF)),
    "reports:funder_report_export": Row(expect=only(*STAFF)),
}
