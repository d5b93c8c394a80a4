"""How an import batch checks and writes the fields its rows change: only those fields are validated, and the
matched people's changes go to the database as one statement per batch on PostgreSQL (an UPDATE joined to
the rows' new values) or, on other databases, a few portable statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from members.models import ConsentChange, Person, PersonExternalId, PersonPhone

# A field that takes at most this many values across a batch is written with one UPDATE per value.
_FEW_VALUES = 4


def person_clean_fields(person: Person, names: Iterable[str]) -> None:
    """`full_clean` of only the named fields (and the model's `clean`), without uniqueness or constraints: the
    import's checks for the fields a row sets. Foreign keys come from rows just read and are not looked up again.
    Raises ValidationError with the errors by field, as `full_clean` does."""
    errors: dict[str, list[ValidationError]] = {}
    for name in sorted(set(names)):
        field = Person._meta.get_field(name)
        if not isinstance(field, models.Field) or field.is_relation:
            continue
        raw = getattr(person, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        try:
            setattr(person, field.attname, field.clean(raw, person))
        except ValidationError as error:
            errors[name] = error.error_list
    try:
        person.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def people_update(people: list[Person], changed: list[set[str]]) -> None:
    """Write each person's `changed` fields (the same index in both lists), and only those: on PostgreSQL in one
    UPDATE ... FROM (VALUES ...) per batch, elsewhere with the portable statements."""
    if not people:
        return
    if connection.vendor == "postgresql":
        people_update_values(people, changed)
    else:
        people_update_portable(people, changed)


# Fields (these exact classes, not subclasses that may store something else) whose stored value is the Python
# value itself: text, a yes or no, an id. The driver takes them without Django preparing each value.
_TEXT = {models.CharField, models.TextField, models.EmailField, models.SlugField}
_AS_IS = {models.BooleanField, models.ForeignKey, models.IntegerField, models.BigIntegerField}


def _column(field: models.Field[Any, Any], values: Iterable[Any]) -> list[Any]:
    """The values of one column as the database stores them."""
    if type(field) in _TEXT:
        return [value if value is None or type(value) is str else str(value) for value in values]
    if type(field) in _AS_IS:
        return list(values)
    return [field.get_db_prep_save(value, connection) for value in values]


def _concrete(name: str) -> models.Field[Any, Any]:
    field = Person._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{name} is not a column of a person")
    return field


def _cast(field: models.Field[Any, Any]) -> str:
    # The column's type without its length: a value too long for the column then fails on assignment instead of
    # being cut short by the cast.
    # (A foreign key's type is its target's; an id's is its integer type, its identity being no part of it.)
    return str(field.db_type(connection)).split("(")[0]


def people_update_values(people: list[Person], changed: list[set[str]]) -> None:
    """PostgreSQL: one UPDATE joined to the batch's rows, given as one array per column (`unnest`, a VALUES list
    whose statement stays a few lines long however many rows it carries): each row's id, its new values and, for a
    field only some rows change, a flag saying whether this row does. A row's other fields keep what they hold."""
    meta = Person._meta
    names = sorted(set().union(*changed))
    fields = [_concrete(name) for name in names]
    flags = [field for field in fields if not all(field.name in fields_changed for fields_changed in changed)]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sets = []
    for field in fields:
        column = quote(field.column)
        if field in flags:
            sets.append(f"{column} = CASE WHEN v.{quote(field.column + '__set')} THEN v.{column} "
                        f"ELSE {table}.{column} END")
        else:
            sets.append(f"{column} = v.{column}")
    aliases = ", ".join([pk, *(quote(field.column) for field in fields),
                         *(quote(field.column + "__set") for field in flags)])
    arrays = ", ".join([f"%s::{_cast(meta.pk)}[]", *(f"%s::{_cast(field)}[]" for field in fields),
                        *("%s::boolean[]" for _ in flags)])
    params: list[list[Any]] = [[person.pk for person in people]]
    params.extend(_column(field, (getattr(person, field.attname) for person in people)) for field in fields)
    params.extend([field.name in fields_changed for fields_changed in changed] for field in flags)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(sets)} FROM unnest({arrays}) AS v({aliases}) "  # noqa: S608
            f"WHERE {table}.{pk} = v.{pk}",
            params,
        )


def rows_insert(model: type[models.Model], rows: list[Any], *, ignore_conflicts: bool = False) -> None:
    """Insert new rows of `model` whose ids the caller does not need back, each an unsaved instance or a dict of
    field values (by attname; the others take their defaults, as a new instance would): on PostgreSQL one INSERT ...
    SELECT FROM unnest(one array per column), a statement of a few lines however many rows (bulk_create writes a
    placeholder per value, which the driver and Django both pay for); elsewhere bulk_create. `ignore_conflicts`
    skips rows a unique constraint already holds."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([row if isinstance(row, models.Model) else model(**row) for row in rows],
                                           ignore_conflicts=ignore_conflicts)
        return
    fields = [field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)]
    now = timezone.now()
    params = []
    for field in fields:
        if isinstance(rows[0], models.Model):
            values: Iterable[Any] = (field.pre_save(row, True) for row in rows)
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values = (row.get(field.attname, now) for row in rows)
        else:
            default = field.get_default()
            values = (row.get(field.attname, default) for row in rows)
        params.append(_column(field, values))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    arrays = ", ".join(f"%s::{_cast(field)}[]" for field in fields)
    conflicts = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
                       f"SELECT * FROM unnest({arrays}){conflicts}", params)


def people_update_portable(people: list[Person], changed: list[set[str]]) -> None:
    """Any database: the people that change the same fields go together; within them a field that takes few values
    is one plain UPDATE per value, and the rest go through bulk_update (a CASE per field and row, slow with many)."""
    groups: dict[frozenset[str], list[Person]] = defaultdict(list)
    for person, fields_changed in zip(people, changed, strict=True):
        groups[frozenset(fields_changed)].append(person)
    for names, group in groups.items():
        _group_update(group, sorted(names))


def _group_update(people: list[Person], fields: list[str]) -> None:
    varying: list[str] = []
    by_value: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for name in fields:
        values: dict[Any, list[int]] = defaultdict(list)
        for person in people:
            values[getattr(person, name)].append(person.pk)
            if len(values) > _FEW_VALUES:
                break
        if len(values) > _FEW_VALUES:
            varying.append(name)
        else:
            for value, pks in values.items():
                by_value[(name, value)] = pks
    together: dict[tuple[int, ...], dict[str, Any]] = defaultdict(dict)
    for (name, value), pks in by_value.items():
        together[tuple(pks)][name] = value
    for same, values in together.items():
        Person.objects.filter(pk__in=same).update(**values)
    if varying:
        Person.objects.bulk_update(people, varying)


# An import this large changes the tables enough that PostgreSQL's plans can go wrong until autovacuum's next
# ANALYZE: just after a statewide import, the outside ids of 25 people were read by scanning all 100,000.
ANALYZE_AFTER_ROWS = 5_000
IMPORTED_TABLES = (Person, PersonPhone, PersonExternalId, ConsentChange)


def refresh_statistics(rows: int) -> None:
    """Refresh PostgreSQL's statistics of the tables an import writes, after a large one (a second or so)."""
    if rows < ANALYZE_AFTER_ROWS or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in IMPORTED_TABLES))
