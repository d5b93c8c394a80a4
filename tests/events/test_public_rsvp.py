"""The public RSVP tells strangers nothing and makes no duplicates: matching by phone or email and name, the
staff review queue, the confirmation page, concurrent submits and the rate limit behind a proxy."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry
from events import notices as event_notices
from events import services
from events.manage_links import manage_url
from events.models import RSVP, RSVPReview
from events.selectors import RECEIPT_SALT
from members import notices as member_notices
from members.models import ConsentRequest, Person, PersonPhone
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, person_with_phone

DOLORES_PHONE = "+13125550142"


def post_rsvp(client: Client, event: Any, meta: dict[str, str] | None = None, **data: Any) -> Any:
    """Submit the public form; `meta` is what the request carries (the proxy's address and headers)."""
    form = {"name": "Ana Flores", "phone": "312-555-0199", "email": "", "language": "en", "guests": "0",
            "access_needs": "", "consent": "on", **data}
    return client.post(reverse("public:event", kwargs={"slug": event.slug}), form, **(meta or {}))


def _dolores() -> Person:
    """A member with a working phone, texts off, going to an advocacy day on the Rockford bus."""
    return person_with_phone(DOLORES_PHONE, first_name="Dolores", last_name="Reyes", preferred_name="Lola",
                             email="lola@example.org", sms_consent=False)


def _snapshot(person: Person) -> dict[str, Any]:
    person.refresh_from_db()
    fields = ("first_name", "last_name", "preferred_name", "email", "preferred_language", "sms_consent",
              "email_consent", "region_id", "updated_at")
    return {name: getattr(person, name) for name in fields} | {
        "phones": sorted(person.phones.values_list("digits", flat=True))}


@pytest.mark.django_db
def test_a_strangers_rsvp_with_her_phone_and_another_name_adds_nothing_to_her_record(regions) -> None:
    dolores = _dolores()
    rockford = BusFactory(pickup_point=PickupPointFactory(name="Rockford lot", city="Rockford"), seats=40)
    event = rockford.event
    RSVPFactory(event=event, person=dolores, bus=rockford, guests=1, status=RSVP.Status.GOING)
    before = _snapshot(dolores)
    client = Client()
    response = post_rsvp(client, event, name="Mallory Stone", phone="(312) 555-0142", guests="3")
    assert response.status_code == 302
    # Her record: the same RSVP, the same details, texts still off; nobody new, no message to anyone.
    assert list(RSVP.objects.values_list("person_id", "guests", "bus_id")) == [(dolores.pk, 1, rockford.pk)]
    assert _snapshot(dolores) == before
    assert Person.objects.count() == 1 and not Message.objects.exists()
    review = RSVPReview.objects.get()
    assert (review.match, review.name, review.guests, review.consent) == (dolores, "Mallory Stone", 3, True)
    # The page says what the stranger typed and nothing about her: not her name, her bus, her guests.
    page = client.get(response["Location"]).content.decode()
    assert "We have your RSVP" in page and "Guests" in page
    for hers in ("Dolores", "Lola", "Reyes", "Rockford"):
        assert hers not in page


@pytest.mark.django_db
def test_the_stranger_cannot_tell_a_known_phone_from_an_unknown_one(regions) -> None:
    _dolores()
    bus = BusFactory()
    pages = []
    for name, phone in (("Mallory Stone", "312-555-0142"), ("Mallory Stone", "312-555-0177")):
        client = Client()
        response = post_rsvp(client, bus.event, name=name, phone=phone, bus=str(bus.pk), guests="2")
        page = client.get(response["Location"]).content.decode()
        # The token in the page's calendar link is signed at its second: the same data, another timestamp.
        token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        page = page.replace(token, "TOKEN")
        pages.append(page[page.index("<main"):page.index("</main>")])  # outside it: each session's CSRF token
    assert pages[0] == pages[1]
    assert RSVPReview.objects.count() == 1 and Person.objects.filter(first_name="Mallory").count() == 1


@pytest.mark.django_db
def test_an_exact_match_gets_the_rsvp_and_nothing_else_changes(regions) -> None:
    dolores = _dolores()
    event = EventFactory()
    before = _snapshot(dolores)
    rsvp = services.rsvp_public_submit(event=event, name="  lola REYES ", phone="312.555.0142",
                                       email="other@example.org", language="es", guests=2).rsvp
    assert rsvp is not None and rsvp.person == dolores and rsvp.guests == 2 and rsvp.language == "es"
    after = _snapshot(dolores)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"}
    by_email = services.rsvp_public_submit(event=EventFactory(), name="Dolores Reyes", email="LOLA@example.org").rsvp
    assert by_email is not None and by_email.person == dolores
    assert Person.objects.count() == 1 and not RSVPReview.objects.exists()


@pytest.mark.django_db
def test_a_shared_phone_finds_the_sharer_who_is_named(regions) -> None:
    first = person_with_phone("+13125550160", first_name="Marcus", last_name="Bell")
    second = person_with_phone("+13125550160", first_name="Tanya", last_name="Bell")
    event = EventFactory()
    assert services.rsvp_public_submit(event=event, name="Tanya Bell", phone="3125550160").rsvp.person == second
    assert services.rsvp_public_submit(event=event, name="Marcus Bell", phone="3125550160").rsvp.person == first
    assert RSVP.objects.count() == 2 and Person.objects.count() == 2


@pytest.mark.django_db
def test_a_re_rsvp_changes_nothing_shows_none_of_the_first_and_sends_her_link(
    regions, django_capture_on_commit_callbacks
) -> None:
    dolores = _dolores()
    dolores.sms_consent = True
    dolores.save(update_fields=["sms_consent"])
    rockford = BusFactory(pickup_point=PickupPointFactory(name="Rockford lot", city="Rockford"))
    peoria = BusFactory(event=rockford.event, pickup_point=PickupPointFactory(name="Peoria lot", city="Peoria"))
    event = rockford.event
    with django_capture_on_commit_callbacks(execute=True):
        first = services.rsvp_public_submit(event=event, name="Dolores Reyes", phone=DOLORES_PHONE, bus=rockford,
                                            guests=2, access_needs="Wheelchair space").rsvp
    LocmemSmsBackend.outbox = []
    # Whoever knows her name and phone asks for the Peoria bus, twice: her RSVP stays as it was.
    for _attempt in range(2):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = post_rsvp(client, event, name="Dolores Reyes", phone="312-555-0142", guests="0",
                                 bus=str(peoria.pk))
        page = client.get(response["Location"]).content.decode()
        assert "We have your RSVP" in page and "This did not change it" in page
        assert "Rockford" not in page and "Wheelchair" not in page and "Guests" not in page
    first.refresh_from_db()
    assert (first.person, first.bus, first.guests, first.access_needs) == (dolores, rockford, 2, "Wheelchair space")
    assert Message.objects.filter(kind=event_notices.Kind.CONFIRMATION).count() == 1
    # Her link goes to her phone on file, once a day however often it is asked for; nothing to the asker.
    assert Message.objects.filter(kind=event_notices.Kind.MANAGE_LINK, subject_id=first.pk).count() == 1
    assert [m["to"] for m in LocmemSmsBackend.outbox] == [DOLORES_PHONE]
    assert manage_url(first) in LocmemSmsBackend.outbox[0]["body"]
    assert "did not change" in LocmemSmsBackend.outbox[0]["body"]


@pytest.mark.django_db
def test_a_re_rsvp_page_is_the_same_as_a_first_rsvp_page(regions) -> None:
    """The asker cannot tell from the page whether the name and phone already had an RSVP."""
    bus = BusFactory()
    pages = []
    for phone in ("312-555-0150", "312-555-0150", "312-555-0151"):
        client = Client()
        response = post_rsvp(client, bus.event, name="Ana Flores", phone=phone, bus=str(bus.pk), guests="1")
        page = client.get(response["Location"]).content.decode()
        # The token in the page's calendar link is signed at its second: the same data, another timestamp.
        token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        page = page.replace(token, "TOKEN")
        pages.append(page[page.index("<main"):page.index("</main>")])
    assert pages[0] == pages[1] == pages[2]


@pytest.mark.django_db
def test_the_link_to_her_rsvp_is_sent_only_with_her_consent_at_sending(
    regions, django_capture_on_commit_callbacks
) -> None:
    dolores = _dolores()  # texts off
    event = EventFactory()
    RSVPFactory(event=event, person=dolores, status=RSVP.Status.GOING)
    with django_capture_on_commit_callbacks(execute=True):
        post_rsvp(Client(), event, name="Dolores Reyes", phone="312-555-0142", consent="")
    link = Message.objects.get(kind=event_notices.Kind.MANAGE_LINK)
    assert link.status == Message.Status.SKIPPED and LocmemSmsBackend.outbox == []
    dolores.refresh_from_db()
    assert dolores.sms_consent is False


@pytest.mark.django_db
def test_the_done_link_carries_only_what_was_submitted_and_only_for_its_event(regions) -> None:
    bus = BusFactory()
    client = Client()
    response = post_rsvp(client, bus.event, bus=str(bus.pk), guests="2")
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    rsvp = RSVP.objects.get()
    assert signing.loads(token, salt=RECEIPT_SALT) == {"e": bus.event.pk, "b": bus.pk, "g": 2, "w": False}
    # Another browser with the link sees the same submitted choices, nothing read from the RSVP.
    RSVP.objects.filter(pk=rsvp.pk).update(guests=7, bus=None)
    page = Client().get(response["Location"]).content.decode()
    assert bus.pickup_point.name in page and "<dd>2</dd>" in page and "<dd>7</dd>" not in page
    other = EventFactory()
    assert Client().get(reverse("public:rsvp_done", kwargs={"slug": other.slug, "token": token})).status_code == 404


@pytest.mark.django_db
def test_a_full_event_says_waitlist_for_these_seats(regions) -> None:
    event = EventFactory(capacity=1)
    RSVPFactory(event=event, status=RSVP.Status.GOING)
    client = Client()
    page = client.get(post_rsvp(client, event)["Location"]).content.decode()
    assert "You are on the waitlist" in page
    assert RSVP.objects.get(person__first_name="Ana").status == RSVP.Status.WAITLISTED


@pytest.mark.django_db
def test_identical_submits_in_a_row_wait_once_for_staff(regions) -> None:
    _dolores()
    event = EventFactory()
    for _ in range(3):
        post_rsvp(Client(), event, name="Mallory Stone", phone="312-555-0142")
    assert RSVPReview.objects.count() == 1 and not RSVP.objects.exists()


# The staff review queue ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_staff_decide_same_person_on_a_phone_and_her_record_gets_only_the_rsvp(regions, staff) -> None:
    dolores = _dolores()
    bus = BusFactory()
    post_rsvp(Client(), bus.event, name="D. Reyes", phone="312-555-0142", bus=str(bus.pk), guests="1")
    before = _snapshot(dolores)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("events:review_list"))
    body = page.content.decode()
    assert page.status_code == 200 and "D. Reyes" in body and "Lola Reyes" in body
    review = RSVPReview.objects.get()
    url = reverse("events:review_decide", kwargs={"pk": review.pk})
    assert client.post(url, {"decision": "same"}).status_code == 302
    assert client.post(url, {"decision": "new"}).status_code == 302  # a second tap decides nothing
    rsvp = RSVP.objects.get()
    assert (rsvp.person, rsvp.bus, rsvp.guests, rsvp.source, rsvp.recorded_by) == (
        dolores, bus, 1, RSVP.Source.PUBLIC, staff)
    assert {k: v for k, v in _snapshot(dolores).items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"}
    review.refresh_from_db()
    assert (review.status, review.decided_by, review.rsvp) == (RSVPReview.Status.SAME_PERSON, staff, rsvp)
    entry = AuditEntry.objects.get(detail__review=review.pk)
    assert entry.actor == staff and entry.object_id == str(dolores.pk)
    assert Person.objects.count() == 1
    assert "D. Reyes" not in client.get(reverse("events:review_list")).content.decode()


@pytest.mark.django_db
def test_staff_decide_a_different_person_who_gets_a_record_with_what_they_typed(regions, staff) -> None:
    dolores = _dolores()
    event = EventFactory()
    post_rsvp(Client(), event, name="Mallory Stone", phone="312-555-0142", language="es", consent="on")
    client = Client()
    client.force_login(staff)
    review = RSVPReview.objects.get()
    assert client.post(reverse("events:review_decide", kwargs={"pk": review.pk}), {"decision": "new"}).status_code \
        == 302
    mallory = Person.objects.get(first_name="Mallory")
    assert mallory.last_name == "Stone" and mallory.preferred_language == "es" and mallory.sms_consent
    assert list(mallory.phones.values_list("digits", flat=True)) == ["3125550142"]  # a shared phone now
    assert RSVP.objects.get().person == mallory
    dolores.refresh_from_db()
    assert not dolores.sms_consent and not dolores.rsvps.exists()
    assert AuditEntry.objects.filter(detail__review=review.pk, object_id=str(mallory.pk)).count() == 1
    # Next time the same name and phone is an exact match: no review.
    services.rsvp_public_submit(event=EventFactory(), name="Mallory Stone", phone="3125550142")
    assert RSVPReview.objects.count() == 1 and mallory.rsvps.count() == 2


@pytest.mark.django_db
def test_when_the_match_is_gone_only_a_different_person_can_be_chosen(regions, staff) -> None:
    dolores = _dolores()
    event = EventFactory()
    review = services.rsvp_public_submit(event=event, name="Mallory Stone", phone=DOLORES_PHONE).review
    dolores.delete()
    review.refresh_from_db()
    with pytest.raises(ValidationError):
        services.rsvp_review_decide(actor=staff, review=review, same_person=True)
    decided = services.rsvp_review_decide(actor=staff, review=review, same_person=False)
    assert decided.rsvp.person.first_name == "Mallory" and RSVP.objects.count() == 1


@pytest.mark.django_db
def test_the_review_queue_is_staffs_only(regions, organizer_chicago) -> None:
    _dolores()
    post_rsvp(Client(), EventFactory(), name="Mallory Stone", phone="312-555-0142")
    client = Client()
    client.force_login(organizer_chicago)
    review = RSVPReview.objects.get()
    assert client.get(reverse("events:review_list")).status_code == 404
    assert client.post(reverse("events:review_decide", kwargs={"pk": review.pk}),
                       {"decision": "same"}).status_code == 404
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_the_review_queue_makes_the_same_queries_for_1_and_20(regions, staff) -> None:
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 20):
        RSVPReview.objects.all().delete()
        bus = BusFactory()
        for i in range(n):
            person = person_with_phone(f"+1312555{i:04d}")
            RSVPReview.objects.create(event=bus.event, match=person, name=f"Other {i}", phone=f"+1312555{i:04d}",
                                      bus=bus, fingerprint=f"other {i}|312555{i:04d}|")
        client = Client()
        client.force_login(staff)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("events:review_list")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


