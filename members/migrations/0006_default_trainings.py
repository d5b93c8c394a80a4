from django.db import migrations

from members.reference import QUIET_FROM_ORDER


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from members.reference import load_default_trainings

    load_default_trainings(apps.get_model("members", "Training"))
    apps.get_model("members", "Stage").objects.filter(order__gte=QUIET_FROM_ORDER).update(watch_for_quiet=True)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_leadership_and_stories")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
