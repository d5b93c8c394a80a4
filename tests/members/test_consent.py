"""Consent is the person's own: every change is in the history, a public form never changes an existing person's
consent (it asks them by text, once), a STOP survives strangers, and YES from their phone confirms."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import notices as event_notices
from events import services as event_services
from members import consent
from members import notices as member_notices
from members import services as member_services
from members.models import ConsentChange, ConsentRequest, Person
from messaging import services as outbox
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory, add_phone
from tests.messaging.outbox_fixtures import _daytime, _sms_in_memory  # noqa: F401 - autouse fixtures
from tests.messaging.webhook import inbound_data, signed_post

pytestmark = pytest.mark.django_db
HER_PHONE = "+13125550142"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"


def post_rsvp(client: Client, event: Any, **data: str) -> Any:
    form = {"name": "Ana Flores", "phone": "312-555-0199", "email": "", "language": "en", "guests": "0",
            "access_needs": "", "consent": "on", **data}
    return client.post(reverse("public:event", kwargs={"slug": event.slug}), form)


# She signs the public form with her own name: a different name on her phone waits for staff instead.
HER_NAME = "Dolores Reyes"


def her(**fields: Any) -> Person:
    person = PersonFactory(first_name="Dolores", last_name="Reyes", **fields)
    add_phone(person, HER_PHONE, is_primary=True)
    return person


def send_everything_due() -> None:
    for message in Message.objects.filter(status=Message.Status.PENDING):
        Message.objects.filter(pk=message.pk).update(due_at=timezone.now())
        outbox.message_send(message_id=message.pk)


def texts_to(number: str) -> list[dict[str, str]]:
    return [m for m in LocmemSmsBackend.outbox if m["to"] == number]


# The history -----------------------------------------------------------------------------------------------

def test_an_organizer_records_what_the_person_said_with_how_when_who_and_the_number(organizer_chicago) -> None:
    person = her()
    add_phone(person, "+13125550100")  # a second number: texts go to the primary one
    member_services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True, how="Sign-in sheet")
    member_services.consent_withdraw(actor=organizer_chicago, person=person, channel="sms")
    withdrawn, given = ConsentChange.objects.filter(person=person)
    assert given.given and given.method == ConsentChange.Method.ORGANIZER and given.how == "Sign-in sheet"
    assert given.phone_digits == "3125550142" and given.recorded_by == organizer_chicago
    assert not withdrawn.given and withdrawn.recorded_by == organizer_chicago
    person.refresh_from_db()
    assert not person.sms_consent and person.sms_consent_at == withdrawn.at


def test_the_members_own_page_is_recorded_as_their_own_decision(member) -> None:
    client = Client()
    client.force_login(member)
    client.post(reverse("members:contact_mine"), {"form": "consent", "consent-email_consent": "on"})
    change = ConsentChange.objects.get(person=member.person)
    assert change.channel == "email" and change.given and change.method == ConsentChange.Method.OWN_PAGE
    assert change.recorded_by == member


def test_the_organizer_consent_form_writes_the_history(client, organizer_chicago) -> None:
    person = her()
    client.force_login(organizer_chicago)
    response = client.post(reverse("members:person_consent", args=[person.pk]),
                           {"phone_consent": "on", "phone_consent_how": "Said so at the clinic"})
    assert response.status_code == 302
    change = ConsentChange.objects.get(person=person)
    assert change.channel == "phone" and change.how == "Said so at the clinic" and change.method == "organizer"


def test_the_history_starts_from_what_records_said_before(regions, settings) -> None:
    """The migration's backfill: a record a STOP turned off agreed before, so START from its phone still works."""
    now = timezone.now()
    stopped = her()
    Person.objects.filter(pk=stopped.pk).update(sms_consent=False, sms_consent_at=now - timedelta(days=9),
                                                sms_consent_how="Replied STOP by text")
    emailed = PersonFactory(email="e@example.org")
    Person.objects.filter(pk=emailed.pk).update(email_consent=True, email_consent_at=now, email_consent_how="Form")
    undecided = PersonFactory()
    importlib.import_module("members.migrations.0009_consent_history").backfill(apps, None)

    assert not ConsentChange.objects.filter(person=undecided).exists()
    [email] = ConsentChange.objects.filter(person=emailed)
    assert email.channel == "email" and email.given and email.method == "earlier" and email.how == "Form"
    withdrawn, agreed = ConsentChange.objects.filter(person=stopped)
    assert not withdrawn.given and agreed.given and agreed.at < withdrawn.at
    assert agreed.phone_digits == withdrawn.phone_digits == "3125550142"
    signed_post(Client(), settings, inbound_data(HER_PHONE, "START"))
    stopped.refresh_from_db()
    assert stopped.sms_consent


