"""Which database a read goes to: the primary, or the read replica (`DATABASE_REPLICA_URL`) for the statewide map,
the dashboards and the funder report. A selector marked `@on_reports_database` reads there for as long as it
runs; every write, and every other read, goes to the primary. Without a replica both are the primary."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings

_reporting: ContextVar[bool] = ContextVar("reporting", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def reports_database() -> Iterator[None]:
    """Reads inside this block go to the reports database (the replica, when there is one)."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def on_reports_database(selector: Callable[P, R]) -> Callable[P, R]:
    """Run a selector's reads on the reports database. Its result must be read in full before it returns."""

    @functools.wraps(selector)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with reports_database():
            return selector(*args, **kwargs)

    return wrapped


class ReportsRouter:
    """Sends reads made inside `reports_database()` to `settings.REPORTS_DATABASE`; everything else is the primary's."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return str(settings.REPORTS_DATABASE) if _reporting.get() else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # a replica follows the primary's schema by replication
