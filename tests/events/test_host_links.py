"""Host links: made and revoked by those who manage the event, opened with no account, showing the least a host
needs, audited at every use, 404 once revoked or expired, locked after too many wrong PINs."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.access import OutOfReach
from coalition.models import AuditEntry
from events import services
from events.host_links import host_link_expiry, host_link_get, rsvp_code
from events.models import RSVP, HostLink, RSVPReview
from members.models import SensitiveFacts
from tests.events.factories import BusFactory, EventFactory, RSVPFactory, person_with_phone
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bus(region_central: Any) -> Any:
    return BusFactory(event=EventFactory(region=region_central, starts_at=timezone.now() + timedelta(hours=3)))


def _rider(bus: Any, first: str, last: str, number: str, **person: Any) -> RSVP:
    rider = person_with_phone(number, first_name=first, last_name=last, region=bus.pickup_point.region, **person)
    return RSVPFactory(event=bus.event, person=rider, bus=bus, status=RSVP.Status.GOING)


def _link(actor: Any, bus: Any, **kwargs: Any) -> tuple[HostLink, str]:
    return services.host_link_create(actor=actor, event=bus.event, bus=bus, label="Peoria bus captain", **kwargs)


# Services ---------------------------------------------------------------------------------------------------

def test_a_link_keeps_only_hashes_and_expires_after_the_day(staff: Any, bus: Any) -> None:
    link, token = _link(staff, bus, pin="2468")
    assert len(token) >= 40
    assert token not in link.token_hash and "2468" not in link.pin_hash
    assert link.expires_at == host_link_expiry(event=bus.event, bus=bus)
    assert link.expires_at > bus.event.ends_at
    assert link.expires_at - bus.event.ends_at < timedelta(days=1)
    assert host_link_get(token=token) == link
    assert AuditEntry.objects.filter(object_id=str(link.pk), action=AuditEntry.Action.CREATE).count() == 1


def test_organizers_make_links_only_for_their_own_regions_events(organizer_central: Any, organizer_chicago: Any,
                                                                  bus: Any) -> None:
    link, token = _link(organizer_central, bus)
    assert token
    with pytest.raises(OutOfReach):
        _link(organizer_chicago, bus)
    with pytest.raises(OutOfReach):
        services.host_link_revoke(actor=organizer_chicago, link=link)


def test_a_double_submit_makes_one_link(staff: Any, bus: Any) -> None:
    key = uuid.uuid4()
    first, token = _link(staff, bus, idempotency_key=key)
    again, second_token = _link(staff, bus, idempotency_key=key)
    assert again == first and token and second_token == ""
    assert HostLink.objects.count() == 1


def test_a_bad_pin_is_refused_in_plain_words(staff: Any, bus: Any) -> None:
    with pytest.raises(ValidationError) as error:
        _link(staff, bus, pin="12")
    assert "four to eight digits" in str(error.value)


def test_revoked_or_expired_or_mistyped_tokens_do_not_exist(staff: Any, bus: Any) -> None:
    link, token = _link(staff, bus)
    with pytest.raises(OutOfReach):
        host_link_get(token=token[:-1] + ("A" if token[-1] != "A" else "B"))
    HostLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(OutOfReach):
        host_link_get(token=token)
    HostLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    services.host_link_revoke(actor=staff, link=link)
    services.host_link_revoke(actor=staff, link=link)
    with pytest.raises(OutOfReach):
        host_link_get(token=token)
    assert AuditEntry.objects.filter(object_id=str(link.pk), action=AuditEntry.Action.UPDATE).count() == 1


def test_check_in_through_a_link_is_applied_once_and_audited(staff: Any, bus: Any) -> None:
    rsvp = _rider(bus, "Ana", "Ruiz", "+13095550101")
    link, _token = _link(staff, bus)
    assert services.host_check_in(link=link, rsvp_id=rsvp.pk).status == services.Outcome.APPLIED
    assert services.host_check_in(link=link, rsvp_id=rsvp.pk).status == services.Outcome.ALREADY
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None
    entries = AuditEntry.objects.filter(object_id=str(link.pk), action=AuditEntry.Action.UPDATE)
    assert entries.count() == 1 and rsvp_code(rsvp.pk) in entries.get().summary


def test_check_in_is_refused_for_a_cancelled_rsvp_another_bus_or_a_revoked_link(staff: Any, bus: Any) -> None:
    cancelled = _rider(bus, "Ana", "Ruiz", "+13095550101")
    RSVP.objects.filter(pk=cancelled.pk).update(status=RSVP.Status.CANCELLED)
    other_bus = BusFactory(event=bus.event)
    elsewhere = RSVPFactory(event=bus.event, bus=other_bus, status=RSVP.Status.GOING)
    other_event = RSVPFactory(status=RSVP.Status.GOING)
    waiting = _rider(bus, "Bea", "Lopez", "+13095550102")
    link, _token = _link(staff, bus)
    result = services.host_check_in(link=link, rsvp_id=cancelled.pk)
    assert result.status == services.Outcome.REFUSED and "cancelled" in result.message
    for rsvp_id in (elsewhere.pk, other_event.pk, 2**63, "x"):
        result = services.host_check_in(link=link, rsvp_id=rsvp_id)  # type: ignore[arg-type]
        assert result.status == services.Outcome.REFUSED and "no longer on this list" in result.message
    services.host_link_revoke(actor=staff, link=link)
    result = services.host_check_in(link=link, rsvp_id=waiting.pk)
    assert result.status == services.Outcome.REFUSED and "switched off" in result.message
    assert not RSVP.objects.filter(checked_in_at__isnull=False).exists()


def test_a_walk_in_waits_for_staff_and_their_decision_checks_them_in(staff: Any, bus: Any) -> None:
    known = _rider(bus, "Ana", "Ruiz", "+13095550101")
    link, _token = _link(staff, bus)
    result, review = services.host_walk_in(link=link, first_name="Ana", phone="309-555-0101")
    again, same = services.host_walk_in(link=link, first_name="Ana", phone="(309) 555-0101")
    assert result.status == again.status == services.Outcome.APPLIED
    assert review is not None and same == review and RSVPReview.objects.count() == 1
    assert review.match == known.person and review.host_link == link
    assert not RSVP.objects.filter(checked_in_at__isnull=False).exists()  # nothing attached before staff decide
    services.rsvp_review_decide(actor=staff, review=review, same_person=True)
    known.refresh_from_db()
    assert known.checked_in_at is not None


def test_a_walk_in_needs_a_first_name_and_a_real_phone(staff: Any, bus: Any) -> None:
    link, _token = _link(staff, bus)
    with pytest.raises(ValidationError):
        services.host_walk_in(link=link, first_name="", phone="309-555-0101")
    with pytest.raises(ValidationError):
        services.host_walk_in(link=link, first_name="Ana", phone="12")
    assert not RSVPReview.objects.exists()


def test_ten_wrong_pins_lock_the_link(staff: Any, bus: Any, settings: Any) -> None:
    settings.HOST_LINK_PIN_TRIES = 10
    link, _token = _link(staff, bus, pin="2468")
    for _try in range(9):
        assert services.host_link_pin_try(link=link, pin="0000") is False
    assert services.host_link_pin_try(link=link, pin="2468") is True  # a right one resets the count
    for _try in range(10):
        assert services.host_link_pin_try(link=link, pin="0000") is False
    with pytest.raises(ValidationError) as error:
        services.host_link_pin_try(link=link, pin="2468")
    assert error.value.code == "locked"
    HostLink.objects.filter(pk=link.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert services.host_link_pin_try(link=link, pin="2468") is True


# Pages ------------------------------------------------------------------------------------------------------

PHONE_LIKE = re.compile(r"\d{3}\D{0,2}\d{3}\D?\d{4}")


def test_the_host_page_shows_the_least_a_host_needs(client: Client, staff: Any, bus: Any) -> None:
    ana = _rider(bus, "Ana", "Ruiz-Delgado", "+13095550101", email="ana@example.org", preferred_name="Anita")
    hidden = _rider(bus, "Marcus", "Whitfield", "+13095550177", no_online_identity=True)
    SensitiveFacts.objects.create(person=ana.person, registry_status="registered")
    link, token = _link(staff, bus)
    response = client.get(reverse("host:page", kwargs={"token": token}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anita R." in html and "0101" in html and rsvp_code(ana.pk) in html
    assert rsvp_code(hidden.pk) in html
    for leak in ("Ruiz-Delgado", "ana@example.org", "Marcus", "Whitfield", "0177", "registered", "Ana Ruiz"):
        assert leak not in html
    assert not PHONE_LIKE.search(html) and "@" not in html.replace("@media", "")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert AuditEntry.objects.filter(object_id=str(link.pk), action=AuditEntry.Action.VIEW).count() == 1


def test_the_host_page_with_a_pin_asks_for_it_once(client: Client, staff: Any, bus: Any) -> None:
    _rider(bus, "Ana", "Ruiz", "+13095550101")
    _link_, token = _link(staff, bus, pin="2468")
    url = reverse("host:page", kwargs={"token": token})
    response = client.get(url)
    assert "Ana R." not in response.content.decode() and 'name="pin"' in response.content.decode()
    response = client.post(url, {"pin": "1111"})
    assert "not right" in response.content.decode()
    assert client.post(url, {"pin": "2468"}).status_code == 302
    assert "Ana R." in client.get(url).content.decode()


def test_the_page_checks_in_without_javascript(client: Client, staff: Any, bus: Any) -> None:
    rsvp = _rider(bus, "Ana", "Ruiz", "+13095550101")
    _l, token = _link(staff, bus)
    response = client.post(reverse("host:check_in", kwargs={"token": token, "pk": rsvp.pk}))
    assert response.status_code == 302
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None


def test_sync_answers_each_action_and_applies_a_replay_once(client: Client, staff: Any, bus: Any) -> None:
    ana = _rider(bus, "Ana", "Ruiz", "+13095550101")
    gone = _rider(bus, "Bea", "Lopez", "+13095550102")
    RSVP.objects.filter(pk=gone.pk).update(status=RSVP.Status.CANCELLED)
    _l, token = _link(staff, bus)
    url = reverse("host:sync", kwargs={"token": token})
    actions = [{"key": "a", "kind": "check_in", "rsvp": ana.pk}, {"key": "b", "kind": "check_in", "rsvp": gone.pk},
               {"key": "c", "kind": "walk_in", "fields": {"first_name": "Rosa", "phone": "309-555-0199"}},
               {"key": "d", "kind": "walk_in", "fields": {"first_name": "", "phone": ""}}]
    answer = client.post(url, json.dumps({"actions": actions}), content_type="application/json").json()
    statuses = {result["key"]: result["status"] for result in answer["results"]}
    assert statuses == {"a": "applied", "b": "refused", "c": "applied", "d": "refused"}
    assert all(result["message"] for result in answer["results"] if result["status"] == "refused")
    again = client.post(url, json.dumps({"actions": actions[:1]}), content_type="application/json").json()
    assert again["results"][0]["status"] == "already"
    assert RSVP.objects.filter(checked_in_at__isnull=False).count() == 1
    assert RSVPReview.objects.filter(host_link__isnull=False).count() == 1


def test_sync_refuses_unreadable_input(client: Client, staff: Any, bus: Any) -> None:
    _l, token = _link(staff, bus)
    url = reverse("host:sync", kwargs={"token": token})
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert client.post(url, json.dumps({"actions": [{}] * 201}), content_type="application/json").status_code == 400


def test_a_revoked_link_answers_404_on_every_host_page(client: Client, staff: Any, bus: Any) -> None:
    rsvp = _rider(bus, "Ana", "Ruiz", "+13095550101")
    link, token = _link(staff, bus)
    services.host_link_revoke(actor=staff, link=link)
    assert client.get(reverse("host:page", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("host:check_in", kwargs={"token": token, "pk": rsvp.pk})).status_code == 404
    assert client.post(reverse("host:sync", kwargs={"token": token}), "{}",
                       content_type="application/json").status_code == 404
    assert client.get(reverse("host:page", kwargs={"token": "nope"})).status_code == 404


def test_staff_make_and_revoke_links_from_the_event(client: Client, staff: Any, bus: Any) -> None:
    client.force_login(staff)
    url = reverse("events:host_link_list", kwargs={"pk": bus.event.pk})
    response = client.post(url, {"label": "Peoria bus captain", "bus": bus.pk, "pin": "",
                                 "idempotency_key": str(uuid.uuid4())})
    html = response.content.decode()
    assert response.status_code == 200 and "/h/" in html
    token = re.search(r"/h/([A-Za-z0-9_-]+)/", html).group(1)  # type: ignore[union-attr]
    assert Client().get(reverse("host:page", kwargs={"token": token})).status_code == 200
    link = HostLink.objects.get()
    assert client.post(reverse("events:host_link_revoke", kwargs={"pk": link.pk})).status_code == 302
    assert Client().get(reverse("host:page", kwargs={"token": token})).status_code == 404
    assert token not in client.get(url).content.decode()  # the address is shown only once


def test_the_host_link_list_makes_the_same_queries_for_1_or_20_links(client: Client, staff: Any, bus: Any,
                                                                     django_assert_max_num_queries: Any) -> None:
    client.force_login(staff)
    url = reverse("events:host_link_list", kwargs={"pk": bus.event.pk})
    _link(staff, bus)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _n in range(19):
        _link(staff, bus)
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_the_host_page_makes_the_same_queries_for_1_or_20_people(client: Client, staff: Any, bus: Any,
                                                                 django_assert_max_num_queries: Any) -> None:
    _rider(bus, "Ana", "Ruiz", "+13095550100")
    _l, token = _link(staff, bus)
    url = reverse("host:page", kwargs={"token": token})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(19):
        _rider(bus, f"P{n}", "Q", f"+1309555{n + 1:04d}")
    with django_assert_max_num_queries(len(one)):
        assert "P18 Q." in client.get(url).content.decode()


def test_a_person_without_a_last_name_or_phone_still_shows(client: Client, staff: Any, bus: Any) -> None:
    plain = RSVPFactory(event=bus.event, bus=bus, status=RSVP.Status.GOING,
                        person=PersonFactory(first_name="Lee", last_name="", region=bus.pickup_point.region))
    _l, token = _link(staff, bus)
    html = Client().get(reverse("host:page", kwargs={"token": token})).content.decode()
    assert "Lee" in html and rsvp_code(plain.pk) in html


def test_a_revoked_link_is_404_for_every_role(accounts: dict[str, Any], staff: Any, bus: Any) -> None:
    rsvp = _rider(bus, "Ana", "Ruiz", "+13095550101")
    link, token = _link(staff, bus)
    services.host_link_revoke(actor=staff, link=link)
    urls = [("get", reverse("host:page", kwargs={"token": token})),
            ("post", reverse("host:check_in", kwargs={"token": token, "pk": rsvp.pk})),
            ("post", reverse("host:walk_in", kwargs={"token": token})),
            ("post", reverse("host:sync", kwargs={"token": token}))]
    for role, account in accounts.items():
        client = Client()
        if account is not None:
            client.force_login(account)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (role, url)


def test_staff_see_a_hosts_walk_in_among_the_rsvps_to_check(client: Client, staff: Any, bus: Any) -> None:
    link, _token = _link(staff, bus)
    services.host_walk_in(link=link, first_name="Rosa", phone="309-555-0199")
    client.force_login(staff)
    html = client.get(reverse("events:review_list")).content.decode()
    assert "Rosa" in html and "Peoria bus captain" in html
