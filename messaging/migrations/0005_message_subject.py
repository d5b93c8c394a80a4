"""The outbox knows no domain: a message names what it is about generically (a content type and an id), groups
under a topic, and keeps the planned time of its subject. The columns are added here, filled from the old
foreign keys by 0006 and the old foreign keys dropped by 0007 (three steps: PostgreSQL refuses to alter a table
in the transaction that has just updated its rows under deferred foreign keys)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('messaging', '0004_inbound_message'),
    ]

    operations = [
        # The rule it kept (which kind names which foreign key) belongs to the kinds now; reversed after the old
        # foreign keys are filled again.
        migrations.RemoveConstraint(
            model_name='message',
            name='message_kind_matches_subject',
        ),
        migrations.RenameField(
            model_name='message',
            old_name='event_starts_at',
            new_name='planned_for',
        ),
        migrations.AlterField(
            model_name='message',
            name='planned_for',
            field=models.DateTimeField(blank=True, null=True, verbose_name='planned for'),
        ),
        migrations.AlterField(
            model_name='message',
            name='kind',
            field=models.CharField(max_length=32, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='message',
            name='subject_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='about (type)'),
        ),
        migrations.AddField(
            model_name='message',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='about (id)'),
        ),
        migrations.AddField(
            model_name='message',
            name='topic',
            field=models.CharField(blank=True, max_length=100, verbose_name='topic'),
        ),
    ]
