"""The two-way inbox: keywords in English and Spanish acting on one number, HELP answered once, replies kept for
the organizers who may see the person (and for staff when the number names nobody or several people), answers
sent through the outbox once, and the provider's delivery reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.models import County
from members import services as member_services
from members.models import Interaction, Person, PersonPhone
from messaging import replies, services
from messaging.backends import LocmemSmsBackend
from messaging.models import DeliveryStatus, InboundReply, Message
from tests.members.factories import PersonFactory, add_phone
from tests.messaging.webhook import inbound_data, signed_post

pytestmark = pytest.mark.django_db
SHARED = "+13125550123"
MARIA_OWN = "+13125550140"
JOSE_OWN = "+13125550141"
STATUS = "/messages/sms/status/"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    settings.SMS_INBOUND_MAX_AGE_SECONDS = 300
    settings.COALITION_HELP_TEXT = settings.COALITION_HELP_TEXT_ES = ""
    settings.COALITION_HELP_PHONE, settings.COALITION_HELP_EMAIL = "(312) 555-0100", "help@coalition.example"


def texter(organizer: Any, *numbers: str, **fields: Any) -> Person:
    """A person with these phones (the first one primary) who told an organizer they want texts."""
    person = PersonFactory(**fields)
    for index, number in enumerate(numbers):
        add_phone(person, number, is_primary=index == 0)
    member_services.consent_set(actor=organizer, person=person, channel="sms", given=True, how="Sign-in sheet")
    return person


def central_person(**fields: Any) -> Person:
    county = County.objects.filter(region__slug="central").first() or County.objects.exclude(fips="17031").first()
    return PersonFactory(county=county, **fields)


def text(number: str, body: str, **extra: str) -> Any:
    from django.conf import settings

    return signed_post(Client(), settings, inbound_data(number, body, **extra))


def sms_on(person: Person) -> bool:
    person.refresh_from_db()
    return person.sms_consent


def stopped(number: str) -> set[bool]:
    return {at is not None for at in PersonPhone.objects.filter(number=number).values_list("sms_stopped_at", flat=True)}


def a_text_to(person: Person) -> Message:
    """A consent-checked answer to something the person wrote, queued and sent now (what the outbox decides)."""
    reply = InboundReply.objects.create(provider_id=f"SMtest{person.pk}{Message.objects.count()}", body="Hi",
                                        from_number="", from_digits="", received_at=timezone.now(), person=person,
                                        answer="Hello!")
    message, _created = services.message_queue(kind=replies.INBOX_ANSWER, person_id=person.pk, subject=reply,
                                               dedupe_key=f"test:{reply.pk}")
    services.message_send(message_id=message.pk)
    message.refresh_from_db()
    return message


# Keywords ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("ALTO", ("stop", "ALTO")), ("parar", ("stop", "PARAR")), ("Pare.", ("stop", "PARE")),
    ("detener", ("stop", "DETENER")), ("BAJA", ("stop", "BAJA")), ("cancelar", ("stop", "CANCELAR")),
    ("Comenzar", ("start", "COMENZAR")), ("iniciar", ("start", "INICIAR")), ("ALTA", ("start", "ALTA")),
    ("help", ("help", "HELP")), ("Info?", ("help", "INFO")), ("¡Ayuda!", ("help", "AYUDA")),
    ("Altogether now", None), ("helpful", None),
])
def test_spanish_and_english_keywords(body: str, expected: tuple[str, str] | None) -> None:
    assert services.sms_keyword(body) == expected


def test_a_spanish_stop_on_a_shared_number_stops_that_number_for_everyone_who_has_it(
    regions, organizer_chicago
) -> None:
    maria = texter(organizer_chicago, MARIA_OWN, SHARED, first_name="Maria")
    jose = texter(organizer_chicago, SHARED, first_name="Jose")
    assert text(SHARED, "ALTO").status_code == 200
    assert not sms_on(maria) and not sms_on(jose)
    assert stopped(SHARED) == {True} and stopped(MARIA_OWN) == {False}
    assert InboundReply.objects.count() == 0  # a keyword is not a reply for the inbox

    # Maria tells her organizer she wants texts again: her own phone gets them, the stopped number never does.
    member_services.consent_set(actor=organizer_chicago, person=maria, channel="sms", given=True, how="Told me")
    member_services.consent_set(actor=organizer_chicago, person=jose, channel="sms", given=True, how="Told me")
    assert a_text_to(maria).to == MARIA_OWN
    to_jose = a_text_to(jose)
    assert to_jose.status == Message.Status.SKIPPED and to_jose.to == ""
    assert [m["to"] for m in LocmemSmsBackend.outbox] == [MARIA_OWN]


def test_start_gives_back_that_number_only_and_not_someone_who_stopped_from_another_phone(
    regions, organizer_chicago
) -> None:
    """Two people share a number; one of them texted STOP earlier from her own phone. A START from the shared
    number gives it back, and texts to whoever stopped only through it; hers stay off, and so does her phone."""
    maria = texter(organizer_chicago, SHARED, MARIA_OWN, first_name="Maria")  # agreed through the shared number
    jose = texter(organizer_chicago, SHARED, first_name="Jose")
    text(MARIA_OWN, "STOP")  # Maria, from her own phone
    assert not sms_on(maria) and sms_on(jose)
    text(SHARED, "STOP")
    assert not sms_on(jose)
    assert text(SHARED, "COMENZAR").status_code == 200
    assert sms_on(jose)
    assert not sms_on(maria)
    assert stopped(SHARED) == {False} and stopped(MARIA_OWN) == {True}
    assert a_text_to(jose).to == SHARED
    assert a_text_to(maria).status == Message.Status.SKIPPED


def test_a_new_record_with_a_number_that_texted_stop_is_not_texted(regions, organizer_chicago, staff) -> None:
    texter(organizer_chicago, SHARED)
    text(SHARED, "STOP")
    newcomer = member_services.person_create(actor=staff, phone=SHARED, first_name="Ana")
    assert stopped(SHARED) == {True}
    member_services.consent_set(actor=staff, person=newcomer, channel="sms", given=True, how="Told me")
    assert a_text_to(newcomer).status == Message.Status.SKIPPED


@pytest.mark.parametrize(("word", "language", "words"), [
    ("AYUDA", "es", "ALTO"), ("help", "en", "STOP"), ("INFO", "en", "STOP"),
])
def test_help_is_answered_once_in_the_language_of_the_keyword(
    regions, settings, organizer_chicago, word, language, words
) -> None:
    texter(organizer_chicago, SHARED)
    data = inbound_data(SHARED, word)
    response = signed_post(Client(), settings, data)
    body = response.content.decode()
    assert response.status_code == 200 and "<Message>" in body
    assert "(312) 555-0100" in body and "help@coalition.example" in body and words in body
    assert ("ayuda" in body) == (language == "es")
    again = signed_post(Client(), settings, data)  # the provider retries the same text
    assert again.status_code == 200 and "<Message>" not in again.content.decode()
    assert InboundReply.objects.count() == 0


def test_help_from_an_unknown_number_is_answered_with_the_settings_text(regions, settings) -> None:
    settings.COALITION_HELP_TEXT_ES = "Coalición: llame al 312 <555>."
    body = text("+17735550999", "ayuda").content.decode()
    assert "<Message>Coalición: llame al 312 &lt;555&gt;.</Message>" in body


# Replies and the inbox -------------------------------------------------------------------------------------

def test_a_reply_lands_on_the_timeline_and_in_the_inbox_of_the_organizer_who_may_see_the_person(
    regions, organizer_chicago, organizer_central, staff
) -> None:
    maria = texter(organizer_chicago, SHARED, first_name="Maria")
    assert text(SHARED, "Can I bring my son on the bus?").status_code == 200
    reply = InboundReply.objects.get()
    assert reply.person == maria and reply.matched_by == "number" and reply.status == "open"
    contact = Interaction.objects.get(person=maria)
    assert contact.channel == "text" and contact.kind == "text_reply" and contact.direction == "in"
    assert contact.notes == "Can I bring my son on the bus?" and contact.logged_by is None

    chicago, central, staff_client = Client(), Client(), Client()
    chicago.force_login(organizer_chicago)
    central.force_login(organizer_central)
    staff_client.force_login(staff)
    assert "Can I bring my son" in chicago.get(reverse("messaging:inbox")).content.decode()
    assert "Can I bring my son" in staff_client.get(reverse("messaging:inbox")).content.decode()
    other = central.get(reverse("messaging:inbox"))
    assert other.status_code == 200 and "Can I bring my son" not in other.content.decode()
    assert central.get(reverse("messaging:inbox_reply", args=[reply.pk])).status_code == 404
    assert central.post(reverse("messaging:inbox_reply", args=[reply.pk]), {"answer": "Yes"}).status_code == 404
    assert central.post(reverse("messaging:inbox_reply_handled", args=[reply.pk])).status_code == 404
    reply.refresh_from_db()
    assert reply.status == "open" and not Message.objects.filter(kind=replies.INBOX_ANSWER).exists()


def test_an_answer_is_one_outbox_message_even_when_the_form_is_sent_twice(regions, organizer_chicago) -> None:
    maria = texter(organizer_chicago, SHARED, first_name="Maria")
    text(SHARED, "What time is the bus?")
    reply = InboundReply.objects.get()
    client = Client()
    client.force_login(organizer_chicago)
    url = reverse("messaging:inbox_reply", args=[reply.pk])
    for _ in range(2):
        assert client.post(url, {"answer": "8:30 at the church."}).status_code == 302
    [answer] = Message.objects.filter(kind=replies.INBOX_ANSWER)
    assert answer.person == maria and answer.subject == reply
    reply.refresh_from_db()
    assert reply.status == "answered" and reply.answered_by == organizer_chicago
    assert reply.answer == "8:30 at the church."
    assert services.message_send(message_id=answer.pk) == Message.Status.SENT
    assert LocmemSmsBackend.outbox == [{"to": SHARED, "body": "8:30 at the church.", "key": answer.dedupe_key}]
    assert "What time is the bus?" not in client.get(reverse("messaging:inbox")).content.decode()


def test_an_empty_answer_is_refused_in_plain_words(regions, organizer_chicago) -> None:
    texter(organizer_chicago, SHARED)
    text(SHARED, "Hello?")
    reply = InboundReply.objects.get()
    client = Client()
    client.force_login(organizer_chicago)
    response = client.post(reverse("messaging:inbox_reply", args=[reply.pk]), {"answer": "   "})
    assert response.status_code == 200 and "Write an answer before sending it." in response.content.decode()
    assert not Message.objects.filter(kind=replies.INBOX_ANSWER).exists()


def test_an_answer_to_someone_who_texted_stop_since_is_skipped_at_sending(regions, organizer_chicago) -> None:
    texter(organizer_chicago, SHARED)
    text(SHARED, "Is it tomorrow?")
    reply = InboundReply.objects.get()
    replies.inbound_reply_answer(actor=organizer_chicago, reply=reply, text="Yes, at noon.")
    text(SHARED, "STOP")
    answer = Message.objects.get(kind=replies.INBOX_ANSWER)
    assert services.message_send(message_id=answer.pk) == Message.Status.SKIPPED
    assert LocmemSmsBackend.outbox == []


def test_mark_handled_takes_a_reply_off_the_inbox_without_sending(regions, organizer_chicago) -> None:
    texter(organizer_chicago, SHARED)
    text(SHARED, "Thanks!")
    reply = InboundReply.objects.get()
    client = Client()
    client.force_login(organizer_chicago)
    for _ in range(2):
        assert client.post(reverse("messaging:inbox_reply_handled", args=[reply.pk])).status_code == 302
    reply.refresh_from_db()
    assert reply.status == "handled" and reply.answered_by == organizer_chicago
    assert client.post(reverse("messaging:inbox_reply", args=[reply.pk]), {"answer": "Late"}).status_code == 302
    assert not Message.objects.filter(kind=replies.INBOX_ANSWER).exists()


def test_the_inbox_takes_the_same_queries_for_three_replies_or_thirty(
    regions, organizer_chicago, django_assert_max_num_queries
) -> None:
    client = Client()
    client.force_login(organizer_chicago)

    def add(n: int) -> None:
        for i in range(n):
            number = f"+1312555{InboundReply.objects.count() + 2000:04d}"
            texter(organizer_chicago, number)
            text(number, f"Question {i}")

    add(3)
    client.get(reverse("messaging:inbox"))
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("messaging:inbox")).status_code == 200
    queries = len(few)
    add(27)
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("messaging:inbox"))
    assert response.content.decode().count('class="card" id="reply-') == 25  # one page


# Unknown and shared numbers --------------------------------------------------------------------------------

def test_a_reply_from_an_unknown_number_waits_for_staff_who_match_it(
    regions, staff, organizer_chicago
) -> None:
    maria = PersonFactory(first_name="Maria", last_name="Quintana")
    text("+17735550999", "Is this the coalition? It's Maria, new phone")
    reply = InboundReply.objects.get()
    assert reply.person is None
    organizer = Client()
    organizer.force_login(organizer_chicago)
    assert "new phone" not in organizer.get(reverse("messaging:inbox")).content.decode()
    assert organizer.get(reverse("messaging:inbox_unmatched")).status_code == 404
    assert organizer.get(reverse("members:inbox_reply_match", args=[reply.pk])).status_code == 404

    client = Client()
    client.force_login(staff)
    assert "new phone" in client.get(reverse("messaging:inbox_unmatched")).content.decode()
    page = client.get(reverse("members:inbox_reply_match", args=[reply.pk]))
    assert page.status_code == 200
    response = client.post(reverse("members:inbox_reply_match", args=[reply.pk]),
                           {"person": maria.pk, "person_search": maria.display_name,
                            "person_shown": maria.display_name})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.person == maria and reply.matched_by == "staff"
    assert Interaction.objects.filter(person=maria, kind="text_reply", notes__contains="new phone").count() == 1
    assert "new phone" in organizer.get(reverse("messaging:inbox")).content.decode()
    assert client.get(reverse("members:inbox_reply_match", args=[reply.pk])).status_code == 404  # matched now


def test_a_number_two_people_share_shows_both_and_staff_pick_one(regions, staff, organizer_chicago) -> None:
    maria = texter(organizer_chicago, SHARED, first_name="Maria")
    jose = texter(organizer_chicago, SHARED, first_name="Jose")
    text(SHARED, "Who is picking us up?")
    reply = InboundReply.objects.get()
    assert reply.person is None and not Interaction.objects.exists()
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("members:inbox_reply_match", args=[reply.pk])).content.decode()
    assert maria.display_name in page and jose.display_name in page
    url = reverse("members:inbox_reply_match", args=[reply.pk])
    assert client.post(url, {"candidate": jose.pk}).status_code == 302
    assert client.post(url, {"candidate": maria.pk}).status_code == 404  # matched already: out of the queue
    reply.refresh_from_db()
    assert reply.person == jose
    assert list(Interaction.objects.values_list("person_id", flat=True)) == [jose.pk]


def test_staff_add_a_new_contact_from_the_number_once(regions, staff) -> None:
    text("+17735550999", "Hi, I saw your flyer")
    reply = InboundReply.objects.get()
    client = Client()
    client.force_login(staff)
    key = "3f2b8f3e-8d6c-4b83-9a0e-2b1b8f1f0c11"
    data = {"first_name": "Rosa", "last_name": "Luna", "preferred_language": "es", "idempotency_key": key}
    url = reverse("members:inbox_reply_new_contact", args=[reply.pk])
    for _ in range(2):
        assert client.post(url, data).status_code == 302
    [rosa] = Person.objects.filter(first_name="Rosa")
    assert rosa.preferred_language == "es" and not rosa.sms_consent
    assert [str(p.number) for p in rosa.phones.all()] == ["+17735550999"]
    reply.refresh_from_db()
    assert reply.person == rosa and reply.matched_by == "new_contact"
    assert Interaction.objects.filter(person=rosa, kind="text_reply").count() == 1
    other = client.post(url, {**data, "first_name": "Rose", "idempotency_key": "4f2b8f3e-8d6c-4b83-9a0e-2b1b8f1f0c11"})
    assert other.status_code == 200 and "This reply was matched to someone already." in other.content.decode()
    assert not Person.objects.filter(first_name="Rose").exists()


def test_a_new_contact_needs_a_first_name(regions, staff) -> None:
    text("+17735550999", "Hi")
    reply = InboundReply.objects.get()
    client = Client()
    client.force_login(staff)
    response = client.post(reverse("members:inbox_reply_new_contact", args=[reply.pk]),
                           {"first_name": " ", "preferred_language": "en",
                            "idempotency_key": "5f2b8f3e-8d6c-4b83-9a0e-2b1b8f1f0c11"})
    assert response.status_code == 200 and "Write at least a first name." in response.content.decode()
    reply.refresh_from_db()
    assert reply.person is None and Person.objects.count() == 0


def test_a_yes_to_a_question_or_a_keyword_is_not_kept_for_the_inbox(regions, organizer_chicago) -> None:
    texter(organizer_chicago, SHARED)
    for body in ("YES", "START", "STOP", "   "):
        text(SHARED, body)
    assert InboundReply.objects.count() == 0


# Delivery reports ------------------------------------------------------------------------------------------

def status_post(settings: Any, **data: str) -> Any:
    return signed_post(Client(), settings, data, path=STATUS)


def sent_text(person: Person) -> Message:
    message = a_text_to(person)
    Message.objects.filter(pk=message.pk).update(provider_id="SM0123456789abcdef")
    message.refresh_from_db()
    return message


def test_delivery_reports_are_signed_idempotent_and_only_move_forward(regions, settings, organizer_chicago) -> None:
    message = sent_text(texter(organizer_chicago, SHARED))
    sid = message.provider_id
    assert Client().post(STATUS, {"MessageSid": sid, "MessageStatus": "delivered"}).status_code == 403
    forged = signed_post(Client(), settings, {"MessageSid": sid, "MessageStatus": "delivered"}, token="x", path=STATUS)
    assert forged.status_code == 403
    message.refresh_from_db()
    assert message.delivery_status == ""

    assert status_post(settings, MessageSid=sid, MessageStatus="sent").status_code == 204
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT and message.delivered_at is None
    for _ in range(2):
        assert status_post(settings, SmsSid=sid, SmsStatus="delivered").status_code == 204
    message.refresh_from_db()
    delivered_at = message.delivered_at
    assert message.delivery_status == DeliveryStatus.DELIVERED and delivered_at is not None
    for late in ("sent", "queued", "failed", "delivered"):
        status_post(settings, MessageSid=sid, MessageStatus=late, ErrorCode="30003")
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.DELIVERED and message.delivered_at == delivered_at
    assert message.delivery_error_code == "" and message.status == Message.Status.SENT
    assert status_post(settings, MessageSid="SMunknown", MessageStatus="delivered").status_code == 204
    assert status_post(settings, MessageSid=sid).status_code == 400


def test_a_number_failing_as_unreachable_is_offered_to_its_organizer_as_stopped_working(
    regions, settings, organizer_chicago, organizer_central
) -> None:
    maria = texter(organizer_chicago, SHARED, MARIA_OWN, first_name="Maria")
    message = sent_text(maria)
    status_post(settings, MessageSid=message.provider_id, MessageStatus="undelivered", ErrorCode="30005")
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.UNDELIVERED and message.delivery_error_code == "30005"

    central = Client()
    central.force_login(organizer_central)
    assert "Numbers that seem to have stopped working" not in central.get(reverse("messaging:inbox")).content.decode()
    client = Client()
    client.force_login(organizer_chicago)
    page = client.get(reverse("messaging:inbox")).content.decode()
    assert "Numbers that seem to have stopped working" in page
    phone = PersonPhone.objects.get(person=maria, number=SHARED)
    tap = reverse("members:phone_stopped", args=[maria.pk, phone.pk])
    assert f'action="{tap}"' in page
    person_page = client.get(reverse("members:person_detail", args=[maria.pk])).content.decode()
    assert person_page.count("come back as unreachable") == 1  # next to that number only
    assert client.post(tap).status_code == 302
    phone.refresh_from_db()
    assert phone.stopped_working_on is not None
    assert "Numbers that seem to have stopped working" not in client.get(reverse("messaging:inbox")).content.decode()
    person_page = client.get(reverse("members:person_detail", args=[maria.pk])).content.decode()
    assert "come back as unreachable" not in person_page
    assert a_text_to(maria).to == MARIA_OWN


def test_a_failure_for_another_reason_is_not_offered(regions, settings, organizer_chicago) -> None:
    message = sent_text(texter(organizer_chicago, SHARED))
    status_post(settings, MessageSid=message.provider_id, MessageStatus="failed", ErrorCode="30007")  # filtered
    client = Client()
    client.force_login(organizer_chicago)
    assert "Numbers that seem to have stopped working" not in client.get(reverse("messaging:inbox")).content.decode()
