"""Webhooks out, received by a real HTTP server on loopback: signed bodies, retries, order per person, sending
again from the app, and the events that make them."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from api import services
from api.models import WebhookDelivery, WebhookEvent
from api.tasks import webhook_deliver
from events.services.rsvps import rsvp_check_in, rsvp_proxy
from members.models import Channel
from members.services import consent_set, consent_withdraw, person_create, person_update
from tests.api.factories import webhook
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory


class Receiver:
    """A partner's endpoint: records every request; answers the codes in `codes` in turn, then 200."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.codes: list[int] = []
        self.location = ""  # sent with every answer when set (a redirect)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802 - http.server's name (a followed redirect arrives as a GET)
                receiver.received.append({"headers": dict(self.headers), "body": b""})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.received]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    made.thread.start()
    yield made
    made.server.shutdown()
    made.server.server_close()


def test_a_new_person_is_sent_signed(receiver: Receiver, coalition_admin: Any, staff: Any, regions: Any,
                                     django_capture_on_commit_callbacks: Any) -> None:
    hook = webhook(coalition_admin, receiver.url, [WebhookEvent.PERSON_CREATED])
    with django_capture_on_commit_callbacks(execute=True):
        person = person_create(actor=staff, first_name="Ana", last_name="Ruiz", email="ana@example.org")
    assert len(receiver.received) == 1
    request = receiver.received[0]
    timestamp, signature = request["headers"]["X-Coalition-Timestamp"], request["headers"]["X-Coalition-Signature"]
    expected = hmac.new(hook.secret.encode(), timestamp.encode() + b"." + request["body"], hashlib.sha256).hexdigest()
    assert signature == f"sha256={expected}"
    body = json.loads(request["body"])
    assert body["event"] == "person.created" and body["person"]["given_name"] == "Ana"
    assert f"coalition:{person.pk}" in body["person"]["identifiers"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 1, 200)


def test_a_failure_is_tried_again_with_backoff(receiver: Receiver, coalition_admin: Any, staff: Any,
                                               regions: Any, django_capture_on_commit_callbacks: Any) -> None:
    webhook(coalition_admin, receiver.url, [WebhookEvent.PERSON_CREATED])
    receiver.codes = [503, 500]
    with django_capture_on_commit_callbacks(execute=True):
        person_create(actor=staff, first_name="Ana")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 3, 200)
    assert len(receiver.received) == 3


def test_giving_up_is_recorded_and_the_app_sends_it_again(receiver: Receiver, coalition_admin: Any, staff: Any,
                                                          regions: Any, settings: Any,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    hook = webhook(coalition_admin, receiver.url, [WebhookEvent.PERSON_CREATED])
    receiver.codes = [500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        person_create(actor=staff, first_name="Ana")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 2, 500)
    client = Client()
    client.force_login(coalition_admin)
    page = client.get(f"/api/webhooks/{hook.pk}/").content.decode()
    assert "Send again" in page and "500" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/deliveries/{delivery.pk}/send-again/")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == ("sent", 200)
    assert len(receiver.received) == 3 and receiver.bodies()[2] == receiver.bodies()[0]


def test_deliveries_keep_their_order_per_person(receiver: Receiver, coalition_admin: Any, regions: Any) -> None:
    person = PersonFactory()
    hook = webhook(coalition_admin, receiver.url)
    first, second = (WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                                    body={"n": n}) for n in (1, 2))
    webhook_deliver(second.pk)
    assert receiver.received == []  # the earlier one is still pending
    webhook_deliver(first.pk)
    assert receiver.bodies() == [{"n": 1}, {"n": 2}]
    webhook_deliver(first.pk)
    webhook_deliver(second.pk)
    assert len(receiver.received) == 2  # safe to run twice


def test_updates_rsvps_check_ins_and_unsubscribes_are_sent(receiver: Receiver, coalition_admin: Any, staff: Any,
                                                           regions: Any,
                                                           django_capture_on_commit_callbacks: Any) -> None:
    person = PersonFactory()
    consent_set(actor=staff, person=person, channel=Channel.SMS, given=True, how="Said yes at the clinic")
    webhook(coalition_admin, receiver.url, [WebhookEvent.PERSON_UPDATED, WebhookEvent.RSVP_CREATED,
                                            WebhookEvent.CHECK_IN, WebhookEvent.UNSUBSCRIBE])
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        person_update(actor=staff, person=person, first_name="Lola")
    with django_capture_on_commit_callbacks(execute=True):
        rsvp = rsvp_proxy(actor=staff, event=event, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_check_in(actor=staff, rsvp=rsvp)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(actor=staff, person=person, channel=Channel.SMS)
    events = [body["event"] for body in receiver.bodies()]
    assert events[0] == "person.updated" and "rsvp.created" in events and "rsvp.checked_in" in events
    assert "person.unsubscribed" in events
    unsubscribed = next(b for b in receiver.bodies() if b["event"] == "person.unsubscribed")
    assert unsubscribed["channel"] == Channel.SMS
    assert f"coalition:{person.pk}" in unsubscribed["person"]["identifiers"]


def test_no_hook_no_delivery(staff: Any, regions: Any) -> None:
    person_create(actor=staff, first_name="Ana")
    assert not WebhookDelivery.objects.exists()


def test_webhooks_page_registers_one(client: Client, coalition_admin: Any) -> None:
    client.force_login(coalition_admin)
    fields = {"name": "AN sync", "url": "https://partner.example/hook", "events": [WebhookEvent.PERSON_CREATED],
              "idempotency_key": "4b0f9a52-7a43-4a37-9e1c-2f6a8f0c1d13"}
    assert client.post("/api/webhooks/", fields).status_code == 302
    assert client.post("/api/webhooks/", fields).status_code == 302
    assert services.Webhook.objects.get().events == [WebhookEvent.PERSON_CREATED]
    assert client.post("/api/webhooks/", {"name": "x", "url": "not a url", "events": [],
                                          "idempotency_key": "4b0f9a52-7a43-4a37-9e1c-2f6a8f0c1d14"}).status_code == 200


def test_the_sweep_takes_back_what_a_dead_worker_left(receiver: Receiver, coalition_admin: Any,
                                                      regions: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    person = PersonFactory()
    hook = webhook(coalition_admin, receiver.url)
    long_ago = timezone.now() - timedelta(hours=1)
    stuck = WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                           body={"n": 1}, status=WebhookDelivery.Status.SENDING,
                                           next_attempt_at=long_ago)
    lost = WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                          body={"n": 2})
    WebhookDelivery.objects.filter(pk__in=[stuck.pk, lost.pk]).update(created_at=long_ago)
    assert services.deliveries_sweep() == 2
    assert receiver.bodies() == [{"n": 1}, {"n": 2}]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"sent"}
    assert services.deliveries_sweep() == 0
    assert len(receiver.received) == 2
