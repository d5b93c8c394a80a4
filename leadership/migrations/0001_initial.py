"""The ladder moves here from the members app, every row kept, nothing copied.

Its models were members' (tables members_stage, members_training, ...). Here this app takes them over in
Django's state only, on the tables as they are. Then messaging 0005 and members 0011 let go of members'
models (state only; members also moves their content types here), and leadership 0002 renames the tables.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0001_initial'),
        ('members', '0010_merge_consent_history_and_form_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models as they are in members, on members' tables: Django's state only, the database is untouched.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Stage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(unique=True, verbose_name='order')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('watch_for_quiet', models.BooleanField(default=False, help_text='People at this stage are flagged when nobody has contacted them in a while.', verbose_name='flag when quiet')),
                    ],
                    options={
                        'db_table': 'members_stage',
                        'verbose_name': 'ladder stage',
                        'verbose_name_plural': 'ladder stages',
                        'ordering': ['order'],
                    },
                ),
                migrations.CreateModel(
                    name='Mentorship',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('cadence_days', models.PositiveSmallIntegerField(default=14, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(365)], verbose_name='check in every (days)')),
                        ('started_on', models.DateField(verbose_name='started on')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='ended on')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='set up by')),
                        ('mentee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentored_by', to='members.person', verbose_name='mentee')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentoring', to='members.person', verbose_name='mentor')),
                    ],
                    options={
                        'db_table': 'members_mentorship',
                        'verbose_name': 'mentorship',
                        'verbose_name_plural': 'mentorships',
                        'ordering': ['-started_on', '-id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('mentor', models.F('mentee')), _negated=True), name='mentorship_not_self', violation_error_message='Nobody mentors themself: choose another mentor.'), models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('mentor', 'mentee'), name='mentorship_one_current_pair', violation_error_message='This mentor already mentors this person.')],
                    },
                ),
                migrations.CreateModel(
                    name='MentorshipCheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('interaction', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='mentorship_check_in', to='members.interaction')),
                        ('mentorship', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='check_ins', to='leadership.mentorship')),
                    ],
                    options={
                        'db_table': 'members_mentorshipcheckin',
                        'verbose_name': 'mentorship check-in',
                        'verbose_name_plural': 'mentorship check-ins',
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('kind', models.CharField(choices=[('spoke', 'Spoke at an event'), ('testified', 'Testified'), ('led_meeting', 'Led a meeting'), ('recruited', 'Recruited people'), ('media', 'Told their story to media'), ('lobby_visit', 'Attended a lobby visit')], max_length=20, verbose_name='milestone')),
                        ('happened_on', models.DateField(verbose_name='when')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('source_id', models.CharField(blank=True, max_length=64)),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='members.person', verbose_name='person')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('source_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'members_milestone',
                        'verbose_name': 'milestone',
                        'verbose_name_plural': 'milestones',
                        'ordering': ['-happened_on', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('source_type__isnull', False)), fields=('person', 'kind', 'source_type', 'source_id'), name='milestone_once_per_source')],
                    },
                ),
                migrations.CreateModel(
                    name='QuietFlag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('raised_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='flagged')),
                        ('last_contact_at', models.DateTimeField(blank=True, null=True, verbose_name='last contact')),
                        ('cleared_at', models.DateTimeField(blank=True, null=True, verbose_name='cleared')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quiet_flags', to='members.person', verbose_name='person')),
                    ],
                    options={
                        'db_table': 'members_quietflag',
                        'verbose_name': 'gone-quiet flag',
                        'verbose_name_plural': 'gone-quiet flags',
                        'ordering': ['raised_at', 'id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('cleared_at__isnull', True)), fields=('person',), name='quietflag_one_open')],
                    },
                ),
                migrations.CreateModel(
                    name='AdvancementSuggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('reason', models.TextField(blank=True, verbose_name='why')),
                        ('status', models.CharField(choices=[('pending', 'Waiting'), ('accepted', 'Accepted'), ('dismissed', 'Dismissed')], default='pending', max_length=10, verbose_name='status')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advancement_suggestions', to='members.person', verbose_name='person')),
                        ('from_stage', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leadership.stage', verbose_name='from')),
                        ('to_stage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='leadership.stage', verbose_name='to')),
                    ],
                    options={
                        'db_table': 'members_advancementsuggestion',
                        'verbose_name': 'advancement suggestion',
                        'verbose_name_plural': 'advancement suggestions',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('person', 'to_stage'), name='suggestion_one_pending')],
                    },
                ),
                migrations.CreateModel(
                    name='StageCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('milestone_kinds', models.JSONField(blank=True, default=list, help_text='Each of these kinds at least once.', verbose_name='milestones reached')),
                        ('events_attended', models.PositiveSmallIntegerField(default=0, verbose_name='events attended')),
                        ('events_window_days', models.PositiveSmallIntegerField(default=180, validators=[django.core.validators.MinValueValidator(1)], verbose_name='in the last (days)')),
                        ('stage', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='criterion', to='leadership.stage', verbose_name='stage')),
                    ],
                    options={
                        'db_table': 'members_stagecriterion',
                        'verbose_name': 'stage criterion',
                        'verbose_name_plural': 'stage criteria',
                    },
                ),
                migrations.CreateModel(
                    name='StageMove',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                        ('reason', models.TextField(blank=True, verbose_name='why')),
                        ('from_stage', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leadership.stage', verbose_name='from')),
                        ('moved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='moved by')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_moves', to='members.person', verbose_name='person')),
                        ('to_stage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leadership.stage', verbose_name='to')),
                    ],
                    options={
                        'db_table': 'members_stagemove',
                        'verbose_name': 'stage move',
                        'verbose_name_plural': 'stage moves',
                        'ordering': ['-at', '-id'],
                        'indexes': [models.Index(fields=['person', '-at'], name='stagemove_person_at_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Training',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('active', models.BooleanField(default=True, verbose_name='offered')),
                        ('events', models.ManyToManyField(blank=True, help_text='Checking in at one of these events records the training as completed.', related_name='trainings', to='events.event', verbose_name='training events')),
                    ],
                    options={
                        'db_table': 'members_training',
                        'verbose_name': 'training',
                        'verbose_name_plural': 'trainings',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='StageCriterionTraining',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='leadership.stagecriterion')),
                        ('training', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leadership.training', verbose_name='training')),
                    ],
                    options={
                        'db_table': 'members_stagecriteriontraining',
                        'verbose_name': 'required training',
                        'verbose_name_plural': 'required trainings',
                        'constraints': [models.UniqueConstraint(fields=('criterion', 'training'), name='criterion_training_unique')],
                    },
                ),
                migrations.AddField(
                    model_name='stagecriterion',
                    name='trainings',
                    field=models.ManyToManyField(blank=True, related_name='criteria', through='leadership.StageCriterionTraining', to='leadership.training', verbose_name='trainings completed'),
                ),
                migrations.CreateModel(
                    name='TrainingCompletion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('completed_on', models.DateField(verbose_name='completed on')),
                        ('from_attendance', models.BooleanField(default=False, verbose_name='from event attendance')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_completions', to='members.person', verbose_name='person')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('training', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='completions', to='leadership.training', verbose_name='training')),
                    ],
                    options={
                        'db_table': 'members_trainingcompletion',
                        'verbose_name': 'training completion',
                        'verbose_name_plural': 'training completions',
                        'ordering': ['-completed_on', '-id'],
                        'constraints': [models.UniqueConstraint(fields=('person', 'training'), name='completion_once_per_training', violation_error_message='This person has already completed this training.')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
