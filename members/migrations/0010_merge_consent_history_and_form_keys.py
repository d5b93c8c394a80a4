# Joins two migrations written side by side: the consent history and the forms' idempotency keys.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0009_consent_history'),
        ('members', '0009_person_story_idempotency_key'),
    ]

    operations = [
    ]
