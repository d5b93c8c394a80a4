"""People pages through the client: search (and its htmx partial), turf, sensitive facts, log a contact,
the my-people panel, export; constant queries for every list."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coalition.models import AuditEntry, County
from leadership.models import Stage
from members import services
from members.models import FollowUp, ImportJob, Interaction, SensitiveFacts, Tag
from tests.exports import csv_dicts
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db


def _person(n: int, **fields):  # type: ignore[no-untyped-def]
    person = PersonFactory(first_name=f"Person{n}", last_name="Rowe", stage=Stage.objects.first(), **fields)
    add_phone(person, f"+1312555{n:04d}")
    person.tags.add(Tag.objects.get_or_create(name="Clean Slate")[0], Tag.objects.get_or_create(name="Driver")[0])
    return person


def test_search_finds_a_phone_fragment_in_any_format_and_ranks_prefix_first(client, organizer_chicago):
    lola = PersonFactory(first_name="Dolores", preferred_name="Lola", last_name="Reyes")
    add_phone(lola, "+13125550142")
    PersonFactory(first_name="Carlota", last_name="Molola")
    PersonFactory(first_name="Lola", last_name="Central", county=County.objects.get(fips="17167"))
    client.force_login(organizer_chicago)
    for query in ("0142", "555-0142", "(312) 555 0142", "3125550142"):
        response = client.get(reverse("members:person_list"), {"q": query})
        assert list(response.context["page"].object_list) == [lola], query
    names = [str(p) for p in client.get(reverse("members:person_list"), {"q": "lol"}).context["page"].object_list]
    assert names == ["Lola Reyes", "Carlota Molola"]  # prefix before contains; Central's Lola is not on this turf


def test_search_partial_for_htmx(client, organizer_chicago):
    PersonFactory(first_name="Ana", last_name="Ruiz", email="ana@example.org")
    client.force_login(organizer_chicago)
    response = client.get(reverse("members:person_list"), {"q": "ana@"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "Ana Ruiz" in response.content.decode()
    assert [t.name for t in response.templates][0] == "members/partials/_person_rows.html"


def test_filters(client, staff):
    quiet = PersonFactory(first_name="Quiet", last_contact_at=timezone.now() - timedelta(days=90))
    PersonFactory(first_name="Recent", last_contact_at=timezone.now())
    tagged = PersonFactory(first_name="Tagged", last_contact_at=timezone.now())
    tagged.tags.add(Tag.objects.create(name="Speaker"))
    client.force_login(staff)
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    found = client.get(reverse("members:person_list"), {"quiet_since": since}).context["page"].object_list
    assert list(found) == [quiet]
    found = client.get(reverse("members:person_list"), {"tag": Tag.objects.get(name="Speaker").pk})
    assert list(found.context["page"].object_list) == [tagged]


@pytest.mark.parametrize("rows", [1, 20])
def test_people_list_queries_are_constant(client, organizer_chicago, django_assert_num_queries, rows):
    for n in range(rows):
        _person(n, assigned_organizer=organizer_chicago)
    client.force_login(organizer_chicago)
    client.get(reverse("members:person_list"))  # warm the session and content types
    # session, user, count, page ids, people, tags, phones (the filter's choice lists come from the cache), and on
    # PostgreSQL the planner's estimate that decides between counting and "about N"
    with django_assert_num_queries(7 + (connection.vendor == "postgresql")):
        client.get(reverse("members:person_list"))
    with django_assert_num_queries(6):
        response = client.get(reverse("members:person_list"), {"q": "rowe"}, headers={"HX-Request": "true"})
    assert len(response.context["page"].object_list) == rows


def test_my_people_panel_queries_are_constant(client, organizer_chicago, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    def follow_ups(first: int, last: int) -> None:
        for n in range(first, last):
            person = _person(n, assigned_organizer=organizer_chicago)
            FollowUp.objects.create(person=person, owner=organizer_chicago, due_on=timezone.localdate())

    client.force_login(organizer_chicago)
    follow_ups(0, 1)
    client.get(reverse("coalition:home"))  # warm the session and content types
    # Other apps' panels add their own fixed queries: the count with one row is the measure.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("coalition:home"))
    one_row = len(captured)  # now: the next request clears the connection's query log
    follow_ups(1, 20)
    with django_assert_num_queries(one_row):
        response = client.get(reverse("coalition:home"))
    assert "My people" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_import_list_queries_are_constant(client, staff, django_assert_num_queries, rows):
    for n in range(rows):
        ImportJob.objects.create(created_by=staff, file_name=f"{n}.csv", encoding="utf-8", content="First name\n")
    client.force_login(staff)
    client.get(reverse("members:import_list"))
    with django_assert_num_queries(4):
        client.get(reverse("members:import_list"))


@pytest.mark.parametrize("rows", [1, 20])
def test_duplicate_list_queries_are_constant(client, staff, django_assert_num_queries, rows):
    for n in range(rows):
        a = PersonFactory(first_name=f"Twin{n}", last_name=f"Pair{n}")
        b = PersonFactory(first_name=f"Twin{n}", last_name=f"Pair{n}")
        add_phone(a, f"+1773555{n:04d}")
        add_phone(b, f"+1773555{n:04d}")
    client.force_login(staff)
    client.get(reverse("members:duplicate_list"))
    # session, user, phone pairs, email pairs, name pairs, the page's people, their phones
    with django_assert_num_queries(7):
        response = client.get(reverse("members:duplicate_list"))
    assert len(response.context["page"].object_list) == rows


def test_person_detail_turf_and_audited_sensitive_facts(client, organizer_chicago, organizer_central, partner_rep):
    person = PersonFactory(first_name="Andre")
    SensitiveFacts.objects.create(person=person, supervision_status="parole")
    url = reverse("members:person_detail", args=[person.pk])
    for outsider in (organizer_central, partner_rep):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(organizer_chicago)
    response = client.get(url)
    assert "Parole or MSR" in response.content.decode()
    assert AuditEntry.objects.filter(action="view", object_id=str(person.pk), actor=organizer_chicago).count() == 1


def test_assigned_organizer_of_another_region_sees_the_person_but_not_sensitive_facts(client, organizer_central):
    person = PersonFactory(assigned_organizer=organizer_central)
    SensitiveFacts.objects.create(person=person, supervision_status="parole")
    client.force_login(organizer_central)
    response = client.get(reverse("members:person_detail", args=[person.pk]))
    assert response.status_code == 200 and "Parole" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()
    assert client.get(reverse("members:sensitive_update", args=[person.pk])).status_code == 404


def test_log_contact_double_submit_logs_once_and_shows_on_home(client, organizer_chicago):
    person = PersonFactory(first_name="Marcus", last_name="Bell")
    client.force_login(organizer_chicago)
    url = reverse("members:interaction_create", args=[person.pk])
    form = client.get(url).context["form"]
    data = {"idempotency_key": str(form.initial["idempotency_key"]), "channel": "in_person", "kind": "one_on_one",
            "outcome": "committed", "self_interest": "His son's record", "ask": "Springfield day",
            "answer": "Yes", "follow_up_on": timezone.localdate().isoformat(), "follow_up_note": "Bus seat"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Interaction.objects.filter(person=person).count() == 1
    assert "Bus seat" in client.get(reverse("coalition:home")).content.decode()


def test_log_contact_needs_channel_and_kind(client, organizer_chicago):
    person = PersonFactory()
    client.force_login(organizer_chicago)
    response = client.post(reverse("members:interaction_create", args=[person.pk]),
                           {"idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"channel", "kind", "outcome"}


def test_create_person_with_a_bad_phone_names_the_field(client, organizer_chicago):
    client.force_login(organizer_chicago)
    response = client.post(reverse("members:person_create"), {"first_name": "Ana", "phone": "12", "story_sharing":
                                                              "internal", "preferred_language": "en"})
    assert response.status_code == 200 and "phone" in response.context["form"].errors
    response = client.post(reverse("members:person_create"), {"first_name": "Ana", "phone": "(312) 555-0100",
                                                              "county": County.objects.get(fips="17031").pk,
                                                              "story_sharing": "internal",
                                                              "preferred_language": "en",
                                                              "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302


def test_export_is_scoped_and_sensitive_only_for_admins_audited(client, organizer_chicago, coalition_admin, staff):
    person = PersonFactory(first_name="Dolores")
    SensitiveFacts.objects.create(person=person, registry_status="current")
    PersonFactory(first_name="Wendell", county=County.objects.get(fips="17167"))
    client.force_login(organizer_chicago)
    rows = csv_dicts(client.get(reverse("members:person_export")))
    assert [r["first_name"] for r in rows] == ["Dolores"] and "registry_status" not in rows[0]
    client.force_login(staff)
    assert client.get(reverse("members:person_export"), {"include_sensitive": "on"}).status_code == 404
    client.force_login(coalition_admin)
    rows = csv_dicts(client.get(reverse("members:person_export"), {"include_sensitive": "on", "q": "dolores"}))
    assert rows[0]["registry_status"] == "current"
    assert AuditEntry.objects.filter(action="export", actor=coalition_admin).count() == 1


def test_consent_withdraw_one_tap(client, organizer_chicago):
    person = PersonFactory()
    services.consent_set(actor=organizer_chicago, person=person, channel="sms", given=True, how="Sheet")
    client.force_login(organizer_chicago)
    response = client.post(reverse("members:consent_withdraw", args=[person.pk, "sms"]))
    person.refresh_from_db()
    assert response.status_code == 302 and not person.sms_consent


def test_merge_through_the_page(client, staff):
    a, b = PersonFactory(first_name="Marcus", last_name="Bell"), PersonFactory(first_name="Marc", last_name="Bell")
    client.force_login(staff)
    response = client.post(reverse("members:person_merge", args=[a.pk, b.pk]), {"keep": str(b.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("members:person_detail", args=[b.pk])
