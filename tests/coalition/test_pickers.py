"""The as-you-type pickers (coalition.pickers): the search endpoints, the fields' validation, and the no-JavaScript
search step, through the pages that use them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import CampaignAction, LobbyVisit, Participation
from coalition.models import SeatRepresentative, TableSeat
from members.models import Person
from tests.campaigns.factories import BillFactory, CampaignFactory, LegislatorFactory, SeatFactory, TableFactory
from tests.coalition.factories import OrganizationFactory
from tests.members.factories import PersonFactory, add_phone

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def pick(client: Client, name: str, text: str, field: str = "person", box: str = "id_person") -> str:
    response = client.get(reverse(name), {"field": field, "id": box, f"{field}_search": text})
    assert response.status_code == 200
    return response.content.decode()


def options(html: str) -> list[str]:
    return re.findall(r'role="option"[^>]*data-value="(\d+)"', html)


@pytest.fixture
def people(region_chicago, region_central):  # type: ignore[no-untyped-def]
    lola = PersonFactory(first_name="Dolores", preferred_name="Lola", last_name="Reyes")
    add_phone(lola, "+13125550142", is_primary=True)
    namesake = PersonFactory(first_name="Lola", last_name="Reyes-Ortiz")
    central = PersonFactory(first_name="Lolita", last_name="Reyes", county=region_central.counties.first(),
                            region=region_central)
    return {"lola": lola, "namesake": namesake, "central": central}


# The endpoints ---------------------------------------------------------------------------------------------

def test_the_person_search_ranks_like_the_people_page_and_tells_namesakes_apart(staff, people) -> None:  # type: ignore[no-untyped-def]
    contains = PersonFactory(first_name="Carlola", last_name="Abbott")
    html = pick(client_for(staff), "members:person_pick", "lola")
    found = options(html)
    # Exact names first (in name order), a name that only contains it last, as on the people page.
    assert found == [str(people["lola"].pk), str(people["namesake"].pk), str(contains.pk)]
    assert f'id="id_person_option_{people["lola"].pk}"' in html
    assert "phone ending 0142" in html and "Dolores" in html
    assert "3 matches" in html  # the live region's sentence


def test_the_person_search_finds_by_phone_digits(staff, people) -> None:  # type: ignore[no-untyped-def]
    assert options(pick(client_for(staff), "members:person_pick", "555-0142")) == [str(people["lola"].pk)]


def test_an_organizer_finds_only_people_on_their_turf(organizer_chicago, people) -> None:  # type: ignore[no-untyped-def]
    found = options(pick(client_for(organizer_chicago), "members:person_pick", "lol"))
    assert str(people["central"].pk) not in found
    assert set(found) == {str(people["lola"].pk), str(people["namesake"].pk)}


def test_the_search_says_nothing_about_sensitive_facts(staff, people) -> None:  # type: ignore[no-untyped-def]
    from members.models import SensitiveFacts

    SensitiveFacts.objects.create(person=people["lola"], registry_status="registered", housing_unstable=True)
    html = pick(client_for(staff), "members:person_pick", "lola")
    assert "regist" not in html.lower() and "housing" not in html.lower()


def test_partners_and_members_get_no_search(partner_rep, member, people) -> None:  # type: ignore[no-untyped-def]
    for user in (partner_rep, member):
        client = client_for(user)
        assert client.get(reverse("members:person_pick"), {"q": "lola"}).status_code == 404
        assert client.get(reverse("coalition:organization_pick"), {"q": "saf"}).status_code == 404


def test_one_letter_finds_nobody_and_says_why(staff, people) -> None:  # type: ignore[no-untyped-def]
    html = pick(client_for(staff), "members:person_pick", "l")
    assert options(html) == [] and "Type at least 2" in html


def test_an_odd_box_id_is_not_echoed(staff, people) -> None:  # type: ignore[no-untyped-def]
    html = pick(client_for(staff), "members:person_pick", "lola", box='"><script>')
    assert "<script>" not in html and 'id="picker_option_' in html


def test_the_organization_search_ranks_names_that_start_with_it_first(staff, regions) -> None:  # type: ignore[no-untyped-def]
    starts = OrganizationFactory(name="Safer Foundation", short_name="Safer")
    contains = OrganizationFactory(name="Chicago Safer Streets")
    OrganizationFactory(name="TASC")
    found = options(pick(client_for(staff), "coalition:organization_pick", "safer", field="organization",
                         box="id_organization"))
    assert found == [str(starts.pk), str(contains.pk)]


# The fields, through the pages --------------------------------------------------------------------------------

def test_a_form_page_has_a_picker_not_a_select_of_everyone(staff, people) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    url = reverse("coalition:campaigns:participation_create", args=[campaign.slug])
    html = client_for(staff).get(url).content.decode()
    assert 'role="combobox"' in html and 'name="person_search"' in html
    assert 'name="person"' in html  # the hidden id
    assert "Reyes" not in html  # nobody is listed before a search
    assert '<label for="id_person">' in html


def test_choosing_a_person_saves_them(staff, people) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    lola = people["lola"]
    response = client_for(staff).post(reverse("coalition:campaigns:participation_create", args=[campaign.slug]), {
        "person": lola.pk, "person_search": "Lola Reyes", "person_shown": "Lola Reyes", "role": "participant",
        "commitment": "interested"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Participation.objects.filter(campaign=campaign, person=lola).exists()


def test_someone_out_of_reach_is_not_in_the_system(organizer_chicago, people) -> None:  # type: ignore[no-untyped-def]
    """A Central person, a missing id and the mentee themself: one message, nothing saved, nothing revealed."""
    from leadership.models import Mentorship

    lola = people["lola"]
    url = reverse("leadership:mentorship_create", args=[people["namesake"].pk])
    client = client_for(organizer_chicago)
    pages = []
    for pk in (people["central"].pk, 999_999, people["namesake"].pk):
        response = client.post(url, {"mentor": pk, "cadence_days": 14, "started_on": "2026-01-05"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Choose a person who is in the system." in html
        pages.append(html.count("field-error"))
    assert pages == [1, 1, 1]
    assert not Mentorship.objects.exists()
    response = client.post(url, {"mentor": lola.pk, "cadence_days": 14, "started_on": "2026-01-05"})
    assert response.status_code == 302
    assert Mentorship.objects.get().mentor == lola


def test_out_of_scope_and_missing_ids_answer_the_same(organizer_chicago, people) -> None:  # type: ignore[no-untyped-def]
    from coalition.access import person_scope
    from coalition.pickers import PersonChoiceField

    field = PersonChoiceField(actor=organizer_chicago, scope=person_scope(organizer_chicago))
    messages = []
    for pk in (people["central"].pk, 999_999, "abc"):
        with pytest.raises(Exception) as error:  # noqa: B017, PT011 - ValidationError, message compared below
            field.clean(str(pk))
        messages.append(error.value.messages)  # type: ignore[attr-defined]
    assert messages == [["Choose a person who is in the system."]] * 3
    assert field.clean(str(people["lola"].pk)) == people["lola"]


def test_the_chosen_person_comes_back_with_their_name_on_an_error(staff, people) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    lola = people["lola"]
    response = client_for(staff).post(reverse("coalition:campaigns:action_create", args=[campaign.slug]), {
        "person": lola.pk, "person_search": "Lola Reyes", "person_shown": "Lola Reyes", "kind": "called",
        "taken_on": "not a date"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="person" value="{lola.pk}"' in html
    assert 'value="Lola Reyes"' in html
    assert not CampaignAction.objects.exists()


def test_the_search_button_shows_matches_keeps_the_rest_and_saves_nothing(staff, people) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    url = reverse("coalition:campaigns:action_create", args=[campaign.slug])
    response = client_for(staff).post(url, {
        "person": "", "person_search": "reyes", "person_shown": "", "_pick": "person", "kind": "testified",
        "taken_on": "", "bill": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert not CampaignAction.objects.exists()
    for person in (people["lola"], people["namesake"], people["central"]):
        assert f'type="radio" name="person" value="{person.pk}"' in html
    assert 'value="testified" selected' in html  # the other fields as typed
    assert "Choose one of the people found for “reyes”" in html
    # The other fields were not submitted yet: no error on the empty date.
    assert html.count('class="field-error"') == 1


def test_after_the_search_step_a_radio_choice_saves(staff, people) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    lola = people["lola"]
    response = client_for(staff).post(reverse("coalition:campaigns:action_create", args=[campaign.slug]), {
        "person": lola.pk, "person_search": "reyes", "person_shown": "reyes", "kind": "called",
        "taken_on": "2026-03-01"})
    assert response.status_code == 302
    assert CampaignAction.objects.get().person == lola


def test_a_name_typed_but_not_chosen_is_a_search_not_the_old_choice(staff, people) -> None:  # type: ignore[no-untyped-def]
    """Without JavaScript someone replaces the chosen name with another and presses Save: the old id must not win."""
    campaign = CampaignFactory()
    response = client_for(staff).post(reverse("coalition:campaigns:action_create", args=[campaign.slug]), {
        "person": people["lola"].pk, "person_search": "Lolita", "person_shown": "Lola Reyes", "kind": "called",
        "taken_on": "2026-03-01"})
    html = response.content.decode()
    assert response.status_code == 200 and not CampaignAction.objects.exists()
    assert f'value="{people["central"].pk}"' in html
    assert "Choose one of the people found for “Lolita”" in html


def test_nobody_found_says_so(staff, people) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory()
    response = client_for(staff).post(reverse("coalition:table_representative_add", args=[seat.pk]), {
        "person": "", "person_search": "Zebulon", "person_shown": "", "_pick": "person", "since": "2025-01-01"})
    assert "Nobody you can reach matches “Zebulon”" in response.content.decode()
    assert not SeatRepresentative.objects.exists()


def test_who_went_keeps_the_chosen_through_a_search(staff, people) -> None:  # type: ignore[no-untyped-def]
    legislator, bill = LegislatorFactory(), BillFactory()
    url = reverse("coalition:campaigns:lobby_visit_create")
    data = {"legislator": legislator.pk, "bills": [bill.pk], "visited_on": "2026-03-01", "asked": "Vote yes",
            "resulting_stance": "undecided", "people": [people["lola"].pk], "people_search": "lolita",
            "people_shown": "", "_pick": "people"}
    html = client_for(staff).post(url, data).content.decode()
    lola = people["lola"].pk
    assert f'type="checkbox" name="people" value="{lola}" id="id_people_chosen_{lola}" checked' in html
    assert f'type="checkbox" name="people" value="{people["central"].pk}"' in html
    assert not LobbyVisit.objects.exists()
    data.update({"people": [people["lola"].pk, people["central"].pk], "people_shown": "lolita"})
    del data["_pick"]
    response = client_for(staff).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(LobbyVisit.objects.get().people.all()) == {people["lola"], people["central"]}


def test_an_organization_picker_on_the_seat_form(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    tasc = OrganizationFactory(name="TASC")
    url = reverse("coalition:table_seat_add", args=[table.slug])
    html = client_for(staff).get(url).content.decode()
    assert 'name="organization_search"' in html and "TASC" not in html
    response = client_for(staff).post(url, {"organization": tasc.pk, "organization_search": "TASC",
                                            "organization_shown": "TASC", "role": "member", "joined_on": "2025-01-01"})
    assert response.status_code == 302
    assert TableSeat.objects.get(table=table).organization == tasc


def test_the_chosen_organization_shows_by_name_and_clearing_the_box_means_none(staff, people) -> None:  # type: ignore[no-untyped-def]
    from django import forms

    from coalition.pickers import OrganizationChoiceField

    lola = people["lola"]
    org = OrganizationFactory(name="Kolbe House Jail Ministry")
    Person.objects.filter(pk=lola.pk).update(reach_through="organization", reach_through_organization=org)
    html = client_for(staff).get(reverse("members:person_update", args=[lola.pk])).content.decode()
    assert 'value="Kolbe House Jail Ministry"' in html
    assert f'name="reach_through_organization" value="{org.pk}"' in html

    class Through(forms.Form):
        organization = OrganizationChoiceField(required=False)

        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self.fields["organization"].for_actor(staff)

    kept = Through({"organization": org.pk, "organization_search": org.name, "organization_shown": org.name})
    assert kept.is_valid() and kept.cleaned_data["organization"] == org
    cleared = Through({"organization": org.pk, "organization_search": "", "organization_shown": org.name})
    assert cleared.is_valid() and cleared.cleaned_data["organization"] is None


@pytest.mark.parametrize("rows", [1, 10])
def test_person_search_queries_are_constant(staff, regions, rows, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(rows):
        add_phone(PersonFactory(first_name="Quincy", last_name=f"Marsh{n}"), f"+1312555{n:04d}")
    client = client_for(staff)
    url = reverse("members:person_pick")
    client.get(url, {"field": "person", "person_search": "quincy"})
    with django_assert_num_queries(5):  # session, user, the ranked ids, the people (region, stage), their phones
        response = client.get(url, {"field": "person", "person_search": "quincy"})
    assert len(options(response.content.decode())) == rows


@pytest.mark.parametrize("rows", [1, 10])
def test_organization_search_queries_are_constant(staff, regions, rows, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(rows):
        OrganizationFactory(name=f"Legal Aid {n}", region=regions["chicago"])
    client = client_for(staff)
    url = reverse("coalition:organization_pick")
    client.get(url, {"field": "organization", "organization_search": "legal"})
    with django_assert_num_queries(3):  # session, user, the organizations with their regions
        response = client.get(url, {"field": "organization", "organization_search": "legal"})
    assert len(options(response.content.decode())) == rows
