"""Event pages through the client: the public page and its bad input, Spanish, rate limit, constant queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import RSVP
from events.notices import event_topic
from leadership.models import Mentorship
from members.models import Person
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, RSVPFactory, person_with_phone
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def post_rsvp(client: Client, event, **data):  # type: ignore[no-untyped-def]
    form = {"name": "Ana Flores", "phone": "312-555-0199", "email": "", "language": "es", "guests": "0",
            "access_needs": "", "consent": "on", **data}
    return client.post(reverse("public:event", kwargs={"slug": event.slug}), form)


def test_public_rsvp_confirms_on_screen_without_any_name(regions) -> None:
    bus = BusFactory()
    client = Client()
    response = post_rsvp(client, bus.event, bus=str(bus.pk))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "We have your RSVP" in page.content.decode()
    assert "Ana" not in page.content.decode() and "Flores" not in page.content.decode()
    rsvp = RSVP.objects.get()
    assert rsvp.bus == bus and rsvp.person.region == bus.pickup_point.region


def test_public_page_shows_no_member_name(regions) -> None:
    event = EventFactory()
    RSVPFactory(event=event, person=PersonFactory(first_name="Zebulon", last_name="Quartermaine"))
    body = Client().get(reverse("public:event", kwargs={"slug": event.slug})).content.decode()
    assert "Zebulon" not in body and "Quartermaine" not in body


def test_public_page_in_spanish_with_lang_and_the_cookie(regions) -> None:
    event = EventFactory()
    client = Client()
    response = client.get(reverse("public:event", kwargs={"slug": event.slug}) + "?lang=es")
    assert response.status_code == 200 and '<html lang="es">' in response.content.decode()
    assert client.cookies["django_language"].value == "es"
    again = client.get(reverse("public:event", kwargs={"slug": event.slug}))
    assert '<html lang="es">' in again.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "", "email": ""}, "Give a mobile phone or an email"),
        ({"phone": "12"}, "area code"),
        ({"bus": "999999"}, "no longer running"),
        ({"guests": "50"}, "less than or equal to 10"),
        ({"language": "xx"}, "Select a valid choice"),
    ],
)
def test_bad_public_input_gets_a_plain_message_and_saves_nothing(regions, data, message) -> None:
    bus = BusFactory()
    response = post_rsvp(Client(), bus.event, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not RSVP.objects.exists() and not Person.objects.exists()


def test_after_the_deadline_and_on_a_cancelled_event(regions) -> None:
    from datetime import timedelta

    from django.utils import timezone

    late = EventFactory(rsvp_deadline=timezone.now() - timedelta(days=1))
    assert "closed on" in post_rsvp(Client(), late).content.decode()
    cancelled = EventFactory(status="cancelled")
    assert "This event is cancelled" in post_rsvp(Client(), cancelled).content.decode()
    assert not RSVP.objects.exists()


def test_a_double_click_makes_one_rsvp(regions) -> None:
    event = EventFactory()
    client = Client()
    post_rsvp(client, event)
    post_rsvp(client, event)
    assert RSVP.objects.count() == 1 and Person.objects.count() == 1


def test_public_rsvps_are_rate_limited_per_ip(regions, settings) -> None:
    settings.PUBLIC_RSVP_RATE_LIMIT = 2
    event = EventFactory()
    client = Client()
    for n in range(2):
        post_rsvp(client, event, phone=f"312-555-01{n}0")
    response = post_rsvp(client, event, phone="312-555-0177")
    assert response.status_code == 429 and "Too many RSVPs" in response.content.decode()
    assert RSVP.objects.count() == 2


def test_csrf_is_enforced_on_the_public_form(regions) -> None:
    event = EventFactory()
    client = Client(enforce_csrf_checks=True)
    assert post_rsvp(client, event).status_code == 403


def test_calendar_file_has_the_event_uid(regions) -> None:
    event = EventFactory()
    response = Client().get(reverse("public:event_ics", kwargs={"slug": event.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    assert f"UID:{event.uid}" in response.content.decode()


def test_a_tampered_confirmation_token_is_not_found(regions) -> None:
    event = EventFactory()
    url = reverse("public:rsvp_done", kwargs={"slug": event.slug, "token": "1:forged"})
    assert Client().get(url).status_code == 404


def test_proxy_rsvp_from_the_roster_and_the_flag_confirmation_step(regions, staff) -> None:
    from members.models import SensitiveFacts
    from tests.events.factories import PickupPointFactory

    bus = BusFactory(pickup_point=PickupPointFactory(on_public_transit=True))
    person = person_with_phone()
    SensitiveFacts.objects.create(person=person, supervision_status="parole")
    client = Client()
    client.force_login(staff)
    url = reverse("events:rsvp_proxy", kwargs={"pk": bus.event.pk})
    assert client.get(url + f"?person={person.pk}").status_code == 200
    data = {"person": person.pk, "status": "going", "guests": 0, "bus": bus.pk, "travel_permission": "needed"}
    warned = client.post(url, data)
    assert warned.status_code == 200 and "on public transit" in warned.content.decode()
    assert not RSVP.objects.exists()
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    assert RSVP.objects.get().travel_permission == "needed"


def test_check_in_with_htmx_returns_the_row(regions, organizer_chicago) -> None:
    rsvp = RSVPFactory(status="going")
    client = Client()
    client.force_login(organizer_chicago)
    response = client.post(reverse("events:checkin_toggle", kwargs={"pk": rsvp.pk}), HTTP_HX_REQUEST="true")
    # Right after the tap the short undo is offered (and the standing "Undo check-in" waits until it is gone).
    body = response.content.decode()
    assert response.status_code == 200 and reverse("events:checkin_undo", args=[rsvp.pk]) in body
    assert "Undo check-in" not in body
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None


def _rows(event, bus, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        person = person_with_phone(f"+1312555{i:04d}")
        rsvp = RSVPFactory(event=event, person=person, bus=bus, status="going", guests=1)
        Message.objects.create(person=person, subject=rsvp, topic=event_topic(event), kind="reminder",
                               due_at=event.starts_at, dedupe_key=f"t:{event.pk}:{i}")
        # A message with no event (a mentor's check-in reminder) is listed in the outbox too, same queries.
        mentorship = Mentorship.objects.create(mentor=person, mentee=PersonFactory(), started_on=event.starts_at.date())
        Message.objects.create(person=person, subject=mentorship, kind="mentor_checkin", due_at=event.starts_at,
                               dedupe_key=f"t:mentor:{event.pk}:{i}")


@pytest.mark.parametrize(
    "page", ["events:event_detail", "events:checkin", "events:manifest", "events:event_outbox",
             "messaging:outbox", "events:event_list"])
def test_list_pages_make_the_same_number_of_queries_for_1_and_20_rows(
    regions, staff, page, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_url(n: int) -> str:
        bus = BusFactory()
        _rows(bus.event, bus, n)
        kwargs = {} if page in ("messaging:outbox", "events:event_list") else {
            "pk": bus.pk if page == "events:manifest" else bus.event.pk}
        return reverse(page, kwargs=kwargs)

    from django.contrib.contenttypes.models import ContentType

    client = Client()
    client.force_login(staff)
    url = page_url(1)
    ContentType.objects.clear_cache()  # both requests start from a cold content-type cache, as a new worker does
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    one_row = len(captured)  # now: the next request clears the connection's query log
    url = page_url(20)
    client = Client()
    client.force_login(staff)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(one_row):
        assert client.get(url).status_code == 200
