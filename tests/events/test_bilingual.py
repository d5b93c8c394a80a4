"""Events in English and Spanish: the event and series forms save the Spanish words, Spanish pages and Spanish
speakers' reminders use them, and the outbox's notes are translated when they are read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events import notices
from events import services as event_services
from events.models import Event, EventSeries
from messaging import services as outbox
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import EventFactory, VenueFactory, person_with_phone
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _local(dt: Any) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _event_form(venue: Any, **overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=20)
    return {"title": "Springfield Advocacy Day", "title_es": "Día de cabildeo en Springfield",
            "slug": "advocacy-day", "kind": "advocacy_day", "region": "", "campaign": "",
            "description": "Meet your legislators.", "description_es": "Conozca a sus legisladores.",
            "starts_at": _local(starts), "ends_at": _local(starts + timedelta(hours=6)), "venue": str(venue.pk),
            "online_url": "", "capacity": "", "rsvp_deadline": "", "access_info": "", "is_public": "on",
            "registration_open": "on", "reminders": "1d", **overrides}


def test_the_event_form_shows_and_saves_the_spanish_title_and_description(regions, staff) -> None:
    client = _signed_in(staff)
    page = client.get(reverse("events:event_create")).content.decode()
    assert page.index('name="title"') < page.index('name="title_es"') < page.index('name="slug"')
    assert "Title in Spanish (optional)" in page
    response = client.post(reverse("events:event_create"), _event_form(VenueFactory()))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.title, event.title_es, event.description_es) == (
        "Springfield Advocacy Day", "Día de cabildeo en Springfield", "Conozca a sus legisladores.")
    response = client.post(reverse("events:event_update", kwargs={"pk": event.pk}),
                           _event_form(event.venue, title_es="Día en Springfield", description_es=""))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_es, event.description_es) == ("Día en Springfield", "")


def test_the_series_forms_save_the_spanish_title(regions, staff) -> None:
    client = _signed_in(staff)
    first = timezone.localtime(timezone.now() + timedelta(days=30)).replace(hour=10, minute=0)
    response = client.post(reverse("events:series_create"), {
        "title": "Record-clearing clinic", "title_es": "Clínica para limpiar su récord", "kind": "clinic",
        "frequency": "quarterly", "count": "2", "until": "", "venue": str(VenueFactory().pk),
        "starts_at": _local(first), "ends_at": _local(first + timedelta(hours=3)), "reminders": "1d",
        "description": "", "description_es": "", "online_url": "", "capacity": "", "access_info": "",
        "is_public": "on"})
    assert response.status_code == 302
    series = EventSeries.objects.get()
    assert series.title_es == "Clínica para limpiar su récord"
    assert [e.title_es for e in series.events.all()] == ["Clínica para limpiar su récord"] * 2
    response = client.post(reverse("events:series_update", kwargs={"pk": series.pk}), {
        "title": "Record-clearing clinic", "title_es": "Clínica Limpie su récord", "kind": "clinic",
        "region": "", "campaign": "", "description": "", "description_es": "", "venue": str(series.venue_id),
        "online_url": "", "capacity": "", "access_info": "", "is_public": "on", "start_time": "", "end_time": ""})
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title_es == "Clínica Limpie su récord"
    assert {e.title_es for e in series.events.all()} == {"Clínica Limpie su récord"}


def test_the_spanish_public_page_shows_the_spanish_title_and_description(regions) -> None:
    event = EventFactory(title="Know Your Rights", title_es="Conozca sus derechos", description="Bring a friend.",
                         description_es="Traiga a alguien.")
    url = reverse("public:event", kwargs={"slug": event.slug})
    spanish = Client().get(url + "?lang=es").content.decode()
    assert "<h1>Conozca sus derechos</h1>" in spanish and "Traiga a alguien." in spanish
    assert "Know Your Rights" not in spanish
    english = Client().get(url + "?lang=en").content.decode()
    assert "<h1>Know Your Rights</h1>" in english and "Bring a friend." in english


def test_an_event_without_spanish_words_keeps_its_english_title_on_spanish_pages(regions) -> None:
    event = EventFactory(title="Chicago 400 conference")
    spanish = Client().get(reverse("public:event", kwargs={"slug": event.slug}) + "?lang=es").content.decode()
    assert "<h1>Chicago 400 conference</h1>" in spanish


def _due_reminder(event: Event, language: str) -> Message:
    person = person_with_phone(preferred_language=language)
    person.sms_consent = True
    person.save()
    rsvp = event_services.rsvp_record(event=event, person=person, source="proxy", language=language)[0]
    reminder = Message.objects.filter(**about(rsvp), kind=notices.Kind.REMINDER).order_by("due_at").first()
    assert reminder is not None
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    return reminder


def test_a_reminder_to_a_spanish_speaker_uses_the_spanish_title(regions) -> None:
    event = EventFactory(title="Springfield Advocacy Day", title_es="Día de cabildeo en Springfield")
    spanish, english = _due_reminder(event, "es"), _due_reminder(event, "en")
    LocmemSmsBackend.outbox = []
    assert outbox.message_send(message_id=spanish.pk) == Message.Status.SENT
    assert outbox.message_send(message_id=english.pk) == Message.Status.SENT
    texts = {m["key"]: m["body"] for m in LocmemSmsBackend.outbox}
    assert "Día de cabildeo en Springfield" in texts[spanish.dedupe_key]
    assert "Springfield Advocacy Day" not in texts[spanish.dedupe_key]
    assert "Springfield Advocacy Day" in texts[english.dedupe_key]


def test_why_a_message_was_skipped_is_read_in_the_readers_language(regions, staff) -> None:
    event = EventFactory()
    reminder = _due_reminder(event, "en")
    event_services.event_cancel(actor=staff, event=event)
    assert outbox.message_send(message_id=reminder.pk) == Message.Status.SKIPPED
    reminder.refresh_from_db()
    # Stored as the English sentence it was marked with, translated when read.
    assert reminder.skip_reason == "The event is cancelled."
    with translation.override("es"):
        assert reminder.note == "El evento está cancelado."
    staff.preferred_language = "es"
    staff.save()
    page = _signed_in(staff).get(reverse("events:event_outbox", kwargs={"pk": event.pk})).content.decode()
    assert "El evento está cancelado." in page
