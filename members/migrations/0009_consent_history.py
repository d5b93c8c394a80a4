"""The consent history and pending consent requests.

The history starts from what each record said before: one "recorded before this history was kept" row per
decided channel, with its time and how, and for texts the number they go to (the first working phone, primary
first). The old STOP webhook only turned off people whose texts were on, so a record turned off by a reply had
agreed to texts before: that earlier yes is written too, so a START from their phone still gives texts back.
"""

from datetime import timedelta

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


CHANNELS = ("sms", "email", "phone")
BATCH = 1000


def backfill(apps, schema_editor):
    Person = apps.get_model("members", "Person")
    PersonPhone = apps.get_model("members", "PersonPhone")
    ConsentChange = apps.get_model("members", "ConsentChange")
    rows = []
    people = Person.objects.filter(
        models.Q(sms_consent_at__isnull=False) | models.Q(email_consent_at__isnull=False)
        | models.Q(phone_consent_at__isnull=False) | models.Q(sms_consent=True) | models.Q(email_consent=True)
        | models.Q(phone_consent=True)
    ).order_by("pk")
    for person in people.iterator(chunk_size=BATCH):
        for channel in CHANNELS:
            given = getattr(person, f"{channel}_consent")
            at = getattr(person, f"{channel}_consent_at")
            how = getattr(person, f"{channel}_consent_how")
            if at is None and not given:
                continue
            at = at or person.updated_at
            digits = ""
            if channel == "sms":
                digits = (PersonPhone.objects.filter(person_id=person.pk, stopped_working_on__isnull=True)
                          .order_by("-is_primary", "id").values_list("digits", flat=True).first() or "")
                if not given and how.startswith("Replied "):
                    rows.append(ConsentChange(person_id=person.pk, channel=channel, given=True, method="earlier",
                                              how="Agreed to texts before replying by text", phone_digits=digits,
                                              at=at - timedelta(microseconds=1)))
            rows.append(ConsentChange(person_id=person.pk, channel=channel, given=given, method="earlier",
                                      how=how, phone_digits=digits, at=at))
        if len(rows) >= BATCH:
            ConsentChange.objects.bulk_create(rows)
            rows = []
    ConsentChange.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_people_list_and_duplicate_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ConsentChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('sms', 'Text message (SMS)'), ('email', 'Email'), ('phone', 'Phone call')], max_length=10, verbose_name='channel')),
                ('given', models.BooleanField(verbose_name='given')),
                ('method', models.CharField(choices=[('reply', 'A text from their own phone'), ('own_page', 'Their own page in the app'), ('organizer', 'Told an organizer'), ('public_form', 'A public form that added them'), ('earlier', 'Recorded before this history was kept')], max_length=20, verbose_name='how it came')),
                ('how', models.CharField(blank=True, max_length=200, verbose_name="in their words or the organizer's")),
                ('phone_digits', models.CharField(blank=True, max_length=20, verbose_name='through the phone')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('reference', models.CharField(blank=True, max_length=64, verbose_name="provider's message id")),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consent_changes', to='members.person', verbose_name='person')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'consent change',
                'verbose_name_plural': 'consent changes',
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['person', 'channel', 'at'], name='consent_change_person_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('channel__in', ['sms', 'email', 'phone'])), name='consent_change_channel'), models.CheckConstraint(condition=models.Q(models.Q(('method', 'reply'), _negated=True), models.Q(('phone_digits', ''), _negated=True), _connector='OR'), name='consent_change_reply_has_phone')],
            },
        ),
        migrations.CreateModel(
            name='ConsentRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('sms', 'Text message (SMS)'), ('email', 'Email'), ('phone', 'Phone call')], default='sms', max_length=10, verbose_name='channel')),
                ('phone_digits', models.CharField(max_length=20, verbose_name='phone')),
                ('language', models.CharField(choices=[('en', 'English'), ('es', 'Spanish')], default='en', max_length=8, verbose_name='language')),
                ('how', models.CharField(blank=True, max_length=200, verbose_name='where it was asked')),
                ('status', models.CharField(choices=[('pending', 'Waiting for their reply'), ('confirmed', 'Confirmed by their reply'), ('withdrawn', 'They said no'), ('expired', 'No reply in time')], default='pending', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='asked at')),
                ('expires_at', models.DateTimeField(verbose_name='expires at')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consent_requests', to='members.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'consent request',
                'verbose_name_plural': 'consent requests',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['phone_digits', 'status'], name='consent_request_phone_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('person', 'channel'), name='consent_request_one_pending')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