# The public form -------------------------------------------------------------------------------------------

def test_a_new_contact_from_the_public_form_agrees_directly_with_history(regions) -> None:
    event = EventFactory()
    response = post_rsvp(Client(), event, email="ana@example.org")
    assert response.status_code == 302
    person = Person.objects.get(first_name="Ana")
    assert person.sms_consent and person.email_consent
    sms = ConsentChange.objects.get(person=person, channel="sms")
    assert sms.method == ConsentChange.Method.PUBLIC_FORM and sms.phone_digits == "3125550199"
    assert event.title in sms.how and sms.recorded_by is None
    assert not ConsentRequest.objects.exists()
    assert not Message.objects.filter(kind=member_notices.CONSENT_CONFIRMATION).exists()


def test_a_stop_survives_a_strangers_public_rsvp_with_her_phone(regions, settings, organizer_chicago) -> None:
    dolores = her()
    member_services.consent_set(actor=organizer_chicago, person=dolores, channel="sms", given=True, how="Sheet")
    signed_post(Client(), settings, inbound_data(HER_PHONE, "STOP"))
    history = list(ConsentChange.objects.filter(person=dolores).values_list("pk", flat=True))
    LocmemSmsBackend.outbox = []

    response = post_rsvp(Client(), EventFactory(), name="Someone Else", phone="(312) 555-0142", guests="3")

    assert response.status_code == 302
    dolores.refresh_from_db()
    assert not dolores.sms_consent and dolores.sms_consent_how == "Replied STOP by text"
    assert list(ConsentChange.objects.filter(person=dolores).values_list("pk", flat=True)) == history
    assert not ConsentRequest.objects.filter(person=dolores).exists()
    kinds = set(Message.objects.filter(person=dolores).values_list("kind", flat=True))
    assert member_notices.CONSENT_CONFIRMATION not in kinds
    # What any RSVP queues, decided at sending:
    assert kinds <= {event_notices.Kind.CONFIRMATION, event_notices.Kind.REMINDER}
    send_everything_due()
    assert texts_to(HER_PHONE) == []
    assert not Message.objects.filter(person=dolores, status=Message.Status.SENT).exists()


def test_any_earlier_no_keeps_the_public_form_from_asking(regions, organizer_chicago) -> None:
    dolores = her()
    member_services.consent_set(actor=organizer_chicago, person=dolores, channel="sms", given=True, how="Sheet")
    member_services.consent_withdraw(actor=organizer_chicago, person=dolores, channel="sms")
    post_rsvp(Client(), EventFactory(), phone=HER_PHONE)
    assert not ConsentRequest.objects.exists()
    assert not Message.objects.filter(kind=member_notices.CONSENT_CONFIRMATION).exists()


