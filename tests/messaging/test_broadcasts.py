"""Broadcasts: composing (merge fields, segments, problems), the counts before sending, approval, the queue,
pause, resume and cancel, and each person's copy sent by the outbox in their language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.models import County
from members.models import ConsentChange, SensitiveFacts
from messaging import broadcast_selectors, broadcast_services, broadcast_text
from messaging.backends import LocmemSmsBackend
from messaging.models import Broadcast, Message
from messaging.services import messages_send
from tests.events.factories import BusFactory, EventFactory, RSVPFactory
from tests.messaging.broadcast_factories import consenting, draft, saved_list, withdrawn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit(monkeypatch):  # type: ignore[no-untyped-def]
    """The queue task runs after commit (eager tasks): run the callbacks as each test's writes commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def _send_all() -> dict[str, int]:
    return messages_send(message_ids=list(Message.objects.filter(kind="broadcast", status="pending")
                                          .values_list("pk", flat=True)))


def test_segments_gsm_and_ucs2():
    assert broadcast_text.sms_segments("a" * 160).count == 1
    assert broadcast_text.sms_segments("a" * 161).count == 2
    assert broadcast_text.sms_segments("a" * 306).count == 2
    assert broadcast_text.sms_segments("a" * 307).count == 3
    assert broadcast_text.sms_segments("€" * 80).count == 1  # an extension character counts twice
    ucs = broadcast_text.sms_segments("á" * 70)
    assert (ucs.encoding, ucs.count) == ("UCS-2", 1)
    assert broadcast_text.sms_segments("á" * 71).count == 2
    assert broadcast_text.sms_segments("😀" * 35).count == 1  # two UTF-16 units each


def test_problems_in_plain_words(staff):
    people = [consenting("+13125550101")]
    audience = f"list:{saved_list(staff, people).pk}"
    with pytest.raises(ValidationError) as error:
        draft(staff, audience, sms_en="")
    assert "Write the text message in English" in str(error.value)
    with pytest.raises(ValidationError) as error:
        draft(staff, audience, sms_en="Hi {nickname}")
    assert "There is no merge field {nickname}" in str(error.value)
    with pytest.raises(ValidationError) as error:
        draft(staff, audience, sms_en="See you at {event}")
    assert "only filled for an event's RSVPs or a bus" in str(error.value)
    with pytest.raises(ValidationError) as error:
        draft(staff, audience, sms_en="x" * (153 * 10 + 1))
    assert "11 segments" in str(error.value)
    with pytest.raises(ValidationError) as error:
        draft(staff, audience, mode="email", email_subject_en="", email_body_en="Hello")
    assert "subject" in str(error.value)
    assert not Broadcast.objects.exists()


def test_counts_and_reasons_set_wise(staff, django_assert_max_num_queries):
    ok = consenting("+13125550101", language="es")
    stopped = consenting("+13125550102")
    withdrawn(stopped)
    never = consenting("+13125550103", sms=False)
    no_phone = consenting(None)
    reporting = consenting("+13125550104")
    today = timezone.now().astimezone(broadcast_selectors.CHICAGO).weekday()
    SensitiveFacts.objects.create(person=reporting, reporting_day=today)
    broadcast = draft(staff, f"list:{saved_list(staff, [ok, stopped, never, no_phone, reporting]).pk}", sms_es="")
    with django_assert_max_num_queries(6):
        counts = broadcast_selectors.broadcast_reach(broadcast=broadcast)
    assert (counts.total, counts.sms, counts.email) == (5, 2, 0)
    assert dict(counts.left_out) == {"They stopped texts (a STOP or a withdrawal).": 1,
                                     "No consent to texts.": 1, "No working phone.": 1}
    assert counts.spanish == 1 and counts.spanish_missing
    assert counts.reporting_day == 1


def test_email_counts_respect_no_online_identity(staff):
    ok = consenting(None, email="a@example.org", email_ok=True, sms=False)
    offline = consenting(None, email="b@example.org", email_ok=True, sms=False, no_online_identity=True)
    no_address = consenting(None, email_ok=True, sms=False)
    broadcast = draft(staff, f"list:{saved_list(staff, [ok, offline, no_address]).pk}", mode="email", sms_en="",
                      sms_es="", email_subject_en="News", email_body_en="Hello {preferred_name}")
    counts = broadcast_selectors.broadcast_reach(broadcast=broadcast)
    assert counts.email == 1
    assert dict(counts.left_out) == {"No online identity: never emailed.": 1, "No email address.": 1}


