"""Saved lists: smart lists read their filter again, fixed lists add and take off people once, the policy cuts
what a list holds for each reader, out-of-reach lists answer 404, a stale edit form saves nothing, bulk tagging and
the export of a list, and constant queries on the lists page and a list's page."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, County
from members import list_selectors, services
from members.filters import StaleFilter
from members.models import BulkTagJob, ListMembership, SavedList, Tag
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

# A list's page: session, user, the list, its count, its people, their tags and phones, the policy's answers. The
# lists page: session, user, count, the page of lists, the tag its smart lists name, their sizes (one query).
QUERIES_LIST_PAGE = 8
QUERIES_LISTS_PAGE = 6


def _central(**fields):  # type: ignore[no-untyped-def]
    return PersonFactory(county=County.objects.get(fips="17167"), **fields)  # Sangamon, Central


def _fixed(owner, **fields):  # type: ignore[no-untyped-def]
    return services.saved_list_create(actor=owner, name=fields.pop("name", "Riders"), kind=SavedList.Kind.FIXED,
                                      **fields)


def _ids(actor, saved_list):  # type: ignore[no-untyped-def]
    return set(list_selectors.saved_list_people(actor=actor, saved_list=saved_list).values_list("pk", flat=True))


# Smart and fixed lists ------------------------------------------------------------------------------------------

def test_a_smart_list_reads_its_filter_again_each_time(staff, region_chicago):
    tag = Tag.objects.create(name="Springfield rider")
    first = PersonFactory(last_name="Early")
    first.tags.add(tag)
    saved = services.saved_list_create(actor=staff, name="Riders", kind=SavedList.Kind.SMART,
                                       filters={"tag": str(tag.pk), "page": "3", "bulk-who": "all"})
    assert saved.filters == {"tag": str(tag.pk)}  # only the people list's own filter fields are kept
    assert _ids(staff, saved) == {first.pk}
    later = PersonFactory(last_name="Later")
    later.tags.add(tag)
    first.tags.remove(tag)
    assert _ids(staff, saved) == {later.pk}
    assert list_selectors.saved_list_size(actor=staff, saved_list=saved) == 1


def test_a_smart_list_uses_the_people_list_search(staff):
    PersonFactory(first_name="Quentin", last_name="Marsh")
    PersonFactory(first_name="Ana", last_name="Lopez")
    saved = services.saved_list_create(actor=staff, name="Marshes", kind=SavedList.Kind.SMART, filters={"q": "mars"})
    assert [p.last_name for p in list_selectors.saved_list_people(actor=staff, saved_list=saved)] == ["Marsh"]


def test_a_smart_list_whose_filter_went_stale_holds_nobody_rather_than_more(staff):
    tag = Tag.objects.create(name="Gone soon")
    PersonFactory()
    saved = services.saved_list_create(actor=staff, name="Tagged", kind=SavedList.Kind.SMART,
                                       filters={"tag": str(tag.pk)})
    services.tag_retire(actor=staff, tag=tag)
    with pytest.raises(StaleFilter):
        list_selectors.saved_list_people(actor=staff, saved_list=saved)
    assert list_selectors.saved_list_sizes(actor=staff, lists=[saved]) == {saved.pk: None}
    with pytest.raises(ValidationError):
        services.saved_list_create(actor=staff, name="Again", kind=SavedList.Kind.SMART, filters={"tag": str(tag.pk)})


def test_adding_and_taking_off_twice_changes_nothing_the_second_time(organizer_chicago):
    a, b = PersonFactory(), PersonFactory()
    saved = _fixed(organizer_chicago)
    assert services.saved_list_add_people(actor=organizer_chicago, saved_list=saved, person_ids=[a.pk, b.pk]) == 2
    assert services.saved_list_add_people(actor=organizer_chicago, saved_list=saved, person_ids=[a.pk, b.pk]) == 0
    assert ListMembership.objects.filter(saved_list=saved).count() == 2
    assert services.saved_list_remove_person(actor=organizer_chicago, saved_list=saved, person=a) == 1
    assert services.saved_list_remove_person(actor=organizer_chicago, saved_list=saved, person=a) == 0
    assert _ids(organizer_chicago, saved) == {b.pk}


def test_people_out_of_reach_are_never_added(organizer_chicago, organizer_central):
    mine, theirs = PersonFactory(), _central()
    saved = _fixed(organizer_chicago, person_ids=[mine.pk, theirs.pk])
    assert set(ListMembership.objects.filter(saved_list=saved).values_list("person_id", flat=True)) == {mine.pk}
    with pytest.raises(OutOfReach):
        services.saved_list_remove_person(actor=organizer_chicago, saved_list=saved, person=theirs)


def test_a_smart_or_archived_list_takes_no_one(staff):
    person = PersonFactory()
    smart = services.saved_list_create(actor=staff, name="All", kind=SavedList.Kind.SMART, filters={})
    with pytest.raises(ValidationError):
        services.saved_list_add_people(actor=staff, saved_list=smart, person_ids=[person.pk])
    fixed = _fixed(staff)
    services.saved_list_archive(actor=staff, saved_list=fixed)
    services.saved_list_archive(actor=staff, saved_list=fixed)  # idempotent
    fixed.refresh_from_db()
    assert fixed.archived
    with pytest.raises(ValidationError):
        services.saved_list_add_people(actor=staff, saved_list=fixed, person_ids=[person.pk])
    services.saved_list_archive(actor=staff, saved_list=fixed, archived=False)
    assert services.saved_list_add_people(actor=staff, saved_list=fixed, person_ids=[person.pk]) == 1


def test_a_double_submit_saves_one_list(staff):
    key = uuid.uuid4()
    one = _fixed(staff, idempotency_key=key)
    two = _fixed(staff, idempotency_key=key)
    assert one.pk == two.pk and SavedList.objects.count() == 1


def test_a_list_needs_a_name_and_a_region_when_shared_with_one(organizer_chicago, region_central):
    with pytest.raises(ValidationError) as error:
        _fixed(organizer_chicago, name="  ")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _fixed(organizer_chicago, sharing=SavedList.Sharing.REGION)
    assert "shared_region" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # an organizer shares with their own region only
        _fixed(organizer_chicago, sharing=SavedList.Sharing.REGION, shared_region=region_central)
    assert "shared_region" in error.value.message_dict


# The policy ---------------------------------------------------------------------------------------------------

def test_who_sees_which_list(staff, coalition_admin, organizer_chicago, organizer_central, partner_rep, member,
                             region_chicago):
    private = _fixed(organizer_chicago, name="Mine only")
    regional = _fixed(organizer_chicago, name="Chicago's", sharing=SavedList.Sharing.REGION,
                      shared_region=region_chicago)
    staff_only = _fixed(staff, name="Staff's", sharing=SavedList.Sharing.STAFF)
    staff_private = _fixed(staff, name="Staff private")

    def seen(actor):  # type: ignore[no-untyped-def]
        return set(access.saved_list_scope(actor).values_list("name", flat=True))

    assert seen(organizer_chicago) == {"Mine only", "Chicago's"}
    assert seen(organizer_central) == set()
    assert seen(staff) == {"Chicago's", "Staff's", "Staff private"}
    assert seen(coalition_admin) == {"Chicago's", "Staff's"}
    assert seen(partner_rep) == seen(member) == set()
    # Editing: the owner, and staff on the lists they see; filling: also the organizers it is shared with.
    assert access.may_change_saved_list(organizer_chicago, regional)
    assert access.may_change_saved_list(staff, regional)
    assert not access.may_change_saved_list(staff, private)
    assert not access.may_change_saved_list(organizer_chicago, staff_only)
    assert access.may_fill_saved_list(coalition_admin, staff_only)
    assert not access.may_fill_saved_list(organizer_central, regional)
    assert access.may_fill_saved_list(staff, staff_private)


def test_an_organizer_it_is_shared_with_fills_it_and_deletes_it_only_when_empty(staff, region_chicago):
    from tests.coalition.factories import UserFactory

    other = UserFactory(role="organizer", region=region_chicago, email="other.chicago@test.example")
    shared = _fixed(staff, name="Chicago canvass", sharing=SavedList.Sharing.REGION, shared_region=region_chicago)
    assert not access.may_change_saved_list(other, shared)
    assert access.may_fill_saved_list(other, shared)
    assert access.may_delete_saved_list(other, shared, empty=True)
    person = PersonFactory()
    services.saved_list_add_people(actor=other, saved_list=shared, person_ids=[person.pk])
    with pytest.raises(ValidationError):
        services.saved_list_delete(actor=other, saved_list=shared)
    with pytest.raises(OutOfReach):
        services.saved_list_update(actor=other, saved_list=shared, version=shared.version, name="Mine now")
    services.saved_list_remove_person(actor=other, saved_list=shared, person=person)
    services.saved_list_delete(actor=other, saved_list=shared)
    assert not SavedList.objects.exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, summary__contains="Chicago canvass").exists()


def test_a_statewide_list_shared_with_an_organizer_holds_only_their_people(staff, organizer_chicago, region_chicago):
    tag = Tag.objects.create(name="Statewide")
    chicago, central = PersonFactory(), _central()
    for person in (chicago, central):
        person.tags.add(tag)
    smart = services.saved_list_create(actor=staff, name="Everyone tagged", kind=SavedList.Kind.SMART,
                                       filters={"tag": str(tag.pk)}, sharing=SavedList.Sharing.REGION,
                                       shared_region=region_chicago)
    fixed = _fixed(staff, name="Both", sharing=SavedList.Sharing.REGION, shared_region=region_chicago,
                   person_ids=[chicago.pk, central.pk])
    assert _ids(staff, smart) == _ids(staff, fixed) == {chicago.pk, central.pk}
    assert _ids(organizer_chicago, smart) == _ids(organizer_chicago, fixed) == {chicago.pk}
    assert list_selectors.saved_list_sizes(actor=organizer_chicago, lists=[smart, fixed]) == {smart.pk: 1, fixed.pk: 1}


def test_a_list_outside_reach_answers_404(client, organizer_chicago, organizer_central):
    saved = _fixed(organizer_chicago, person_ids=[PersonFactory().pk])
    client.force_login(organizer_central)
    for name in ("saved_list_detail", "saved_list_update", "saved_list_delete", "saved_list_export"):
        assert client.get(reverse(f"members:{name}", args=[saved.pk])).status_code == 404
    assert client.get(reverse("members:saved_list_detail", args=[saved.pk + 1000])).status_code == 404
    assert client.post(reverse("members:saved_list_archive", args=[saved.pk])).status_code == 404
    saved.refresh_from_db()
    assert not saved.archived


# Editing ------------------------------------------------------------------------------------------------------

def test_a_stale_edit_form_saves_nothing_and_shows_what_is_saved(client, staff):
    saved = _fixed(staff, name="Riders")
    url = reverse("members:saved_list_update", args=[saved.pk])
    client.force_login(staff)
    drawn = saved.version
    services.saved_list_update(actor=staff, saved_list=saved, version=drawn, name="Bus riders")
    response = client.post(url, {"name": "Peoria riders", "description": "", "sharing": "private",
                                 "version": drawn})
    assert response.status_code == 200
    assert "Someone changed this list" in response.content.decode()
    assert "Bus riders" in response.content.decode()
    saved.refresh_from_db()
    assert saved.name == "Bus riders"
    # The form is drawn again at the version saved now: saving again after comparing goes through.
    assert response.context["form"]["version"].value() == str(saved.version)
    response = client.post(url, {"name": "Peoria riders", "sharing": "private", "version": saved.version})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Peoria riders"


def test_an_edit_without_a_change_saves_nothing(staff):
    saved = _fixed(staff, name="Riders", description="Bus")
    before = saved.version
    same = services.saved_list_update(actor=staff, saved_list=saved, version=before, name="Riders",
                                      description="Bus")
    assert same.version == before


# Pages ----------------------------------------------------------------------------------------------------------

def test_save_the_people_list_filters_as_a_smart_list(client, organizer_chicago):
    tag = Tag.objects.create(name="Clinic")
    person = PersonFactory(last_name="Tagged")
    person.tags.add(tag)
    PersonFactory(last_name="Other")
    client.force_login(organizer_chicago)
    page = client.get(reverse("members:person_list"), {"tag": tag.pk})
    assert "Save these filters as a list" in page.content.decode()
    form = page.context["save_list_form"]
    response = client.post(reverse("members:saved_list_create") + "?kind=smart", {
        "list-name": "Clinic people", "list-sharing": "private", "list-kind": "smart",
        "list-filter": form["filter"].value(), "list-idempotency_key": str(uuid.uuid4())})
    saved = SavedList.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("members:saved_list_detail",
                                                                          args=[saved.pk])
    assert saved.smart and saved.filters == {"tag": str(tag.pk)} and saved.owner == organizer_chicago
    page = client.get(response["Location"])
    assert "Tagged" in page.content.decode() and "Other" not in page.content.decode()


def test_add_ticked_people_to_a_new_and_an_existing_list(client, organizer_chicago):
    a, b, c = PersonFactory(last_name="Alpha"), PersonFactory(last_name="Beta"), _central(last_name="Gamma")
    client.force_login(organizer_chicago)
    chooser = client.get(reverse("members:saved_list_add"), {"bulk-person": [a.pk, b.pk, c.pk]})
    assert chooser.status_code == 200
    text = chooser.content.decode()
    assert "Alpha" in text and "Beta" in text and "Gamma" not in text  # nobody out of reach is named
    posted = {"bulk-person": [a.pk, b.pk, c.pk], "bulk-saved_list": "", "bulk-new_name": "Door knock",
              "bulk-idempotency_key": str(uuid.uuid4())}
    response = client.post(reverse("members:saved_list_add"), posted)
    client.post(reverse("members:saved_list_add"), posted)  # a double submit: still one list
    saved = SavedList.objects.get()
    assert response.status_code == 302
    assert not saved.smart and _ids(organizer_chicago, saved) == {a.pk, b.pk}
    d = PersonFactory(last_name="Delta")
    client.post(reverse("members:saved_list_add"), {"bulk-person": [d.pk, a.pk], "bulk-saved_list": saved.pk,
                                                   "bulk-idempotency_key": str(uuid.uuid4())})
    assert _ids(organizer_chicago, saved) == {a.pk, b.pk, d.pk}
    # From the person's page: the lists they are on, and the lists they could be added to.
    page = client.get(reverse("members:person_detail", args=[a.pk]))
    assert page.context["person_lists"] == [saved]
    assert list(page.context["add_to_list_form"].fields["saved_list"].queryset) == []


def test_the_lists_page_shows_mine_and_shared_with_me(client, staff, organizer_chicago, region_chicago):
    _fixed(organizer_chicago, name="My canvass")
    _fixed(staff, name="Shared canvass", sharing=SavedList.Sharing.REGION, shared_region=region_chicago)
    _fixed(staff, name="Staff only", sharing=SavedList.Sharing.STAFF)
    client.force_login(organizer_chicago)
    mine = client.get(reverse("members:saved_list_list")).content.decode()
    shared = client.get(reverse("members:saved_list_list"), {"show": "shared"}).content.decode()
    assert "My canvass" in mine and "Shared canvass" not in mine
    assert "Shared canvass" in shared and "My canvass" not in shared and "Staff only" not in shared


def test_delete_asks_first_and_then_deletes(client, staff):
    saved = _fixed(staff, person_ids=[PersonFactory().pk])
    client.force_login(staff)
    url = reverse("members:saved_list_delete", args=[saved.pk])
    assert "Delete the list" in client.get(url).content.decode()
    assert SavedList.objects.exists()
    assert client.post(url).status_code == 302
    assert not SavedList.objects.exists()


def test_tag_everyone_on_a_list(client, organizer_chicago):
    tag = Tag.objects.create(name="Bus")
    people = [PersonFactory(), PersonFactory()]
    outside = _central()
    saved = _fixed(organizer_chicago, person_ids=[p.pk for p in people])
    ListMembership.objects.create(saved_list=saved, person=outside)  # put there by someone who reaches them
    client.force_login(organizer_chicago)
    review = client.get(reverse("members:bulk_tag_review"), {
        "bulk-who": "list", "bulk-saved_list": saved.pk, "bulk-tag": tag.pk, "bulk-action": "add"})
    assert review.context["total"] == 2
    confirm = review.context["confirm"]
    data = {f"bulk-{name}": value for name, value in confirm.initial.items() if value is not None}
    data["bulk-tag"], data["bulk-saved_list"] = tag.pk, saved.pk
    response = client.post(reverse("members:bulk_tag_start"), data)
    assert response.status_code == 302
    job = BulkTagJob.objects.get()
    assert job.saved_list == saved and job.status == BulkTagJob.Status.DONE and job.changed == 2
    assert set(tag.people.values_list("pk", flat=True)) == {p.pk for p in people}


def test_a_list_is_deleted_only_when_no_tagging_of_it_is_waiting(staff):
    tag = Tag.objects.create(name="Later")
    saved = _fixed(staff, person_ids=[PersonFactory().pk])
    BulkTagJob.objects.create(created_by=staff, tag=tag, action="add", saved_list=saved, total=1,
                              idempotency_key=uuid.uuid4())
    with pytest.raises(ValidationError):
        services.saved_list_delete(actor=staff, saved_list=saved)


def test_export_a_list(client, organizer_chicago):
    a, outside = PersonFactory(first_name="Exported"), _central(first_name="Hidden")
    saved = _fixed(organizer_chicago, person_ids=[a.pk])
    ListMembership.objects.create(saved_list=saved, person=outside)
    client.force_login(organizer_chicago)
    response = client.get(reverse("members:saved_list_export", args=[saved.pk]))
    body = b"".join(response.streaming_content).decode()
    assert "Exported" in body and "Hidden" not in body
    assert "lived_experience" not in body


# Constant queries -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 20])
def test_a_list_page_takes_the_same_queries_for_1_or_20_people(client, staff, count, django_assert_num_queries):
    tag = Tag.objects.create(name="Row tag")
    people = [PersonFactory() for _ in range(count)]
    for person in people:
        person.tags.add(tag)
    saved = _fixed(staff, person_ids=[p.pk for p in people])
    client.force_login(staff)
    url = reverse("members:saved_list_detail", args=[saved.pk])
    client.get(url)  # warm the session and the cached filter options
    with django_assert_num_queries(QUERIES_LIST_PAGE):
        response = client.get(url)
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_lists_page_takes_the_same_queries_for_1_or_20_lists(client, staff, count, django_assert_num_queries):
    tag = Tag.objects.create(name="Smart tag")
    for n in range(count):
        if n % 2 == 0:
            services.saved_list_create(actor=staff, name=f"Smart {n}", kind=SavedList.Kind.SMART,
                                       filters={"tag": str(tag.pk)})
        else:
            _fixed(staff, name=f"Fixed {n}", person_ids=[PersonFactory().pk])
    client.force_login(staff)
    url = reverse("members:saved_list_list")
    client.get(url)
    with django_assert_num_queries(QUERIES_LISTS_PAGE):
        response = client.get(url)
    assert len(response.context["rows"]) == count
    assert all(size is not None for _list, size in response.context["rows"])



def test_a_searched_smart_list_counts_each_match_once(staff):
    for first in ("Marsha", "Marsh", "Omar"):
        PersonFactory(first_name=first, last_name="Smith")
    PersonFactory(first_name="Ana", last_name="Lopez")
    saved = services.saved_list_create(actor=staff, name="Mars", kind=SavedList.Kind.SMART, filters={"q": "mar"})
    assert list_selectors.saved_list_sizes(actor=staff, lists=[saved]) == {saved.pk: 3}
