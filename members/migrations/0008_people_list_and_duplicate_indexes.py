"""Indexes for the people list at statewide scale and for the duplicate scan (PostgreSQL and SQLite alike).

- name order within a region, within an organizer's assignments, and statewide, each ending in id, so a page is
  read in index order and the last page backwards (`members.selectors.person_page`);
- (county, lower(last name), id): the namesakes the duplicate scan compares, looked up person by person;
- lower(email): the duplicate scan's "same email".
Raw SQL because two are expression indexes the model's Meta does not describe; IF NOT EXISTS keeps it re-runnable.
"""

from django.db import migrations

INDEXES = [
    ("person_region_order_idx", "members_person", "region_id, last_name, first_name, id"),
    ("person_organizer_order_idx", "members_person", "assigned_organizer_id, last_name, first_name, id"),
    ("person_name_order_idx", "members_person", "last_name, first_name, id"),
    ("person_county_lower_last_idx", "members_person", "county_id, (LOWER(last_name)), id"),
    ("person_lower_email_idx", "members_person", "(LOWER(email))"),
]


def create(apps, schema_editor):
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0007_training_events_recruited_by")]
    operations = [migrations.RunPython(create, drop)]
