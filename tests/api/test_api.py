"""The OSDI API as a partner's tool uses it: tokens and their scope, paging by links, the signup helper,
tags and taggings, events and attendances, and OSDI errors for bad input."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from api.models import ApiToken
from coalition.models import AuditEntry, County
from events.models import RSVP
from members.models import PersonExternalId, Tag
from tests.api.factories import DjangoSession, OsdiClient, token
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory, add_phone

ROOT = "http://testserver/api/v2/"


def central_person(**fields: Any) -> Any:
    return PersonFactory(county=County.objects.get(fips="17167"), **fields)  # Sangamon, Central


def call(client: Client, method: str, path: str, secret: str | None, body: Any = None, raw: str | None = None) -> Any:
    headers = {"HTTP_OSDI_API_TOKEN": secret} if secret else {}
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    kwargs: dict[str, Any] = {"content_type": "application/json"} if data is not None else {}
    return getattr(client, method)(path, data, **kwargs, **headers) if data is not None else \
        getattr(client, method)(path, **headers)


@pytest.fixture
def coalition_secret(coalition_admin: Any) -> str:
    return token(coalition_admin)[1]


@pytest.fixture
def chicago_secret(coalition_admin: Any, region_chicago: Any) -> str:
    return token(coalition_admin, ApiToken.Scope.REGION, region=region_chicago)[1]


def test_the_secret_is_kept_only_as_its_hash(coalition_admin: Any) -> None:
    made, secret = token(coalition_admin)
    assert len(secret) >= 40
    assert secret not in made.secret_hash and made.secret_hash != secret
    assert made.user.role == "staff" and not made.user.has_usable_password()


def test_no_token_or_a_wrong_or_revoked_one_answers_401(client: Client, coalition_admin: Any) -> None:
    from api import services

    made, secret = token(coalition_admin)
    assert call(client, "get", "/api/v2/people/", None).status_code == 401
    wrong = call(client, "get", "/api/v2/people/", "not-a-token")
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
    assert call(client, "get", "/api/v2/people/", secret).status_code == 200
    services.token_revoke(actor=coalition_admin, token=made)
    assert call(client, "get", "/api/v2/people/", secret).status_code == 401


def test_a_signed_in_session_is_not_a_token(client: Client, staff: Any) -> None:
    client.force_login(staff)
    assert client.get("/api/v2/people/").status_code == 401


def test_an_action_network_client_pages_signs_up_tags_and_reads_the_tag_back(
        client: Client, coalition_secret: str, region_chicago: Any) -> None:
    people = [PersonFactory(first_name=f"P{i}") for i in range(5)]
    add_phone(people[0], "+13125550100", is_primary=True)
    Tag.objects.create(name="Clean Slate")
    osdi = OsdiClient(DjangoSession(client), coalition_secret, ROOT)

    seen = osdi.all_people()
    assert sorted(p["given_name"] for p in seen) == sorted(p.first_name for p in people)
    first = next(p for p in seen if p["given_name"] == "P0")
    assert first["phone_numbers"][0]["number"] == "+13125550100"
    assert f"coalition:{people[0].pk}" in first["identifiers"]

    signup = {"person": {"given_name": "Ana", "family_name": "Ruiz", "identifiers": ["van:4411"],
                         "email_addresses": [{"address": "Ana@Example.org"}],
                         "phone_numbers": [{"number": "(312) 555-0199"}],
                         "postal_addresses": [{"address_lines": ["1 Main St"], "locality": "Chicago",
                                               "postal_code": "60601"}]},
              "add_tags": ["Volunteer"]}
    made = osdi.post(f"{ROOT}people/", signup)
    assert made.status_code == 201
    ana = made.json()
    assert "van:4411" in ana["identifiers"] and ana["email_addresses"][0]["address"] == "ana@example.org"
    assert ana["phone_numbers"][0]["number"] == "+13125550199" and ana["tags"] == ["Volunteer"]
    again = osdi.post(f"{ROOT}people/", {"person": {"given_name": "Ana", "identifiers": ["van:4411"]}})
    assert again.status_code == 200 and again.json()["_links"]["self"] == ana["_links"]["self"]
    assert PersonExternalId.objects.filter(source="van", external_id="4411").count() == 1

    tags = osdi.get(f"{ROOT}tags/").json()["_embedded"]["osdi:tags"]
    clean_slate = next(t for t in tags if t["name"] == "Clean Slate")
    tagged = osdi.post(clean_slate["_links"]["osdi:taggings"]["href"],
                       {"_links": {"osdi:person": {"href": ana["_links"]["self"]["href"]}}})
    assert tagged.status_code == 201
    assert osdi.post(clean_slate["_links"]["osdi:taggings"]["href"],
                     {"_links": {"osdi:person": {"href": ana["_links"]["self"]["href"]}}}).status_code == 200
    taggings = osdi.get(clean_slate["_links"]["osdi:taggings"]["href"]).json()["_embedded"]["osdi:taggings"]
    assert [t["_links"]["osdi:person"]["href"] for t in taggings] == [ana["_links"]["self"]["href"]]
    assert "Clean Slate" in osdi.get(ana["_links"]["self"]["href"]).json()["tags"]


def test_a_region_token_sees_only_its_region(client: Client, chicago_secret: str, regions: Any) -> None:
    inside = PersonFactory(first_name="Chicago")
    outside = central_person(first_name="Springfield")
    osdi = OsdiClient(DjangoSession(client), chicago_secret, ROOT)
    assert [p["given_name"] for p in osdi.all_people()] == ["Chicago"]
    assert osdi.get(f"{ROOT}people/{inside.pk}/").status_code == 200
    hidden = osdi.get(f"{ROOT}people/{outside.pk}/")
    assert hidden.status_code == 404 and hidden.json()["error"] == "not_found"
    assert osdi.get(f"{ROOT}people/{10**12}/").json() == hidden.json()
    assert osdi.get(f"{ROOT}people/{2**64}/").status_code == 404


def test_a_partner_token_sees_no_people(client: Client, coalition_admin: Any, partner_organization: Any) -> None:
    person = PersonFactory()
    secret = token(coalition_admin, ApiToken.Scope.PARTNER, organization=partner_organization)[1]
    page = call(client, "get", "/api/v2/people/", secret).json()
    assert page["total_records"] == 0 and page["_embedded"]["osdi:people"] == []
    assert call(client, "get", f"/api/v2/people/{person.pk}/", secret).status_code == 404
    assert call(client, "post", "/api/v2/people/", secret, {"person": {"given_name": "X"}}).status_code == 404


def test_filter_by_modified_date(client: Client, coalition_secret: str, regions: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from members.models import Person

    old, new = PersonFactory(first_name="Old"), PersonFactory(first_name="New")
    Person.objects.filter(pk=old.pk).update(updated_at=datetime(2025, 6, 1, tzinfo=ZoneInfo("UTC")))
    Person.objects.filter(pk=new.pk).update(updated_at=datetime(2026, 3, 1, tzinfo=ZoneInfo("UTC")))
    found = call(client, "get", "/api/v2/people/?filter=modified_date gt '2026-01-01'", coalition_secret).json()
    assert [p["given_name"] for p in found["_embedded"]["osdi:people"]] == ["New"]
    both = "modified_date gt '2025-01-01' and modified_date lt '2026-01-01'"
    found = call(client, "get", f"/api/v2/people/?filter={both}", coalition_secret).json()
    assert [p["given_name"] for p in found["_embedded"]["osdi:people"]] == ["Old"]
    bad = call(client, "get", "/api/v2/people/?filter=given_name eq 'x'", coalition_secret)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid"
    assert call(client, "get", "/api/v2/people/?filter=modified_date gt '2026-02-30'",
                coalition_secret).status_code == 400


@pytest.mark.parametrize(("raw", "word"), [
    ("{not json", "JSON"),
    ('{"person": {"given_name": "Ana", "shoe_size": 9}}', "shoe_size"),
    ('{"person": {"given_name": 5}}', "text"),
    ('{"person": {"given_name": "Ana", "phone_numbers": [{"number": "12"}]}}', "phone"),
    ('["a list"]', "object"),
    ('{"person": {"given_name": "Ana", "identifiers": ["nocolon"]}}', "identifier"),
])
def test_bad_bodies_answer_400_in_words_and_write_nothing(client: Client, coalition_secret: str, regions: Any,
                                                          raw: str, word: str) -> None:
    from members.models import Person

    answer = call(client, "post", "/api/v2/people/", coalition_secret, raw=raw)
    assert answer.status_code == 400
    assert word.lower() in answer.json()["message"].lower()
    assert not Person.objects.exists()


def test_paging_numbers_out_of_range_answer_400(client: Client, coalition_secret: str, regions: Any) -> None:
    for query in ("page=0", "page=99999999999999999999", "per_page=1000", "page=x", "page=%C2%B2"):
        assert call(client, "get", f"/api/v2/people/?{query}", coalition_secret).status_code == 400, query


def test_update_a_person_and_refuse_unknown_fields(client: Client, coalition_secret: str, regions: Any) -> None:
    person = PersonFactory(first_name="Lola")
    answer = call(client, "put", f"/api/v2/people/{person.pk}/", coalition_secret,
                  {"given_name": "Dolores", "custom_fields": {"pronouns": "she/her"}})
    assert answer.status_code == 200 and answer.json()["given_name"] == "Dolores"
    person.refresh_from_db()
    assert (person.first_name, person.pronouns) == ("Dolores", "she/her")
    assert call(client, "put", f"/api/v2/people/{person.pk}/", coalition_secret,
                {"sensitive_facts": {"registry": True}}).status_code == 400


def test_put_changes_the_email_and_adds_phones_all_or_nothing(client: Client, coalition_secret: str,
                                                               regions: Any) -> None:
    person = PersonFactory(first_name="Lola", email="lola@old.example")
    add_phone(person, "+13125550101")
    path = f"/api/v2/people/{person.pk}/"
    read = call(client, "get", path, coalition_secret).json()
    # A client sends back what it read, with a new email and a second number: the body is not refused.
    read["email_addresses"] = [{"address": "Lola@New.example", "primary": True}]
    read["phone_numbers"].append({"number": "(773) 555-0199", "primary": False})
    answer = call(client, "put", path, coalition_secret, read)
    assert answer.status_code == 200, answer.content
    assert answer.json()["email_addresses"][0]["address"] == "lola@new.example"
    assert sorted(p["number"] for p in answer.json()["phone_numbers"]) == ["+13125550101", "+17735550199"]
    # Sent again, nothing more is added; a bad number refuses the whole body and changes nothing.
    assert call(client, "put", path, coalition_secret, read).status_code == 200
    assert person.phones.count() == 2
    bad = call(client, "put", path, coalition_secret, {"given_name": "Changed", "phone_numbers": [
        {"number": "+13125550177"}, {"number": "not a phone"}]})
    assert bad.status_code == 400 and "not a phone number" in bad.json()["message"]
    person.refresh_from_db()
    assert person.first_name == "Lola" and person.phones.count() == 2
    assert call(client, "put", path, coalition_secret,
                {"email_addresses": [{"address": "nope"}]}).status_code == 400
    person.refresh_from_db()
    assert person.email == "lola@new.example"


def test_the_county_is_read_by_name(client: Client, coalition_secret: str, regions: Any) -> None:
    made = call(client, "post", "/api/v2/people/", coalition_secret, {"person": {
        "given_name": "Rosa", "email_addresses": [{"address": "rosa@example.org"}],
        "custom_fields": {"county": "peoria county"}}})
    assert made.status_code in (200, 201), made.content
    assert made.json()["custom_fields"]["county"] == "Peoria"
    path = made.json()["_links"]["self"]["href"].replace("http://testserver", "")
    assert call(client, "put", path, coalition_secret, {"custom_fields": {"county": "Cook"}}).json()[
        "custom_fields"]["county"] == "Cook"
    refused = call(client, "put", path, coalition_secret, {"custom_fields": {"county": "Gotham"}})
    assert refused.status_code == 400 and "not an Illinois county" in refused.json()["message"]


def test_sensitive_facts_are_never_served(client: Client, coalition_secret: str, regions: Any) -> None:
    person = PersonFactory()
    body = json.dumps(call(client, "get", f"/api/v2/people/{person.pk}/", coalition_secret).json())
    for word in ("sensitive", "registry", "supervision", "housing", "lived", "reach_through", "note"):
        assert word not in body


def test_events_and_attendances(client: Client, chicago_secret: str, regions: Any) -> None:
    event = EventFactory()
    inside, outside = PersonFactory(first_name="Inside"), central_person(first_name="Outside")
    RSVP.objects.create(event=event, person=outside, source=RSVP.Source.PROXY)
    events = call(client, "get", "/api/v2/events/", chicago_secret).json()["_embedded"]["osdi:events"]
    href = events[0]["_links"]["osdi:attendances"]["href"]
    path = href.replace("http://testserver", "")
    assert call(client, "get", path, chicago_secret).json()["total_records"] == 0
    made = call(client, "post", path, chicago_secret,
                {"status": "accepted", "_links": {"osdi:person": {"href": f"{ROOT}people/{inside.pk}/"}}})
    assert made.status_code == 201 and made.json()["status"] == "accepted"
    assert RSVP.objects.get(event=event, person=inside).status == RSVP.Status.GOING
    twice = call(client, "post", path, chicago_secret,
                 {"status": "accepted", "_links": {"osdi:person": {"href": f"{ROOT}people/{inside.pk}/"}}})
    assert twice.status_code == 200 and RSVP.objects.filter(event=event, person=inside).count() == 1
    assert call(client, "post", path, chicago_secret,
                {"_links": {"osdi:person": {"href": f"{ROOT}people/{outside.pk}/"}}}).status_code == 404
    listed = call(client, "get", path, chicago_secret).json()["_embedded"]["osdi:attendances"]
    assert [a["_links"]["osdi:person"]["href"] for a in listed] == [f"{ROOT}people/{inside.pk}/"]


def test_every_use_is_audited_once_a_minute(client: Client, coalition_admin: Any, regions: Any) -> None:
    made, secret = token(coalition_admin)
    for _ in range(3):
        call(client, "get", "/api/v2/people/", secret)
    entries = AuditEntry.objects.filter(actor=made.user)
    assert entries.count() == 1 and "GET /api/v2/people/" in entries.get().summary
    made.refresh_from_db()
    assert made.last_used_at is not None


def test_rate_limit_answers_429(client: Client, coalition_secret: str, settings: Any, regions: Any) -> None:
    from rest_framework.settings import api_settings

    from api.auth import TokenRateThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": "2/min"}}
    api_settings.reload()
    TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        answers = [call(client, "get", "/api/v2/tags/", coalition_secret).status_code for _ in range(3)]
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": "600/min"}}
        api_settings.reload()
        TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert answers == [200, 200, 429]


def _page_of_people(count: int) -> None:
    tag = Tag.objects.create(name=f"T{count}")
    for i in range(count):
        person = PersonFactory(email=f"p{count}-{i}@example.org")
        add_phone(person, f"+1312555{count:02d}{i:02d}", is_primary=True)
        add_phone(person, f"+1773555{count:02d}{i:02d}")
        PersonExternalId.objects.create(person=person, source="van", external_id=f"{count}-{i}")
        person.tags.add(tag)


def test_the_people_page_costs_the_same_queries_for_1_and_20(
        client: Client, coalition_secret: str, regions: Any, django_assert_num_queries: Any) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from members.models import Person

    # A token's use is written down once a minute (api.services.token_used): noted ahead for the next minutes
    # too, so a minute turning during the test adds no queries to one of the pages it compares.
    used = ApiToken.objects.get()
    now = timezone.now().replace(second=0, microsecond=0)
    for ahead in range(1, 4):
        cache.add(f"api-token-used:{used.pk}:{(now + datetime.timedelta(minutes=ahead)).isoformat()}", 1, 300)
    call(client, "get", "/api/v2/people/", coalition_secret)  # this minute's audit entry is written
    counts = []
    for count in (1, 20):
        Person.objects.all().delete()
        _page_of_people(count)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            page = call(client, "get", "/api/v2/people/", coalition_secret).json()
        assert len(page["_embedded"]["osdi:people"]) == count
        assert all(len(p["phone_numbers"]) == 2 and p["tags"] for p in page["_embedded"]["osdi:people"])
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        call(client, "get", "/api/v2/people/", coalition_secret)
