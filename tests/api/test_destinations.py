"""Webhooks go only to public addresses: never to loopback, private networks or the cloud metadata address, checked
when the hook is registered and again when each delivery is sent; redirects are not followed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from api import services
from api.destinations import check_destination
from api.models import WebhookDelivery, WebhookEvent
from tests.api.factories import webhook
from tests.api.test_webhooks import Receiver
from tests.members.factories import PersonFactory


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:5432/", "http://localhost/hook", "http://10.1.2.3/", "http://192.168.0.10/",
    "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/",
    "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/",
])
def test_an_address_inside_is_refused_in_words(settings: Any, url: str) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError) as refused:
        check_destination(url)
    assert "private network" in refused.value.messages[0] and "public addresses" in refused.value.messages[0]


def test_a_public_address_passes_and_other_schemes_do_not(settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    check_destination("https://8.8.8.8/hook")
    check_destination("http://[2001:4860:4860::8888]:8080/hook")
    for url in ("ftp://8.8.8.8/", "file:///etc/passwd", "https:///nohost"):
        with pytest.raises(ValidationError, match="https://"):
            check_destination(url)
    with pytest.raises(ValidationError, match="port"):
        check_destination("https://8.8.8.8:99999/")
    with pytest.raises(ValidationError, match="could not be found"):
        check_destination("https://no-such-host.invalid/hook")
    check_destination("https://no-such-host.invalid/hook", sending=False)  # registering: checked at each send


def test_an_allowed_network_lets_a_receiver_inside_be_used(settings: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = ["10.0.5.0/24"]
    check_destination("http://10.0.5.20/hook")
    with pytest.raises(ValidationError):
        check_destination("http://10.0.6.20/hook")


@pytest.mark.django_db
def test_registering_a_hook_inside_is_refused_and_nothing_is_kept(settings: Any, coalition_admin: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError) as refused:
        webhook(coalition_admin, "http://169.254.169.254/latest/")
    assert "url" in refused.value.message_dict
    assert not services.Webhook.objects.exists()


@pytest.mark.django_db
def test_a_delivery_to_a_hook_that_now_points_inside_is_not_sent(settings: Any, coalition_admin: Any) -> None:
    receiver = Receiver()
    receiver.thread.start()
    try:
        hook = webhook(coalition_admin, receiver.url, [WebhookEvent.PERSON_UPDATED])
        settings.WEBHOOK_ALLOWED_NETWORKS = []  # as if the name had been pointed at loopback since it was checked
        person = PersonFactory()
        delivery = WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                                  body={"id": person.pk})
        sent, wait = services.delivery_send(delivery_id=delivery.pk)
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
    assert receiver.received == []
    assert sent is not None and sent.status == WebhookDelivery.Status.PENDING and wait is not None
    assert "private network" in sent.error and sent.response_code is None


@pytest.mark.django_db
def test_a_redirect_is_not_followed(coalition_admin: Any) -> None:
    target = Receiver()
    bouncer = Receiver()
    bouncer.codes = [302]
    bouncer.location = target.url
    target.thread.start()
    bouncer.thread.start()
    try:
        hook = webhook(coalition_admin, bouncer.url, [WebhookEvent.PERSON_UPDATED])
        person = PersonFactory()
        delivery = WebhookDelivery.objects.create(hook=hook, event=WebhookEvent.PERSON_UPDATED, person_id=person.pk,
                                                  body={"id": person.pk})
        sent, _wait = services.delivery_send(delivery_id=delivery.pk)
    finally:
        for server in (target, bouncer):
            server.server.shutdown()
            server.server.server_close()
    assert len(bouncer.received) == 1 and target.received == []
    assert sent is not None and sent.response_code == 302 and sent.status == WebhookDelivery.Status.PENDING


@pytest.mark.django_db
def test_the_form_says_why_an_inside_address_is_refused(settings: Any, client: Any, coalition_admin: Any) -> None:
    settings.WEBHOOK_ALLOWED_NETWORKS = []
    client.force_login(coalition_admin)
    answer = client.post("/api/webhooks/", {"name": "Sync", "url": "http://192.168.1.1/hook",
                                            "events": [WebhookEvent.PERSON_CREATED],
                                            "idempotency_key": "0b6c2f7e-5d1a-4c8e-9a3b-7f1e2d3c4b5a"})
    assert answer.status_code == 200
    assert "points inside a private network (192.168.1.1)" in answer.content.decode()
    assert not services.Webhook.objects.exists()
