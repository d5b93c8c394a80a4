"""Every read of the statewide picture: the county map (county_map.py) and the funder report (funder.py)."""

from reports.selectors.county_map import (
    MEASURES as MEASURES,
)
from reports.selectors.county_map import (
    SORTS as SORTS,
)
from reports.selectors.county_map import (
    CountyMap as CountyMap,
)
from reports.selectors.county_map import (
    Subject as Subject,
)
from reports.selectors.county_map import (
    county_counts as county_counts,
)
from reports.selectors.county_map import (
    county_map as county_map,
)
from reports.selectors.county_map import (
    measure_choices as measure_choices,
)
from reports.selectors.dashboard import (
    Section as Section,
)
from reports.selectors.dashboard import (
    dashboard as dashboard,
)
from reports.selectors.funder import (
    FunderReport as FunderReport,
)
from reports.selectors.funder import (
    Period as Period,
)
from reports.selectors.funder import (
    funder_report as funder_report,
)
from reports.selectors.funder import (
    period_quarter as period_quarter,
)
from reports.selectors.funder import (
    period_year as period_year,
)
