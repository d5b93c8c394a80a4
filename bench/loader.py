"""Bulk loading with PostgreSQL COPY into the real tables, filling every column the bench does not set
from the model's own defaults, so a model that gains a field with a default keeps loading.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


class CannotFill(Exception):
    """A required column has no default and the bench does not know what to put in it."""


def fill_plan(model: type[models.Model], columns: Sequence[str], now: datetime) -> tuple[list[str], tuple[Any, ...]]:
    """The columns the rows give, plus every other concrete column with its constant default.

    `columns` are attribute names (`county_id`); a required column without a default raises CannotFill
    naming the model and the field.
    """
    given = set(columns)
    extra_names: list[str] = []
    extra_values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            continue
        if field.primary_key and isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        else:
            value = field.get_default()
            if value is None and not field.null:
                raise CannotFill(f"{model._meta.label}.{field.name} needs a value and has no default")
            value = field.get_db_prep_save(value, connection)
        extra_names.append(field.column)
        extra_values.append(value)
    columns_db = [model._meta.get_field(_field_name(model, name)).column for name in columns]
    return columns_db + extra_names, tuple(extra_values)


def _field_name(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise CannotFill(f"{model._meta.label} has no column {attname}")


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], now: datetime) -> int:
    """COPY the rows (tuples in `columns` order, database-ready values) into the model's table."""
    names, tail = fill_plan(model, columns, now)
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(name) for name in names)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # The fast tests run the same generators on SQLite: plain batched INSERTs there.
            marks = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {table} ({column_sql}) VALUES ({marks})"  # noqa: S608 (names from the models)
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(tuple(_adapt_sqlite(v) for v in (*row, *tail)))
                count += 1
                if len(batch) == 1000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
            return count
        with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *tail))
                count += 1
    return count


def _adapt_sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def next_id(model: type[models.Model]) -> int:
    """The first free primary key, so the bench can give rows their ids and point foreign keys at them."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 (a model's table)
        return int(cursor.fetchone()[0])


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After COPY with explicit ids: move each id sequence past the largest id."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze() -> None:
    """VACUUM ANALYZE after the bulk load, as autovacuum would on a live database: it refreshes the planner's
    statistics and merges the GIN (trigram) indexes' pending lists, which a COPY leaves full."""
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction block (a test's): there, ANALYZE alone.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
