"""The inbound SMS webhook: signed over the full URL, inside a time window, once per MessageSid; STOP, START and
YES act only on the records that own the number, and START only for those who agreed through it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from members import services as member_services
from members.models import ConsentChange, Person, PersonPhone
from messaging import services
from messaging.backends import twilio_signature
from messaging.models import InboundMessage
from messaging.tasks import inbound_messages_prune
from tests.members.factories import PersonFactory, add_phone
from tests.messaging.webhook import INBOUND, inbound_data, signed_post

pytestmark = pytest.mark.django_db
SHARED = "+13125550123"


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    settings.SMS_INBOUND_MAX_AGE_SECONDS = 300


def agreed_by_text(organizer: Any, number: str = SHARED, **fields: Any) -> Person:
    """A person whose texts go to `number`, who told an organizer they want texts."""
    person = PersonFactory(**fields)
    add_phone(person, number, is_primary=True)
    member_services.consent_set(actor=organizer, person=person, channel="sms", given=True, how="Sign-in sheet")
    return person


def sms_on(person: Person) -> bool:
    person.refresh_from_db()
    return person.sms_consent


def test_a_replayed_signed_start_after_a_later_stop_changes_nothing(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    client = Client()
    assert signed_post(client, settings, inbound_data(SHARED, "STOP")).status_code == 200
    start = inbound_data(SHARED, "START")
    assert signed_post(client, settings, start).status_code == 200
    assert sms_on(maria)
    assert signed_post(client, settings, inbound_data(SHARED, "STOP")).status_code == 200
    assert not sms_on(maria)
    history = ConsentChange.objects.filter(person=maria).count()

    replay = signed_post(client, settings, start)  # the very request captured earlier, signature and all
    assert replay.status_code == 200
    assert not sms_on(maria)
    assert ConsentChange.objects.filter(person=maria).count() == history


def test_a_signed_start_outside_the_time_window_is_refused(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    signed_post(Client(), settings, inbound_data(SHARED, "STOP"))
    for offset in (-301, 301):
        stale = inbound_data(SHARED, "START", Timestamp=str(int(time.time()) + offset))
        assert signed_post(Client(), settings, stale).status_code == 403
    for timestamp in ("", "yesterday"):
        assert signed_post(Client(), settings, inbound_data(SHARED, "START", Timestamp=timestamp)).status_code == 403
    assert not sms_on(maria)
    assert InboundMessage.objects.count() == 1  # the STOP; refused requests are not recorded
    settings.SMS_INBOUND_MAX_AGE_SECONDS = 600  # the window is a setting
    late = inbound_data(SHARED, "START", Timestamp=str(int(time.time()) - 301))
    assert signed_post(Client(), settings, late).status_code == 200
    assert sms_on(maria)


def test_the_timestamp_is_covered_by_the_signature(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    signed_post(Client(), settings, inbound_data(SHARED, "STOP"))
    old = inbound_data(SHARED, "START", Timestamp=str(int(time.time()) - 3600))
    url = settings.SITE_URL.rstrip("/") + INBOUND
    signature = twilio_signature(url, old, "secret-token")
    refreshed = {**old, "Timestamp": str(int(time.time()))}  # a new time on the old signature
    response = Client().post(INBOUND, refreshed, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code == 403
    assert not sms_on(maria)


def test_a_signed_request_with_a_changed_query_string_is_refused(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    data = inbound_data(SHARED, "STOP")
    changed = signed_post(Client(), settings, data, path=INBOUND + "?relay=b", signed_path=INBOUND + "?relay=a")
    assert changed.status_code == 403
    dropped = signed_post(Client(), settings, data, path=INBOUND, signed_path=INBOUND + "?relay=a")
    assert dropped.status_code == 403
    assert sms_on(maria)
    signed = signed_post(Client(), settings, data, path=INBOUND + "?relay=a")  # signed over what it called
    assert signed.status_code == 200
    assert not sms_on(maria)


def test_a_request_without_a_message_id_is_refused(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    data = inbound_data(SHARED, "STOP")
    del data["MessageSid"]
    assert signed_post(Client(), settings, data).status_code == 400
    assert sms_on(maria)


def test_start_from_a_shared_number_turns_on_only_the_record_that_agreed_through_it(
    regions, settings, organizer_chicago
) -> None:
    maria = agreed_by_text(organizer_chicago, first_name="Maria")
    jose = PersonFactory(first_name="Jose")
    add_phone(jose, SHARED, is_primary=True, kind=PersonPhone.Kind.SHARED)
    elsewhere = agreed_by_text(organizer_chicago, number="+13125550188", first_name="Elsewhere")
    add_phone(elsewhere, SHARED, kind=PersonPhone.Kind.SHARED)  # agreed through another number only
    signed_post(Client(), settings, inbound_data(SHARED, "STOP"))
    assert not sms_on(maria) and not sms_on(jose) and not sms_on(elsewhere)

    assert signed_post(Client(), settings, inbound_data(SHARED, "START")).status_code == 200
    assert sms_on(maria)
    assert not sms_on(jose) and not sms_on(elsewhere)
    assert not ConsentChange.objects.filter(person__in=[jose, elsewhere], given=True, method="reply").exists()
    given = ConsentChange.objects.filter(person=maria, given=True).first()
    assert given.method == ConsentChange.Method.REPLY and given.phone_digits == "3125550123"
    assert given.how == "Replied START by text" and given.reference.startswith("SM") and given.recorded_by is None


def test_start_from_a_number_nobody_agreed_through_changes_nothing(regions, settings) -> None:
    stranger_target = PersonFactory()
    add_phone(stranger_target, SHARED, is_primary=True)
    assert signed_post(Client(), settings, inbound_data(SHARED, "START")).status_code == 200
    assert signed_post(Client(), settings, inbound_data(SHARED, "YES")).status_code == 200
    assert not sms_on(stranger_target)
    assert not ConsentChange.objects.filter(person=stranger_target).exists()


def test_stop_withdraws_every_owner_of_the_number_now_and_is_kept_in_the_history(
    regions, settings, organizer_chicago
) -> None:
    maria = agreed_by_text(organizer_chicago)
    jose = agreed_by_text(organizer_chicago, number="+13125550188")
    add_phone(jose, SHARED)
    former = agreed_by_text(organizer_chicago, number="+13125550177")
    add_phone(former, SHARED, stopped_working_on=timezone.localdate() - timedelta(days=30))
    data = inbound_data(SHARED, "stop")
    assert signed_post(Client(), settings, data).status_code == 200
    assert not sms_on(maria) and not sms_on(jose)
    assert sms_on(former)  # the number is no longer theirs
    stop = ConsentChange.objects.filter(person=maria).first()
    assert not stop.given and stop.method == "reply" and stop.reference == data["MessageSid"]
    assert stop.phone_digits == "3125550123"


def test_a_retried_delivery_is_answered_and_acts_once(regions, settings, organizer_chicago) -> None:
    maria = agreed_by_text(organizer_chicago)
    data = inbound_data(SHARED, "STOP")
    for _ in range(3):
        assert signed_post(Client(), settings, data).status_code == 200
    assert InboundMessage.objects.filter(provider_id=data["MessageSid"]).count() == 1
    assert ConsentChange.objects.filter(person=maria, given=False).count() == 1


@pytest.mark.parametrize(("body", "expected"), [
    ("STOP", ("stop", "STOP")), ("  quit ", ("stop", "QUIT")), ("Yes!", ("start", "YES")),
    ("unstop please", ("start", "UNSTOP")), ("yesterday", None), ("", None), ("Stopping by at 5", None),
])
def test_what_a_text_asks_for(body: str, expected: tuple[str, str] | None) -> None:
    assert services.sms_keyword(body) == expected


def test_old_message_ids_are_pruned_once_outside_the_window(regions, settings) -> None:
    now = timezone.now()
    InboundMessage.objects.create(provider_id="SMold", sent_at=now - timedelta(days=2))
    InboundMessage.objects.create(provider_id="SMnew", sent_at=now - timedelta(minutes=1))
    assert inbound_messages_prune() == 1
    assert inbound_messages_prune() == 0
    assert list(InboundMessage.objects.values_list("provider_id", flat=True)) == ["SMnew"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_text_act_once(regions, settings) -> None:
    from tests.coalition.factories import UserFactory

    organizer = UserFactory(role="organizer", region=regions["chicago"], email="concurrent@test.example")
    maria = agreed_by_text(organizer)
    signed_post(Client(), settings, inbound_data(SHARED, "STOP"))
    data = inbound_data(SHARED, "START")
    barrier = threading.Barrier(8)
    codes: list[int] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            codes.append(signed_post(Client(), settings, data).status_code)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert codes == [200] * 8
    assert sms_on(maria)
    assert ConsentChange.objects.filter(person=maria, given=True, method="reply").count() == 1


def test_a_signed_stop_without_a_time_still_stops_texts_but_a_start_needs_one(
    regions, settings, organizer_chicago
) -> None:
    """A provider that signs no time (Twilio itself) can always stop texts; it can never start them."""
    maria = agreed_by_text(organizer_chicago)
    stop = inbound_data(SHARED, "Stop")
    del stop["Timestamp"]
    assert signed_post(Client(), settings, stop).status_code == 200
    assert not sms_on(maria)
    start = inbound_data(SHARED, "START")
    del start["Timestamp"]
    assert signed_post(Client(), settings, start).status_code == 403
    assert not sms_on(maria)
    stale_stop = inbound_data(SHARED, "STOP", Timestamp=str(int(time.time()) - 3600))
    assert signed_post(Client(), settings, stale_stop).status_code == 200
    assert InboundMessage.objects.count() == 2
