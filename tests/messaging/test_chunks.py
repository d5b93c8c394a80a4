"""A chunk of the outbox, set-wise: claimed in one statement, read and recorded in a constant number of queries
whatever its size, each row decided and sent on its own, and every exactly-once guarantee kept with two senders at
once and with a chunk that outlasts its lease."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.utils import timezone

from events import notices as event_notices
from events import services as event_services
from events.models import RSVP
from members.models import Person
from messaging import services
from messaging.backends import BaseSmsBackend, LocmemSmsBackend, SmsResult, TransientDeliveryError
from messaging.models import Message
from tests.events.factories import EventFactory, person_with_phone
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db


class CountingSmsBackend(BaseSmsBackend):
    """A provider that counts every call, even a repeated key (a real one would accept it once): what the
    tests below must never see twice. `delay` makes it slow."""

    calls: ClassVar[list[str]] = []
    delay: ClassVar[float] = 0.0
    lock = threading.Lock()

    def send(self, *, to: str, body: str, idempotency_key: str) -> SmsResult:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.calls.append(idempotency_key)
        return SmsResult(provider_id=f"counting:{idempotency_key}")


def _due_reminders(n: int, *, email_every: int = 0) -> list[int]:
    """`n` people going to one event, texting (or, every `email_every`-th, by email), each with one reminder due."""
    event = EventFactory()
    rsvps = []
    for i in range(n):
        person = person_with_phone(f"+1312777{i:04d}")
        if email_every and i % email_every == 0:
            person.email, person.email_consent, person.preferred_channel = f"p{i}@example.org", True, "email"
        person.sms_consent = True
        person.save()
        rsvps.append(event_services.rsvp_record(event=event, person=person, source="proxy")[0])
    Message.objects.exclude(kind=event_notices.Kind.REMINDER).update(status=Message.Status.SENT)
    reminders = Message.objects.filter(kind=event_notices.Kind.REMINDER).order_by("due_at")
    ids = [reminders.filter(**about(r)).first().pk for r in rsvps]
    Message.objects.filter(pk__in=ids).update(due_at=timezone.now() - timedelta(seconds=1))
    return ids


@pytest.mark.parametrize("size", [8, 40])
def test_a_chunk_takes_the_same_few_queries_whatever_its_size(regions, size, django_assert_max_num_queries) -> None:
    ids = _due_reminders(size, email_every=4)
    # Some rows skip (an RSVP cancelled, a person who withdrew consent), one RSVP is gone with its reminder's
    # subject, one row is not due: every outcome group is written once, whatever its size.
    cancelled, withdrawn, gone, later = (Message.objects.get(pk=pk) for pk in ids[1:5])
    RSVP.objects.filter(pk=cancelled.subject_id).update(status=RSVP.Status.CANCELLED)
    Person.objects.filter(pk=withdrawn.person_id).update(sms_consent=False, email_consent=False)
    Message.objects.filter(pk=gone.pk).update(subject_id=10**9)
    Message.objects.filter(pk=later.pk).update(due_at=timezone.now() + timedelta(hours=1))
    # The claim, the not-due check, the read, the RSVPs and the events of the RSVP gone, sent and skipped; and one
    # write per email, which is recorded as soon as the mail server takes it (a mail server knows no idempotency
    # key).
    emails = len([i for i in range(size) if i % 4 == 0 and i not in (1, 2, 3, 4)])
    with django_assert_max_num_queries(7 + emails):
        outcome = services.messages_send(message_ids=ids)
    assert outcome == {Message.Status.SENT: size - 4, Message.Status.SKIPPED: 3, "not-claimed": 1}
    rows = dict(Message.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert rows[cancelled.pk] == rows[withdrawn.pk] == rows[gone.pk] == Message.Status.SKIPPED
    assert rows[later.pk] == Message.Status.PENDING
    sent = Message.objects.filter(pk__in=ids, status=Message.Status.SENT)
    emailed = sent.filter(channel=Message.Channel.EMAIL)
    assert sorted(m["key"] for m in LocmemSmsBackend.outbox) == sorted(
        sent.filter(channel=Message.Channel.SMS).values_list("dedupe_key", flat=True))
    assert len(mail.outbox) == emailed.count() > 0
    assert all(m.provider_id and m.to and m.sent_at and m.attempts == 1 for m in sent)
    reasons = dict(Message.objects.filter(pk__in=ids).values_list("pk", "skip_reason"))
    assert reasons[cancelled.pk] == "The RSVP was cancelled."
    assert reasons[withdrawn.pk] == "No consent to text or email, or no way to reach them."
    assert reasons[gone.pk] == "The RSVP was cancelled."  # its event, read from the topic, is still there


def test_an_email_is_recorded_as_sent_as_soon_as_the_mail_server_takes_it(regions, monkeypatch) -> None:
    """A worker killed in the middle of a chunk (here: the third email never returns) leaves the emails already
    accepted recorded as sent, so the lease resends none of them: only the texts wait for the chunk's write."""
    ids = _due_reminders(4, email_every=1)
    accepted: list[str] = []
    real_send = mail.EmailMessage.send

    def send(self: mail.EmailMessage, fail_silently: bool = False) -> int:
        if len(accepted) == 2:
            raise SystemExit("the worker was killed")
        accepted.append(self.extra_headers["Message-ID"])
        return real_send(self, fail_silently)

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    with pytest.raises(SystemExit):
        services.messages_send(message_ids=ids)
    rows = list(Message.objects.filter(pk__in=ids).order_by("due_at", "id").values_list("status", flat=True))
    assert rows.count(Message.Status.SENT) == 2 == len(mail.outbox)
    assert rows.count(Message.Status.SENDING) == 2  # the one being sent and the one after it: for the lease


