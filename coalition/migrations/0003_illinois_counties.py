"""Load Illinois' 102 counties (Census FIPS codes) and the default regions (docs/domain.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from coalition.reference import load_regions_and_counties

    load_regions_and_counties(apps.get_model("coalition", "Region"), apps.get_model("coalition", "County"))


class Migration(migrations.Migration):
    dependencies = [("coalition", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