def test_both_channels_by_preference(staff):
    texter = consenting("+13125550101", email="t@example.org", email_ok=True, preferred_channel="sms")
    emailer = consenting("+13125550102", email="e@example.org", email_ok=True, preferred_channel="email")
    broadcast = draft(staff, f"list:{saved_list(staff, [texter, emailer]).pk}", mode="both",
                      email_subject_en="News", email_body_en="Hello {preferred_name}")
    counts = broadcast_selectors.broadcast_reach(broadcast=broadcast)
    assert (counts.sms, counts.email) == (1, 1)
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    _send_all()
    assert {m.person_id: m.channel for m in Message.objects.filter(kind="broadcast")} == {
        texter.pk: "sms", emailer.pk: "email"}


def test_send_queues_one_message_each_in_their_language_and_the_outbox_decides(staff):
    en = consenting("+13125550101", first_name="Ann", preferred_name="Annie")
    es = consenting("+13125550102", language="es", first_name="Beto")
    stopped = consenting("+13125550103")
    broadcast = draft(staff, f"list:{saved_list(staff, [en, es, stopped]).pk}")
    withdrawn(stopped)  # after the broadcast was written: decided when it is sent
    sent = broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    again = broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)  # a double click
    assert sent.status == again.status == Broadcast.Status.SENDING
    assert Message.objects.filter(kind="broadcast").count() == 3
    _send_all()
    texts = {m["to"]: m["body"] for m in LocmemSmsBackend.outbox}
    assert texts == {"+13125550101": "Hi Annie, ride with us to Springfield!",
                     "+13125550102": "Hola Beto, ¡ven a Springfield!"}
    skipped = Message.objects.get(person=stopped)
    assert skipped.status == "skipped" and "stopped texts" in skipped.skip_reason
    broadcast_services.broadcasts_tick()
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.DONE and broadcast.recipients == 3
    progress = broadcast_selectors.broadcast_progress(broadcast=broadcast)
    assert (progress.sent, progress.skipped, progress.pending) == (2, 1, 0)


def test_an_empty_audience_is_refused(staff):
    broadcast = draft(staff, f"list:{saved_list(staff, []).pk}")
    with pytest.raises(ValidationError, match="nobody in it"):
        broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.DRAFT


def test_a_large_audience_needs_a_second_persons_approval(staff, coalition_admin, settings):
    settings.BROADCAST_APPROVAL_OVER = 1
    people = [consenting("+13125550101"), consenting("+13125550102")]
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}")
    assert broadcast_services.broadcast_send(actor=staff, broadcast=broadcast).status == "awaiting_approval"
    assert not Message.objects.exists()
    with pytest.raises(ValidationError, match="other than its author"):
        broadcast_services.broadcast_approve(actor=staff, broadcast=broadcast)
    approved = broadcast_services.broadcast_approve(actor=coalition_admin, broadcast=broadcast)
    assert approved.status == "sending" and approved.approved_by == coalition_admin
    assert Message.objects.filter(kind="broadcast").count() == 2


def test_schedule_then_the_tick_starts_it(staff):
    broadcast = draft(staff, f"list:{saved_list(staff, [consenting('+13125550101')]).pk}")
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError):
        broadcast_services.broadcast_send(actor=staff, broadcast=broadcast, scheduled_for=timezone.now() - timedelta(1))
    scheduled = broadcast_services.broadcast_send(actor=staff, broadcast=broadcast, scheduled_for=later)
    assert scheduled.status == "scheduled"
    assert broadcast_services.broadcasts_tick(now=timezone.now()) == (0, 0)
    assert not Message.objects.exists()
    assert broadcast_services.broadcasts_tick(now=later + timedelta(minutes=1))[0] == 1
    assert Message.objects.filter(kind="broadcast").count() == 1


def test_pause_holds_resume_releases_cancel_skips(staff, monkeypatch):
    from django.db import transaction

    # No worker yet: the queue is run by hand, and no dispatch follows it.
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)
    people = [consenting(f"+1312555010{i}") for i in range(3)]
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    assert broadcast_services.broadcast_queue(broadcast_id=broadcast.pk) == 3
    assert broadcast_services.broadcast_queue(broadcast_id=broadcast.pk) == 3  # run twice: still one each
    broadcast_services.broadcast_pause(actor=staff, broadcast=broadcast)
    broadcast_services.broadcast_pause(actor=staff, broadcast=broadcast)  # twice: still one shift
    assert _send_all() == {"not-claimed": 3}
    assert not LocmemSmsBackend.outbox
    broadcast_services.broadcast_resume(actor=staff, broadcast=broadcast)
    assert Message.objects.filter(due_at__lte=timezone.now()).count() == 3
    first = Message.objects.filter(kind="broadcast").first()
    assert messages_send(message_ids=[first.pk]) == {"sent": 1}
    broadcast_services.broadcast_cancel(actor=staff, broadcast=broadcast)
    assert _send_all() == {}
    assert Message.objects.filter(status="skipped", skip_reason="The broadcast was cancelled.").count() == 2
    assert len(LocmemSmsBackend.outbox) == 1


