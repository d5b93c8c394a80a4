"""Stories have moved to the stories app (its 0001 took the models over; its 0002 renames the tables).

Here members lets go of them in Django's state only (the database keeps every row), and the content types of
the moved models are relabelled, so their permissions, the audit log's entries and the milestones found from
media appearances follow them.
"""

from django.db import migrations


MOVED = ["theme", "story", "mediaappearance"]


def _relabel(apps, schema_editor, old, new):
    """Give the moved models' content types their new app label, keeping their ids (so every row that points
    at one follows). A model that already has one under the new label keeps it: relabelling the old one would
    break the unique (app label, model) pair."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    taken = set(content_types.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    content_types.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def content_types_to_stories(apps, schema_editor):
    _relabel(apps, schema_editor, "members", "stories")


def content_types_to_members(apps, schema_editor):
    _relabel(apps, schema_editor, "stories", "members")


class Migration(migrations.Migration):

    dependencies = [
        ('stories', '0001_initial'),
        ('members', '0011_leadership_moves_out'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Whatever points at a model goes before it; in the state only, a model's deletion takes its
                # fields (the themes' many-to-many among them) with it.
                migrations.DeleteModel(name='MediaAppearance'),
                migrations.DeleteModel(name='Story'),
                migrations.DeleteModel(name='Theme'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_stories, content_types_to_members),
    ]
