"""The default training catalogue, and "flag when quiet" on Emerging leader and above.

Written out here rather than read from the app: the ladder's code has moved to the leadership app, which sits
above this one, and a migration keeps the data it was written with.
"""

from django.db import migrations

DEFAULT_TRAININGS = [
    ("Know Your Rights", "Your rights with police, landlords, employers and supervision."),
    ("Legislative Advocacy 101", "How a bill becomes law in Illinois and how to talk to a legislator."),
    ("Storytelling for Media", "Telling your story safely and well, on your terms."),
    ("Community Organizing Fundamentals", "1:1s, self-interest, power mapping and the ask."),
    ("Springfield experiential learning", "A day at the Capitol: committee hearings, lobby visits, witness slips."),
    ("Facilitating a Meeting", "Agendas, timekeeping, making room for every voice."),
]

# Emerging leader and above are flagged when they go quiet.
QUIET_FROM_ORDER = 4


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    Training = apps.get_model("members", "Training")
    for name, description in DEFAULT_TRAININGS:
        Training.objects.get_or_create(name=name, defaults={"description": description})
    apps.get_model("members", "Stage").objects.filter(order__gte=QUIET_FROM_ORDER).update(watch_for_quiet=True)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_leadership_and_stories")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