def test_the_public_form_never_changes_an_existing_persons_consent_and_asks_once(
    regions, django_capture_on_commit_callbacks
) -> None:
    dolores = her(email="dolores@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post_rsvp(Client(), EventFactory(), name=HER_NAME, phone=HER_PHONE, email="dolores@example.org")
        post_rsvp(Client(), EventFactory(), name=HER_NAME, phone=HER_PHONE)
        post_rsvp(Client(), EventFactory(), name=HER_NAME, phone="", email="dolores@example.org")
    dolores.refresh_from_db()
    assert not dolores.sms_consent and not dolores.email_consent and dolores.sms_consent_at is None
    assert not ConsentChange.objects.filter(person=dolores).exists()
    [request] = ConsentRequest.objects.filter(person=dolores)
    assert request.status == ConsentRequest.Status.PENDING and request.phone_digits == "3125550142"
    assert Message.objects.filter(kind=member_notices.CONSENT_CONFIRMATION).count() == 1
    assert len(texts_to(HER_PHONE)) == 1  # one text, however many times the box is ticked


def test_a_number_not_on_her_record_gets_no_text(regions) -> None:
    """Matched by email, with a number she never gave: nobody is texted at it."""
    dolores = her(email="dolores@example.org")
    post_rsvp(Client(), EventFactory(), name="Dolores", phone="312-555-0111", email="dolores@example.org")
    assert not ConsentRequest.objects.filter(person=dolores).exists()
    assert not Message.objects.filter(kind=member_notices.CONSENT_CONFIRMATION).exists()


def test_double_opt_in_end_to_end(regions, settings, django_capture_on_commit_callbacks) -> None:
    dolores = her(preferred_language="es")
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post_rsvp(Client(), event, name=HER_NAME, phone=HER_PHONE, language="es")
    dolores.refresh_from_db()
    assert not dolores.sms_consent
    [text] = texts_to(HER_PHONE)
    assert "YES" in text["body"] and "Dolores" not in text["body"] and "Reyes" not in text["body"]
    confirmation = Message.objects.get(kind=member_notices.CONSENT_CONFIRMATION)
    assert confirmation.status == Message.Status.SENT and confirmation.to == HER_PHONE

    reply = inbound_data(HER_PHONE, "Yes")
    assert signed_post(Client(), settings, reply).status_code == 200

    dolores.refresh_from_db()
    assert dolores.sms_consent and dolores.sms_consent_how == "Replied YES by text"
    change = ConsentChange.objects.get(person=dolores)
    assert change.given and change.method == ConsentChange.Method.REPLY and change.phone_digits == "3125550142"
    assert change.reference == reply["MessageSid"] and change.recorded_by is None
    request = ConsentRequest.objects.get(person=dolores)
    assert request.status == ConsentRequest.Status.CONFIRMED and request.answered_at is not None
    reminder = Message.objects.filter(person=dolores, kind=event_notices.Kind.REMINDER).first()
    Message.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    assert outbox.message_send(message_id=reminder.pk) == Message.Status.SENT


def test_yes_from_another_number_after_expiry_or_after_a_stop_confirms_nothing(regions, settings) -> None:
    dolores = her()
    event_services.rsvp_public_submit(event=EventFactory(), name=HER_NAME, phone=HER_PHONE, consent=True)
    signed_post(Client(), settings, inbound_data("+13125550100", "YES"))
    dolores.refresh_from_db()
    assert not dolores.sms_consent

    ConsentRequest.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    signed_post(Client(), settings, inbound_data(HER_PHONE, "YES"))
    dolores.refresh_from_db()
    assert not dolores.sms_consent

    ConsentRequest.objects.all().delete()
    event_services.rsvp_public_submit(event=EventFactory(), name=HER_NAME, phone=HER_PHONE, consent=True)
    signed_post(Client(), settings, inbound_data(HER_PHONE, "STOP"))
    assert ConsentRequest.objects.get().status == ConsentRequest.Status.WITHDRAWN
    signed_post(Client(), settings, inbound_data(HER_PHONE, "YES"))
    dolores.refresh_from_db()
    assert not dolores.sms_consent


def test_an_expired_request_can_be_asked_again(regions, settings) -> None:
    dolores = her()
    first = consent.consent_request_public(person=dolores, created=False, phone=HER_PHONE, how="Form")
    later = timezone.now() + timedelta(days=settings.CONSENT_REQUEST_DAYS, minutes=1)
    assert consent.consent_request_public(person=dolores, created=False, phone=HER_PHONE, how="Form") is None
    again = consent.consent_request_public(person=dolores, created=False, phone=HER_PHONE, how="Form", now=later)
    first.refresh_from_db()
    assert first.status == ConsentRequest.Status.EXPIRED and again.status == ConsentRequest.Status.PENDING
    assert Message.objects.filter(kind=member_notices.CONSENT_CONFIRMATION).count() == 2


def test_a_merge_keeps_both_histories(staff) -> None:
    keep, drop = her(), PersonFactory()
    member_services.consent_set(actor=staff, person=drop, channel="sms", given=True, how="Sheet")
    member_services.person_merge(actor=staff, keep=keep, drop=drop)
    assert ConsentChange.objects.get().person == keep


def test_the_back_office_shows_the_history_and_cannot_change_consent(
    client, coalition_admin, organizer_chicago
) -> None:
    person = her()
    member_services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True, how="Sheet")
    client.force_login(coalition_admin)
    response = client.get(reverse("admin:members_person_change", args=[person.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not {"sms_consent", "sms_consent_at", "sms_consent_how", "email_consent", "phone_consent"} & set(form.fields)
    assert "Sheet" in response.content.decode()