def test_a_transient_error_on_one_row_backs_off_that_row_only(regions, settings, monkeypatch) -> None:
    settings.MESSAGE_RETRY_BASE_SECONDS = 60
    ids = _due_reminders(5)
    flaky = Message.objects.get(pk=ids[2])
    real_send = LocmemSmsBackend.send

    def send(self: LocmemSmsBackend, *, to: str, body: str, idempotency_key: str) -> Any:
        if idempotency_key == flaky.dedupe_key:
            raise TransientDeliveryError("429 Too Many Requests")
        return real_send(self, to=to, body=body, idempotency_key=idempotency_key)

    monkeypatch.setattr(LocmemSmsBackend, "send", send)
    before = timezone.now()
    assert services.messages_send(message_ids=ids) == {Message.Status.SENT: 4, Message.Status.PENDING: 1}
    flaky.refresh_from_db()
    assert (flaky.status, flaky.attempts, flaky.last_error) == (Message.Status.PENDING, 1, "429 Too Many Requests")
    assert before + timedelta(seconds=60) <= flaky.due_at <= timezone.now() + timedelta(seconds=60)
    others = Message.objects.filter(pk__in=ids).exclude(pk=flaky.pk)
    assert set(others.values_list("status", flat=True)) == {Message.Status.SENT}
    assert set(others.values_list("last_error", flat=True)) == {""}
    assert services.messages_send(message_ids=ids) == {"not-claimed": 5}  # backing off: not due yet

    # Its second attempt fails too: the backoff doubles. The third goes through, once.
    assert services.messages_send(message_ids=ids, now=flaky.due_at) == {Message.Status.PENDING: 1, "not-claimed": 4}
    flaky.refresh_from_db()
    assert flaky.attempts == 2 and flaky.due_at >= before + timedelta(seconds=120)
    monkeypatch.setattr(LocmemSmsBackend, "send", real_send)
    assert services.messages_send(message_ids=ids, now=flaky.due_at) == {Message.Status.SENT: 1, "not-claimed": 4}
    keys = [m["key"] for m in LocmemSmsBackend.outbox]
    assert sorted(keys) == sorted(Message.objects.filter(pk__in=ids).values_list("dedupe_key", flat=True))