def test_an_organizer_sends_only_to_people_in_reach(staff, organizer_chicago, region_chicago):
    chicago = consenting("+13125550101")
    central = consenting("+12175550101", county=County.objects.get(fips="17167"))
    shared = saved_list(staff, [chicago, central], sharing="region", shared_region=region_chicago)
    broadcast = draft(organizer_chicago, f"list:{shared.pk}")
    assert broadcast_selectors.broadcast_reach(broadcast=broadcast).total == 1
    broadcast_services.broadcast_send(actor=organizer_chicago, broadcast=broadcast)
    assert list(Message.objects.values_list("person_id", flat=True)) == [chicago.pk]


def test_event_merge_fields_are_filled_by_the_events_app(staff):
    event = EventFactory(title="Lobby Day")
    bus = BusFactory(event=event)
    person = consenting("+13125550101")
    RSVPFactory(event=event, person=person, status="going", bus=bus)
    broadcast = draft(staff, f"bus:{bus.pk}", sms_en="{event}: bus from {bus} at {pickup_time}. Change: {rsvp_link}",
                      sms_es="")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    _send_all()
    body = LocmemSmsBackend.outbox[0]["body"]
    assert body.startswith("Lobby Day: bus from ") and "/r/" in body


def test_unsubscribe_link_and_one_click_withdraw_email_consent(client, staff, mailoutbox):
    people = [consenting(None, email=f"p{i}@example.org", email_ok=True, sms=False) for i in range(2)]
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}", mode="email", sms_en="", sms_es="",
                      email_subject_en="News", email_body_en="Hello {preferred_name}")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    _send_all()
    assert len(mailoutbox) == 2
    email = mailoutbox[0]
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body and "Springfield, IL" in email.body
    assert email.alternatives and url in email.alternatives[0][0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and b"Stop emails" in page.content
    assert client.post("/" + path).status_code == 200
    other = mailoutbox[1].extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + other, data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200
    for person in people:
        person.refresh_from_db()
        assert not person.email_consent
        change = ConsentChange.objects.get(person=person, channel="email")
        assert change.how == "unsubscribe link in a broadcast email" and not change.given
    assert client.get("/messages/unsubscribe/forged:token/").status_code == 404


def test_someone_reporting_in_person_that_day_gets_it_a_day_later(staff, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)
    free, reporting = consenting("+13125550101"), consenting("+13125550102")
    today = timezone.now().astimezone(broadcast_selectors.CHICAGO).weekday()
    SensitiveFacts.objects.create(person=reporting, reporting_day=today)
    broadcast = draft(staff, f"list:{saved_list(staff, [free, reporting]).pk}")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    broadcast_services.broadcast_queue(broadcast_id=broadcast.pk)
    due = dict(Message.objects.values_list("person_id", "due_at"))
    assert due[reporting.pk] - due[free.pk] == timedelta(days=1)
    assert _send_all() == {"sent": 1, "not-claimed": 1}  # the one reporting today waits for tomorrow


def test_the_outbox_page_names_the_broadcast(client, staff):
    broadcast = draft(staff, f"list:{saved_list(staff, [consenting('+13125550101')]).pk}", name="Lobby day ride")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    client.force_login(staff)
    page = client.get("/messages/").content.decode()
    assert "Broadcast" in page and "Lobby day ride" in page


@pytest.mark.parametrize("size", [5, 20])
def test_a_chunk_of_a_broadcast_is_sent_in_the_same_few_queries_whatever_its_size(
        staff, size, settings, django_assert_max_num_queries):
    settings.SMS_QUIET_HOURS = None
    people = [consenting(f"+1312555{n:04d}") for n in range(size)]
    withdrawn(people[0])
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    # Sent once already (the tasks run at once here): put the rows back to be sent again as one chunk.
    Message.objects.filter(kind="broadcast").update(status="pending", attempts=0, sent_at=None)
    LocmemSmsBackend.outbox = []
    # The claim, the read of rows with their people and phones, the broadcast, and one write per outcome.
    ids = list(Message.objects.filter(kind="broadcast").values_list("pk", flat=True))
    with django_assert_max_num_queries(5):
        outcome = messages_send(message_ids=ids)
    assert outcome == {"sent": size - 1, "skipped": 1}
    assert len(LocmemSmsBackend.outbox) == size - 1


def test_the_outbox_page_shows_what_the_provider_said_of_a_text(client, staff):
    broadcast = draft(staff, f"list:{saved_list(staff, [consenting('+13125550101')]).pk}", name="Lobby day ride")
    broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
    client.force_login(staff)
    assert "Provider:" not in client.get("/messages/").content.decode()
    Message.objects.filter(kind="broadcast").update(delivery_status="undelivered", delivery_error_code="30006")
    page = client.get("/messages/").content.decode()
    assert "Provider: Not delivered" in page and "(30006)" in page
