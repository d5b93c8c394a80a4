"""The default leadership ladder (DOMAIN.md); admins can change it."""

from django.db import migrations


def load(apps, schema_editor):
    from members.reference import load_default_stages

    load_default_stages(apps.get_model("members", "Stage"))


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
