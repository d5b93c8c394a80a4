"""The reports' reads go to the reports database (a read replica when one is set) only while a marked selector
runs; writes and every other read stay on the primary."""

from __future__ import annotations

from django.db import router

from coalition.db import on_reports_database, reports_database
from members.models import Person


def test_reads_go_to_the_reports_database_only_inside_the_block(settings) -> None:
    settings.REPORTS_DATABASE = "replica"
    assert router.db_for_read(Person) == "default"
    with reports_database():
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_write(Person) == "default"
    assert router.db_for_read(Person) == "default"


def test_a_marked_selector_reads_there_and_the_mark_ends_with_it(settings) -> None:
    settings.REPORTS_DATABASE = "replica"

    @on_reports_database
    def count_somewhere() -> str:
        return router.db_for_read(Person)

    assert count_somewhere() == "replica"
    assert router.db_for_read(Person) == "default"


def test_without_a_replica_the_reports_read_the_primary(settings) -> None:
    settings.REPORTS_DATABASE = "default"
    with reports_database():
        assert router.db_for_read(Person) == "default"
    assert router.allow_migrate("replica", "members") is False and router.allow_migrate("default", "members")


def test_the_map_the_dashboard_and_the_funder_report_are_marked() -> None:
    from reports import selectors

    for selector in (selectors.county_map, selectors.dashboard, selectors.funder_report):
        assert selector.__wrapped__.__module__.startswith("reports.selectors")  # type: ignore[attr-defined]
