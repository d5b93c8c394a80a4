"""The outbox keeps no foreign key to a domain app: the old ones go, the subject and topic are indexed, and a
message names a whole subject or none."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('messaging', '0007_message_subject_fill'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='message',
            name='message_event_due_idx',
        ),
        migrations.RemoveField(
            model_name='message',
            name='consent_request',
        ),
        migrations.RemoveField(
            model_name='message',
            name='event',
        ),
        migrations.RemoveField(
            model_name='message',
            name='mentorship',
        ),
        migrations.RemoveField(
            model_name='message',
            name='rsvp',
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['topic', 'due_at'], name='message_topic_due_idx'),
        ),
        migrations.AddIndex(
            model_name='message',
            index=models.Index(fields=['subject_type', 'subject_id'], name='message_subject_idx'),
        ),
        migrations.AddConstraint(
            model_name='message',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('subject_id__isnull', True), ('subject_type__isnull', True)), models.Q(('subject_id__isnull', False), ('subject_type__isnull', False)), _connector='OR'), name='message_subject_complete'),
        ),
    ]
