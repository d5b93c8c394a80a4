"""The default leadership ladder (docs/domain.md); admins can change it.

The stages are written out here rather than read from the app: the ladder's code has moved to the leadership
app, which sits above this one, and a migration keeps the data it was written with.
"""

from django.db import migrations

DEFAULT_STAGES = [
    (1, "Contact", "Someone we have met."),
    (2, "Member", "Has joined and wants to stay in touch."),
    (3, "Active", "Comes to meetings and events."),
    (4, "Emerging leader", "Takes on roles: recruits, speaks, trains."),
    (5, "Leader", "Leads meetings, testifies, mentors others."),
    (6, "Organizer", "Organizes others in a region or campaign."),
]


def load(apps, schema_editor):
    Stage = apps.get_model("members", "Stage")
    if Stage.objects.exists():
        return
    Stage.objects.bulk_create(
        Stage(order=order, name=name, description=description) for order, name, description in DEFAULT_STAGES
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
