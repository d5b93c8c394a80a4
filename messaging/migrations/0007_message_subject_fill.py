"""Fill each message's subject and topic from its old foreign keys, set-wise:

- an event message is about its RSVP and grouped under its event ("events.event:42"); one whose event was
  deleted lost both keys long ago and keeps what it has (its kind, times and record); one whose RSVP alone is
  gone keeps its event as the topic;
- a mentor check-in reminder is about its mentorship, a consent confirmation about its request (each its topic).

Backwards, the foreign keys are filled again from the subjects and topics that still point at existing rows.
"""

from django.db import migrations
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

EVENT_TOPIC = "events.event:"


def _content_type(apps, db, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.using(db).get_or_create(app_label=app_label, model=model)[0]


def _label(prefix, field):
    return Concat(Value(prefix), Cast(field, CharField()))


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    messages = apps.get_model("messaging", "Message").objects.using(db)
    rsvp = _content_type(apps, db, "events", "rsvp")
    mentorship = _content_type(apps, db, "leadership", "mentorship")
    request = _content_type(apps, db, "members", "consentrequest")
    messages.filter(rsvp_id__isnull=False).update(subject_type=rsvp, subject_id=F("rsvp_id"))
    messages.filter(event_id__isnull=False).update(topic=_label(EVENT_TOPIC, "event_id"))
    messages.filter(mentorship_id__isnull=False).update(
        subject_type=mentorship, subject_id=F("mentorship_id"), topic=_label("leadership.mentorship:", "mentorship_id"))
    messages.filter(consent_request_id__isnull=False).update(
        subject_type=request, subject_id=F("consent_request_id"),
        topic=_label("members.consentrequest:", "consent_request_id"))


def unfill(apps, schema_editor):
    db = schema_editor.connection.alias
    messages = apps.get_model("messaging", "Message").objects.using(db)
    for app_label, model, field in (("events", "rsvp", "rsvp_id"), ("leadership", "mentorship", "mentorship_id"),
                                    ("members", "consentrequest", "consent_request_id")):
        Subject = apps.get_model(app_label, model)
        about = messages.filter(subject_type=_content_type(apps, db, app_label, model))
        about.filter(subject_id__in=Subject.objects.using(db).values("pk")).update(**{field: F("subject_id")})
    Event = apps.get_model("events", "Event")
    topics = messages.filter(topic__startswith=EVENT_TOPIC).order_by().values_list("topic", flat=True).distinct()
    ids = {int(topic[len(EVENT_TOPIC):]) for topic in topics if topic[len(EVENT_TOPIC):].isdigit()}
    for event_id in Event.objects.using(db).filter(pk__in=ids).values_list("pk", flat=True):
        messages.filter(topic=f"{EVENT_TOPIC}{event_id}").update(event_id=event_id)
    # The old schema deleted these with their subjects; without one they cannot go back.
    messages.filter(kind__in=["mentor_checkin", "consent_confirm"], mentorship_id__isnull=True,
                    consent_request_id__isnull=True).delete()


class Migration(migrations.Migration):

    # The events, members and leadership models `unfill` reads exist since the migrations 0005 depends on. After
    # members 0011, which gives the mentorships' content type its leadership label, so the subjects use that one.
    dependencies = [
        ('members', '0011_leadership_moves_out'),
        ('messaging', '0006_message_subject'),
    ]

    operations = [
        migrations.RunPython(fill, unfill),
    ]
