"""The stories' tables take this app's names (members 0012_stories_move_out has let go of the models).

A rename keeps every row, its id and every key that points at it; the many-to-many table of themes
(members_story_themes) is renamed with its story table.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('stories', '0001_initial'),
        ('members', '0012_stories_move_out'),
    ]

    operations = [
        migrations.AlterModelTable(name='theme', table=None),
        migrations.AlterModelTable(name='story', table=None),
        migrations.AlterModelTable(name='mediaappearance', table=None),
    ]
