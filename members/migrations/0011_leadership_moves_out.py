"""The ladder has moved to the leadership app (its 0001 took the models over; its 0002 renames the tables).

Here members lets go of them in Django's state only (the database keeps every row), Person.stage points at
leadership.Stage (state only: the column and its key are unchanged), and the content types of the moved models
are relabelled, so their permissions and the audit log's entries follow them.
"""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ["stage", "training", "stagecriterion", "stagecriteriontraining", "stagemove", "trainingcompletion",
         "milestone", "mentorship", "mentorshipcheckin", "advancementsuggestion", "quietflag"]


def _relabel(apps, schema_editor, old, new):
    """Give the moved models' content types their new app label, keeping their ids (so every row that points
    at one, a permission or an audit entry, follows). A model that already has one under the new label keeps
    it: relabelling the old one would break the unique (app label, model) pair."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    taken = set(content_types.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    content_types.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def content_types_to_leadership(apps, schema_editor):
    _relabel(apps, schema_editor, "members", "leadership")


def content_types_to_members(apps, schema_editor):
    _relabel(apps, schema_editor, "leadership", "members")


class Migration(migrations.Migration):

    dependencies = [
        ('leadership', '0001_initial'),
        ('members', '0010_merge_consent_history_and_form_keys'),
        ('messaging', '0005_mentorship_in_leadership'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='person',
                    name='stage',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='people', to='leadership.stage', verbose_name='leadership stage'),
                ),
                # Whatever points at a model goes before it. No field is removed first: in the state only, a
                # model's deletion takes its fields with it, and removing each relation would re-render the
                # whole graph around Person for nothing.
                migrations.DeleteModel(name='MentorshipCheckIn'),
                migrations.DeleteModel(name='Mentorship'),
                migrations.DeleteModel(name='AdvancementSuggestion'),
                migrations.DeleteModel(name='QuietFlag'),
                migrations.DeleteModel(name='StageMove'),
                migrations.DeleteModel(name='TrainingCompletion'),
                migrations.DeleteModel(name='Milestone'),
                migrations.DeleteModel(name='StageCriterionTraining'),
                migrations.DeleteModel(name='StageCriterion'),
                migrations.DeleteModel(name='Training'),
                migrations.DeleteModel(name='Stage'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_leadership, content_types_to_members),
    ]
