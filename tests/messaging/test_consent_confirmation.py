"""The consent confirmation: the one "reply YES" text, decided at sending like every message."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import notices as event_notices
from members import consent
from members import services as member_services
from members.models import ConsentRequest
from messaging import services
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from messaging.tasks import send_message
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
ASKED = "+13125550142"


def asked(now: datetime | None = None, **fields: object) -> tuple[ConsentRequest, Message]:
    """An existing person without a decision about texts, asked on a public form to confirm at ASKED."""
    person = PersonFactory(**fields)
    add_phone(person, "+13125550100", is_primary=True)
    add_phone(person, ASKED)
    request = consent.consent_request_public(person=person, created=False, phone=ASKED, language="es",
                                             how="Public RSVP form", now=now)
    return request, Message.objects.get(consent_request=request)


def test_it_goes_once_by_text_to_the_number_asked_about_not_the_primary(regions) -> None:
    _request, message = asked(first_name="Dolores", last_name="Reyes")
    assert send_message(message.pk) == Message.Status.SENT
    assert send_message(message.pk) == "not-claimed"
    [text] = LocmemSmsBackend.outbox
    assert text["to"] == ASKED and "YES" in text["body"] and "STOP" in text["body"]
    assert "Dolores" not in text["body"] and "Reyes" not in text["body"]
    message.refresh_from_db()
    assert message.to == ASKED and message.channel == Message.Channel.SMS


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("stop", "answered or withdrawn"),
        ("organizer_yes", "already agree"),
        ("expired", "expired"),
        ("number_stopped_working", "No consent"),
    ],
)
def test_what_changed_since_queueing_stops_it(regions, organizer_chicago, change: str, reason: str) -> None:
    request, message = asked()
    person = request.person
    if change == "stop":
        consent.consent_sms_reply(from_number=ASKED, body="STOP", message_sid="SM1", sent_at=timezone.now())
    elif change == "organizer_yes":
        member_services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True,
                                    how="Told me at the clinic")
    elif change == "expired":
        ConsentRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    else:
        person.phones.filter(digits="3125550142").update(stopped_working_on=timezone.localdate())
    assert services.message_send(message_id=message.pk) == Message.Status.SKIPPED
    message.refresh_from_db()
    assert reason in message.skip_reason
    assert LocmemSmsBackend.outbox == []


@pytest.mark.quiet_hours
def test_it_waits_out_quiet_hours(regions) -> None:
    night = datetime(2030, 3, 6, 23, 0, tzinfo=CHICAGO)
    _request, message = asked(now=night - timedelta(minutes=5))
    assert services.message_send(message_id=message.pk, now=night) == Message.Status.PENDING
    message.refresh_from_db()
    assert message.due_at == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO)


def test_a_confirmation_names_its_whole_request_and_no_other_kind_is_about_a_request(regions) -> None:
    request, message = asked()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses half a subject
        Message.objects.filter(pk=message.pk).update(subject_id=None)
    with pytest.raises(services.OutboxError):
        services.message_queue(kind=event_notices.Kind.REMINDER, person_id=request.person_id, subject=request,
                               dedupe_key="reminder:about-a-request")
    assert list(Message.objects.values_list("pk", flat=True)) == [message.pk]
