"""Trigram GIN indexes for the people search, on PostgreSQL only (SQLite answers the same with a scan).

The indexed expression is exactly what Django writes for `icontains` on PostgreSQL
(`UPPER("col"::text) LIKE UPPER(...)`), so the planner uses these indexes for the search's lookups.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("person_first_name_trgm", "members_person", "first_name"),
    ("person_last_name_trgm", "members_person", "last_name"),
    ("person_preferred_name_trgm", "members_person", "preferred_name"),
    ("person_email_trgm", "members_person", "email"),
    ("personphone_digits_trgm", "members_personphone", "digits"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_interactions_followups_imports")]
    # TrigramExtension does nothing on databases other than PostgreSQL.
    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
