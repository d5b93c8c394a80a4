"""Mentorships now live in the leadership app. State only: the column and its foreign key are unchanged (the
key follows the table's rename). Before members 0011, which lets go of members.Mentorship.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('leadership', '0001_initial'),
        ('messaging', '0004_inbound_message'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='mentorship',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='leadership.mentorship', verbose_name='mentorship'),
                ),
            ],
            database_operations=[],
        ),
    ]
