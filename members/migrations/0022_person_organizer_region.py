"""The people an organizer is assigned outside their own region (access.people_work_scope_parts' second piece).

- (assigned organizer, region): that piece asks for the organizer's people in any region but theirs, as two ranges
  and a null, which this index answers without reading the people assigned to them at home;
- PostgreSQL statistics on the pair: without them the planner multiplies the two columns' frequencies, expects
  thousands of such people where there are a handful, and walks every one of the organizer's people in name order.
Raw SQL because the model's Meta does not describe statistics; IF NOT EXISTS keeps it re-runnable.
"""

from django.db import migrations


def create(apps, schema_editor):
    schema_editor.execute("CREATE INDEX IF NOT EXISTS person_organizer_region_idx "
                          "ON members_person (assigned_organizer_id, region_id)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE STATISTICS IF NOT EXISTS person_organizer_region_stats (mcv) "
                              "ON assigned_organizer_id, region_id FROM members_person")
        schema_editor.execute("ANALYZE members_person")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS person_organizer_region_stats")
    schema_editor.execute("DROP INDEX IF EXISTS person_organizer_region_idx")


class Migration(migrations.Migration):
    dependencies = [("members", "0021_import_source_and_consent")]
    operations = [migrations.RunPython(create, drop)]
