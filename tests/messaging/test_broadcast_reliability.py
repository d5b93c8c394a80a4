"""Broadcasts with the real pieces: a Celery worker killed in the middle of a 5,000-person broadcast (PostgreSQL,
Redis), and an email broadcast through a real SMTP server on loopback, unsubscribed both ways."""

from __future__ import annotations

import email
import signal
import time
from email import policy
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count

from members.models import Person, PersonPhone
from messaging import broadcast_services
from messaging.models import Broadcast, Message
from messaging.services import messages_send
from tests.members.factories import cook_county
from tests.messaging.broadcast_factories import consenting, draft, saved_list
from tests.messaging.test_reliability import _env, _free_port, _stop, _use_broker, _wait, _worker


def _crowd(n: int) -> list[int]:
    """n people with a phone, every tenth without consent to texts; bulk-written (the factories take minutes)."""
    county = cook_county()
    people = Person.objects.bulk_create([
        Person(first_name=f"P{i}", last_name="Crowd", county=county, region_id=county.region_id,
               sms_consent=i % 10 != 0) for i in range(n)])
    PersonPhone.objects.bulk_create([
        PersonPhone(person=p, number=f"+1312{i:07d}", digits=f"312{i:07d}", is_primary=True)
        for i, p in enumerate(people)])
    return [p.pk for p in people]


@pytest.mark.postgres
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_broadcast_sends_everyone_exactly_once(regions, staff, redis_url: str,
                                                                    tmp_path: Path, settings: Any) -> None:
    from messaging.tasks import dispatch_due

    settings.BROADCAST_APPROVAL_OVER = 10_000

    ids = _crowd(5000)
    consenting_ids = {pk for i, pk in enumerate(ids) if i % 10 != 0}
    sms_dir = tmp_path / "sms"
    env = _env(redis_url, SMS_BACKEND="messaging.backends.FileSmsBackend", SMS_FILE_DIR=str(sms_dir),
               SMS_FILE_DELAY_SECONDS="0.002", MESSAGE_LEASE_SECONDS="3")
    accepted = sms_dir / "accepted.log"
    from members import services as member_services

    big = member_services.saved_list_create(actor=staff, name="Everyone", kind="fixed", sharing="staff",
                                            person_ids=ids)
    broadcast = draft(staff, f"list:{big.pk}", sms_es="")
    _use_broker(redis_url)
    first = _worker(env, "doomed")
    try:
        broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)  # the queue task goes to the worker
        started = _wait(lambda: accepted.exists() and len(accepted.read_text().split()) >= 500, 120)
        assert started, (Broadcast.objects.values_list("status", "recipients").get(pk=broadcast.pk),
                         list(Message.objects.values_list("status").annotate(n=Count("id")).order_by()))
    finally:
        _stop(first, signal.SIGKILL)  # killed in the middle of the broadcast
    sent_before = len(accepted.read_text().split())
    assert sent_before < len(consenting_ids)
    assert Message.objects.filter(kind="broadcast").count() == 5000
    second = _worker(env, "fresh")
    try:
        time.sleep(4)  # past the lease, so the rows of the dead worker are recovered
        done = _wait(lambda: not Message.objects.filter(kind="broadcast", status__in=["pending", "sending"]).exists(),
                     300, tick=dispatch_due.delay)
    finally:
        _stop(second)
    assert done
    keys = accepted.read_text().split()
    missing = {f"broadcast:{broadcast.pk}:{pk}" for pk in consenting_ids} - set(keys)
    assert len(keys) == len(set(keys)) == len(consenting_ids), (
        f"{len(keys)} accepted, {sent_before} before the kill; not accepted: "
        f"{list(Message.objects.filter(dedupe_key__in=missing).values_list('dedupe_key', 'status', 'last_error'))}")
    assert set(keys) == {f"broadcast:{broadcast.pk}:{pk}" for pk in consenting_ids}
    assert Message.objects.filter(kind="broadcast", status="skipped").count() == 500
    broadcast_services.broadcasts_tick()
    assert Broadcast.objects.get(pk=broadcast.pk).status == Broadcast.Status.DONE


@pytest.mark.django_db
def test_an_email_broadcast_through_a_real_smtp_server_and_both_unsubscribes(client, staff, settings,
                                                                             monkeypatch) -> None:
    from aiosmtpd.controller import Controller
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())

    class Sink:
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            self.messages.append(envelope.content)
            return "250 OK"

    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.SITE_URL = "https://crm.example.org"
    people = [consenting(None, email=f"p{i}@example.org", email_ok=True, sms=False, first_name=f"Pat{i}",
                         language="es" if i else "en") for i in range(2)]
    broadcast = draft(staff, f"list:{saved_list(staff, people).pk}", mode="email", sms_en="", sms_es="",
                      email_subject_en="Lobby day", email_body_en="Hello {preferred_name}, join us.",
                      email_subject_es="Día de cabildeo", email_body_es="Hola {preferred_name}, únete.")
    try:
        broadcast_services.broadcast_send(actor=staff, broadcast=broadcast)
        messages_send(message_ids=list(Message.objects.filter(kind="broadcast").values_list("pk", flat=True)))
    finally:
        controller.stop()
    assert len(sink.messages) == 2
    parsed = {m["To"]: m for m in (email.message_from_bytes(raw, policy=policy.default) for raw in sink.messages)}
    english, spanish = parsed["p0@example.org"], parsed["p1@example.org"]
    assert spanish["Subject"] == "Día de cabildeo"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    urls = {}
    for address, message in parsed.items():
        url = str(message["List-Unsubscribe"]).strip().strip("<>")
        assert url.startswith("https://crm.example.org/messages/unsubscribe/")
        plain = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert url in plain and url.replace("&", "&amp;") in html
        assert settings.COALITION_POSTAL_ADDRESS in plain and settings.COALITION_POSTAL_ADDRESS in html
        urls[address] = url.removeprefix("https://crm.example.org")
    assert "Hola Pat1, únete." in spanish.get_body(("plain",)).get_content()
    assert "Hello Pat0, join us." in english.get_body(("plain",)).get_content()
    # The link: a page with one button, then its POST; the mail program's one-click POST (RFC 8058).
    assert b"<form" in client.get(urls["p0@example.org"]).content
    people[0].refresh_from_db()
    assert people[0].email_consent  # a GET (a link scanner) changes nothing
    assert client.post(urls["p0@example.org"]).status_code == 200
    assert client.post(urls["p1@example.org"], data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200
    for person in people:
        person.refresh_from_db()
        assert not person.email_consent
        assert person.consent_changes.get(channel="email").how == "unsubscribe link in a broadcast email"