# Concurrency -----------------------------------------------------------------------------------------------------

def _race(count: int, work: Any) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_identical_submits_make_one_person_and_one_rsvp(regions) -> None:
    event = EventFactory()

    def work() -> None:
        services.rsvp_public_submit(event=event, name="Ana Flores", phone="312-555-0199", consent=True)

    assert _race(20, work) == []
    assert Person.objects.count() == 1 and PersonPhone.objects.count() == 1
    assert RSVP.objects.filter(event=event).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_strangers_with_her_phone_wait_once_and_touch_nothing(regions) -> None:
    dolores = _dolores()
    event = EventFactory()

    def work() -> None:
        services.rsvp_public_submit(event=event, name="Mallory Stone", phone=DOLORES_PHONE, guests=3, consent=True)

    assert _race(20, work) == []
    assert RSVPReview.objects.filter(status=RSVPReview.Status.PENDING).count() == 1
    assert not RSVP.objects.exists() and Person.objects.count() == 1
    dolores.refresh_from_db()
    assert not dolores.sms_consent


# The rate limit behind the proxy ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_rate_limit_counts_each_client_behind_the_proxy(regions, settings) -> None:
    settings.PUBLIC_RSVP_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    event = EventFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first, second = ({**proxy, "HTTP_X_FORWARDED_FOR": ip} for ip in ("203.0.113.5", "198.51.100.7"))
    for n in range(2):
        assert post_rsvp(Client(), event, phone=f"312-555-01{n}0", meta=first).status_code == 302
    # The first client again, even claiming another address to the left of the one the proxy appended.
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}
    response = post_rsvp(Client(), event, phone="312-555-0177", meta=spoofed)
    assert response.status_code == 429 and "Too many RSVPs" in response.content.decode()
    # Another client through the same proxy is not held back by the first.
    assert post_rsvp(Client(), event, phone="312-555-0188", meta=second).status_code == 302
    assert RSVP.objects.count() == 3


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_not_believed(regions, settings) -> None:
    settings.PUBLIC_RSVP_RATE_LIMIT = 1
    event = EventFactory()
    assert post_rsvp(Client(), event, meta={"HTTP_X_FORWARDED_FOR": "203.0.113.5"}).status_code == 302
    response = post_rsvp(Client(), event, phone="312-555-0177", meta={"HTTP_X_FORWARDED_FOR": "198.51.100.7"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_a_proxy_header_names_the_client(regions, settings) -> None:
    settings.PUBLIC_RSVP_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    event = EventFactory()
    assert post_rsvp(Client(), event, meta={"HTTP_X_REAL_IP": "203.0.113.5"}).status_code == 302
    assert post_rsvp(Client(), event, phone="312-555-0177", meta={"HTTP_X_REAL_IP": "203.0.113.5"}).status_code == 429
    assert post_rsvp(Client(), event, phone="312-555-0188", meta={"HTTP_X_REAL_IP": "198.51.100.7"}).status_code == 302


@pytest.mark.django_db
def test_staff_decide_same_person_with_the_box_ticked_asks_her_by_text_and_changes_no_consent(regions, staff) -> None:
    dolores = _dolores()
    post_rsvp(Client(), EventFactory(), name="D. Reyes", phone="312-555-0142", consent="on")
    client = Client()
    client.force_login(staff)
    review = RSVPReview.objects.get()
    client.post(reverse("events:review_decide", kwargs={"pk": review.pk}), {"decision": "same"})
    dolores.refresh_from_db()
    assert not dolores.sms_consent and dolores.sms_consent_at is None
    [request] = ConsentRequest.objects.filter(person=dolores)
    assert request.status == ConsentRequest.Status.PENDING
    assert Message.objects.filter(person=dolores, kind=member_notices.CONSENT_CONFIRMATION).count() == 1
