"""The outbox knows no domain: a message names what it is about generically (a content type and an id), groups
under a topic, and keeps the planned time of its subject. The columns are added here, filled from the old
foreign keys by 0007 and the old foreign keys dropped by 0008 (three steps: PostgreSQL refuses to alter a table
in the transaction that has just updated its rows under deferred foreign keys). After the leadership tables
take their names (leadership 0002): going back, 0008 puts the mentorship's foreign key back on the table as it is
named then, and the rename back to members_mentorship carries it along."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('leadership', '0002_leadership_tables'),
        ('messaging', '0005_mentorship_in_leadership'),
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
