"""Stories move here from the members app, every row kept, nothing copied.

Their models were members' (tables members_theme, members_story, members_story_themes,
members_mediaappearance). Here this app takes them over in Django's state only, on the tables as they are.
Then members 0012_stories_move_out lets go of them (state only) and gives their content types to this app, and
0002 renames the tables.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0011_leadership_moves_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models as they are in members, on members' tables: Django's state only, the database is untouched.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=60, unique=True, verbose_name='name')),
                    ],
                    options={
                        'db_table': 'members_theme',
                        'verbose_name': 'theme',
                        'verbose_name_plural': 'themes',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Story',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('text', models.TextField(verbose_name='story')),
                        ('consent_level', models.CharField(choices=[('internal', 'Internal only'), ('partners', 'Coalition partners'), ('media_named', 'Media, with name'), ('media_anonymous', 'Media, anonymous'), ('public', 'Public')], default='internal', max_length=20, verbose_name='who may hear it')),
                        ('media_readiness', models.CharField(choices=[('not_ready', 'Not ready for media'), ('with_support', 'Ready with support'), ('ready', 'Media ready')], default='not_ready', max_length=14, verbose_name='media readiness')),
                        ('consent_obtained_at', models.DateTimeField(blank=True, null=True, verbose_name='consent obtained at')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='consent expires on')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='consent revoked at')),
                        ('idempotency_key', models.UUIDField(blank=True, editable=False, null=True, unique=True, verbose_name='submission key')),
                        ('consent_obtained_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='consent obtained by')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stories', to='members.person', verbose_name='person')),
                        # Its table follows the model's: members_story_themes now, stories_story_themes after 0002.
                        ('themes', models.ManyToManyField(blank=True, related_name='stories', to='stories.theme', verbose_name='themes')),
                    ],
                    options={
                        'db_table': 'members_story',
                        'verbose_name': 'story',
                        'verbose_name_plural': 'stories',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['consent_level', 'revoked_at', 'expires_on'], name='story_consent_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='MediaAppearance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('outlet', models.CharField(max_length=200, verbose_name='outlet')),
                        ('appeared_on', models.DateField(verbose_name='date')),
                        ('link', models.URLField(blank=True, verbose_name='link')),
                        ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='appearances', to='stories.story', verbose_name='story')),
                    ],
                    options={
                        'db_table': 'members_mediaappearance',
                        'verbose_name': 'media appearance',
                        'verbose_name_plural': 'media appearances',
                        'ordering': ['-appeared_on', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
