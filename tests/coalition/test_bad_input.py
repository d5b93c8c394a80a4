"""Input no person could type answers 400 or a form error, never a server error: NUL and control bytes, page
numbers and ids past every integer range, choices that name no row, redirects to something that is not a path."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin import helpers
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from campaigns.forms import LobbyVisitForm
from coalition.models import Region
from coalition.pagination import UNCOUNTED_LAST_PAGE, uncounted_page_number
from members.models import Person
from tests.campaigns.factories import BillFactory, LegislatorFactory, MeetingFactory
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _client(user: Any = None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(("url_name", "query"), [
    ("members:person_list", "q=%00"),
    ("members:person_list", "region=%00"),
    ("members:person_export", "q=a%00b"),
    ("events:event_list", "status=%00"),
    ("messaging:outbox", "status=%00"),
    ("coalition:organization_list", "q=%00&region=%00"),
    ("coalition:audit_list", "who=%00&kind=%00"),
    ("stories:story_list", "audience=%00"),
    ("coalition:campaigns:legislator_list", "chamber=%00"),
    ("members:person_list", "q=%01%1B%5B2J"),
    ("members:person_list", "page=%7F"),
])
def test_nul_and_control_bytes_in_a_query_answer_400(staff: Any, url_name: str, query: str) -> None:
    response = _client(staff).get(f"{reverse(url_name)}?{query}")
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_a_nul_on_an_events_roster_and_a_public_page_answers_400(staff: Any, regions: Any) -> None:
    event = EventFactory()
    assert _client(staff).get(reverse("events:event_detail", args=[event.pk]) + "?status=%00").status_code == 400
    assert _client().get(reverse("public:event", args=[event.slug]) + "?lang=%00").status_code == 400


def test_a_nul_in_a_path_argument_answers_400(staff: Any, regions: Any) -> None:
    bill = BillFactory()
    assert _client(staff).get(f"/campaigns/bills/%00/{bill.number}/").status_code == 400
    assert _client().get("/e/x/thanks/%00/").status_code == 400


def test_a_nul_in_form_data_answers_400_and_saves_nothing(staff: Any, regions: Any) -> None:
    response = _client(staff).post(reverse("members:person_create"), {
        "first_name": "Ana\x00", "preferred_language": "en", "story_sharing": "internal"})
    assert response.status_code == 400 and not Person.objects.filter(first_name__startswith="Ana").exists()
    event = EventFactory()
    public = _client().post(reverse("public:event", args=[event.slug]), {"name": "Ana", "phone": "\x00"})
    assert public.status_code == 400


def test_other_control_characters_in_form_text_are_kept(staff: Any, regions: Any) -> None:
    client = _client(staff)
    url = reverse("members:person_create")
    key = client.get(url).context["form"]["idempotency_key"].value()
    response = client.post(url, {
        "first_name": "Ana\x0bMaría", "preferred_language": "en", "story_sharing": "internal",
        "county": regions["chicago"].counties.first().pk, "idempotency_key": str(key)})
    assert response.status_code == 302
    assert Person.objects.get(first_name="Ana\x0bMaría")


@pytest.mark.parametrize("page", [HUGE, str(2**63), "-" + HUGE, "9" * 5000, "abc", "²", "1e309", ""])
def test_page_numbers_past_the_integer_range_or_not_numbers_give_a_real_page(staff: Any, regions: Any,
                                                                             page: str) -> None:
    client = _client(staff)
    for url_name in ("members:person_list", "members:duplicate_list", "events:event_list",
                     "coalition:organization_list", "members:import_list", "messaging:outbox"):
        response = client.get(reverse(url_name), {"page": page})
        assert response.status_code == 200, url_name


def test_an_uncounted_page_number_is_kept_inside_the_database_range() -> None:
    assert [uncounted_page_number(v) for v in (HUGE, "-3", "x", None, "7", "٣")] == [
        UNCOUNTED_LAST_PAGE, 1, 1, 1, 7, 3]


@pytest.mark.parametrize("pk", [HUGE, str(2**63), str(2**31)])
def test_ids_past_the_integer_range_in_a_url_answer_404(staff: Any, regions: Any, pk: str) -> None:
    client = _client(staff)
    for path in (f"/people/{pk}/", f"/events/{pk}/", f"/organizations/{pk}/", f"/tables/meetings/{pk}/",
                 f"/people/merge/{pk}/{pk}/", f"/campaigns/bills/HB/{pk}/", f"/events/buses/{pk}/manifest.csv"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/events/rsvps/{pk}/cancel/").status_code == 404


def test_ids_past_the_integer_range_match_no_row_in_an_in_lookup(regions: Any) -> None:
    person = PersonFactory()
    assert list(Person.objects.filter(pk__in=[int(HUGE), person.pk])) == [person]
    assert not Person.objects.filter(pk__in=[int(HUGE), -int(HUGE)]).exists()


def test_a_choice_of_rows_by_an_id_past_the_range_is_a_form_error(staff: Any, regions: Any) -> None:
    form = LobbyVisitForm({"legislator": LegislatorFactory().pk, "bills": [HUGE], "people": [HUGE],
                           "visited_on": "2026-03-01", "asked": "Vote yes", "resulting_stance": "yes"}, actor=staff)
    assert not form.is_valid() and {"bills", "people"} <= set(form.errors)


@pytest.mark.parametrize("region", [HUGE, "9" * 5000, "²", "١"])
def test_a_region_that_is_not_an_id_shows_every_region(staff: Any, regions: Any, region: str) -> None:
    bill = BillFactory()
    client = _client(staff)
    assert client.get(reverse("coalition:campaigns:legislator_list"), {"region": region}).status_code == 200
    assert client.get(reverse("coalition:campaigns:bill_detail", args=[bill.kind, bill.number]),
                      {"region": region}).status_code == 200


@pytest.mark.parametrize("target", ["-1", "None", HUGE, "=HYPERLINK(\"x\")", "//evil.example/", "https://evil.example/"])
def test_marking_an_action_item_done_never_redirects_to_a_view_name_or_elsewhere(staff: Any, regions: Any,
                                                                                  target: str) -> None:
    item = MeetingFactory().action_items.create(description="Call the sponsor", owner=staff, due_on="2026-03-01")
    response = _client(staff).post(reverse("coalition:table_action_item_done", args=[item.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("coalition:home")


def test_marking_an_action_item_done_goes_back_to_a_path_on_this_site(staff: Any, regions: Any) -> None:
    item = MeetingFactory().action_items.create(description="Call the sponsor", owner=staff, due_on="2026-03-01")
    response = _client(staff).post(reverse("coalition:table_action_item_done", args=[item.pk]), {"next": "/tables/"})
    assert response.status_code == 302 and response["Location"] == "/tables/"


def test_an_empty_post_past_the_public_rate_limit_is_a_429_not_a_crash(regions: Any, settings: Any) -> None:
    settings.PUBLIC_RSVP_RATE_LIMIT = 0
    cache.clear()
    event = EventFactory()
    response = _client().post(reverse("public:event", args=[event.slug]), data="{}", content_type="application/json")
    assert response.status_code == 429 and "Too many RSVPs" in response.content.decode()


@pytest.mark.parametrize("selected", ["abc", HUGE, "", "1e309"])
def test_a_back_office_action_on_rows_that_cannot_exist_is_a_message(coalition_admin: Any, selected: str) -> None:
    response = _client(coalition_admin).post(reverse("admin:coalition_region_changelist"), {
        "action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [selected]}, follow=True)
    assert response.status_code == 200
    assert "Some of the selected rows do not exist" in response.content.decode()
    assert Region.objects.exists()


@pytest.mark.parametrize("organization", ["abc", HUGE, "[]"])
def test_a_back_office_autocomplete_value_that_cannot_exist_is_a_form_error(coalition_admin: Any,
                                                                            organization: str) -> None:
    response = _client(coalition_admin).post(reverse("admin:coalition_user_add"), {
        "email": "new@example.org", "organization": organization, "role": "partner",
        "password1": "organize-illinois-2026", "password2": "organize-illinois-2026"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