def test_the_attempt_limit_and_a_repeated_id_hold_in_a_chunk(regions, settings) -> None:
    settings.MESSAGE_MAX_ATTEMPTS = 2
    ids = _due_reminders(3)
    Message.objects.filter(pk=ids[0]).update(attempts=2, last_error="503 from the provider")
    assert services.messages_send(message_ids=[*ids, ids[1]]) == {
        Message.Status.FAILED: 1, Message.Status.SENT: 2, "not-claimed": 1}
    exhausted = Message.objects.get(pk=ids[0])
    assert exhausted.status == Message.Status.FAILED and exhausted.attempts == 2
    assert exhausted.last_error == "Gave up after 2 attempts. 503 from the provider"
    assert len(LocmemSmsBackend.outbox) == 2


def _counting(settings: Any, delay: float = 0.0) -> None:
    settings.SMS_BACKEND = f"{__name__}.CountingSmsBackend"
    CountingSmsBackend.calls = []
    CountingSmsBackend.delay = delay


def _in_threads(*targets: Any) -> list[Any]:
    """Run the targets at once (a barrier lets them go together), each with its own connection; their results."""
    barrier = threading.Barrier(len(targets))
    results: list[Any] = [None] * len(targets)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[n] = targets[n]()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_senders_of_the_same_chunk_at_once_send_each_message_once(regions, settings) -> None:
    ids = _due_reminders(60)
    _counting(settings, delay=0.002)
    for part in (0, 20, 40):  # the ids in both orders, the second sender given all of them or only a part
        Message.objects.filter(pk__in=ids).update(status=Message.Status.PENDING, attempts=0,
                                                  due_at=timezone.now() - timedelta(seconds=1))
        CountingSmsBackend.calls = []
        some = list(reversed(ids))[part:]
        first, second = _in_threads(lambda: services.messages_send(message_ids=ids),
                                    lambda some=some: services.messages_send(message_ids=some))
        assert first.get(Message.Status.SENT, 0) + second.get(Message.Status.SENT, 0) == len(ids), (first, second)
        assert len(CountingSmsBackend.calls) == len(set(CountingSmsBackend.calls)) == len(ids)
        rows = Message.objects.filter(pk__in=ids)
        assert set(rows.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_chunk_that_outlasts_its_lease_renews_its_claim_and_nobody_else_sends_its_rows(regions, settings) -> None:
    settings.MESSAGE_LEASE_SECONDS = 1  # the claim is renewed every third of a second
    ids = _due_reminders(15)
    _counting(settings, delay=0.1)  # 1.5 s of sending, past the lease
    stop = threading.Event()
    ticks = {"recovered": 0}

    def sender() -> dict[str, int]:
        try:
            return services.messages_send(message_ids=ids)
        finally:
            stop.set()

    def ticker() -> None:
        # Another worker's dispatch tick, again and again, once the sender has claimed the chunk: it would recover
        # and resend a row whose lease ran out.
        while Message.objects.filter(pk__in=ids, status=Message.Status.PENDING).exists():
            time.sleep(0.01)
        while not stop.is_set():
            ticks["recovered"] += services.messages_recover_stale()
            services.messages_send(message_ids=services.messages_due())
            time.sleep(0.05)

    outcome, _none = _in_threads(sender, ticker)
    assert outcome == {Message.Status.SENT: len(ids)} and ticks["recovered"] == 0
    assert sorted(CountingSmsBackend.calls) == sorted(Message.objects.filter(pk__in=ids).values_list(
        "dedupe_key", flat=True))
    assert set(Message.objects.filter(pk__in=ids).values_list("status", "attempts")) == {(Message.Status.SENT, 1)}
