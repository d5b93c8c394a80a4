"""The moved tables take this app's names (leadership_stage, ...; the trainings' events table with them).

Only once members 0011 has let go of its models: until then a migration of another app may still point at
members_* tables (messaging 0002 does), so a rename before it would leave it pointing at nothing. Foreign keys
follow a renamed table on PostgreSQL and SQLite alike; no row is copied.
"""

from django.db import migrations

MOVED = ["stage", "training", "stagecriterion", "stagecriteriontraining", "stagemove", "trainingcompletion",
         "milestone", "mentorship", "mentorshipcheckin", "advancementsuggestion", "quietflag"]


class Migration(migrations.Migration):

    dependencies = [
        ('leadership', '0001_initial'),
        ('members', '0011_leadership_moves_out'),
    ]

    operations = [migrations.AlterModelTable(name=name, table=None) for name in MOVED]
