"""The access policy, directly: docs/access.md's 'Who may see what' table, row by row."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from coalition import access
from coalition.access import OutOfReach
from coalition.models import ActionItem, User
from members.models import Person
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(region_chicago, region_central):  # type: ignore[no-untyped-def]
    from coalition.models import County

    return {
        "chicago": PersonFactory(first_name="Chi", county=County.objects.get(fips="17031")),
        "central": PersonFactory(first_name="Cen", county=County.objects.get(fips="17167")),
    }


def visible(actor) -> set[str]:  # type: ignore[no-untyped-def]
    return set(access.person_scope(actor).values_list("first_name", flat=True))


def test_staff_and_admin_see_everyone(people, staff, coalition_admin, member) -> None:  # type: ignore[no-untyped-def]
    everyone = set(Person.objects.values_list("first_name", flat=True))
    assert visible(staff) == everyone
    assert visible(coalition_admin) == everyone


def test_organizer_sees_own_region_and_own_assignments(people, organizer_chicago, organizer_central) -> None:  # type: ignore[no-untyped-def]
    assert visible(organizer_chicago) == {"Chi"}
    assert visible(organizer_central) == {"Cen"}
    people["chicago"].assigned_organizer = organizer_central
    people["chicago"].save()
    assert visible(organizer_central) == {"Cen", "Chi"}


def test_member_sees_only_self_partner_and_anonymous_see_nobody(people, member, partner_rep) -> None:  # type: ignore[no-untyped-def]
    assert visible(member) == {"Dolores"}
    assert visible(partner_rep) == set()
    assert visible(AnonymousUser()) == set()


def test_inactive_account_sees_nothing(people, staff) -> None:  # type: ignore[no-untyped-def]
    staff.is_active = False
    assert visible(staff) == set()


def test_sensitive_facts_follow_the_table(people, staff, coalition_admin, organizer_chicago, organizer_central,
                                          partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    chicago = people["chicago"]
    assert access.may_view_sensitive(staff, chicago)
    assert access.may_view_sensitive(coalition_admin, chicago)
    assert access.may_view_sensitive(organizer_chicago, chicago)
    assert not access.may_view_sensitive(organizer_central, chicago)
    assert not access.may_view_sensitive(partner_rep, chicago)
    assert not access.may_view_sensitive(member, chicago)
    assert access.may_view_sensitive(member, member.person)
    # An organizer assigned a person of another region sees the person, not the sensitive facts.
    chicago.assigned_organizer = organizer_central
    chicago.save()
    assert access.may_change_person(organizer_central, chicago)
    assert not access.may_view_sensitive(organizer_central, chicago)


def test_only_admins_export_sensitive_and_read_the_audit_log(staff, coalition_admin, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    assert access.may_export_sensitive(coalition_admin) and not access.may_export_sensitive(staff)
    assert access.may_read_audit_log(coalition_admin)
    assert not access.may_read_audit_log(staff) and not access.may_read_audit_log(organizer_chicago)


def test_get_in_scope_raises_out_of_reach_for_missing_and_hidden(people, organizer_central) -> None:  # type: ignore[no-untyped-def]
    scope = access.person_scope(organizer_central)
    assert access.get_in_scope(scope, pk=people["central"].pk) == people["central"]
    with pytest.raises(OutOfReach):
        access.get_in_scope(scope, pk=people["chicago"].pk)
    with pytest.raises(OutOfReach):
        access.get_in_scope(scope, pk="not-a-number")


def test_partner_sees_only_own_organization(partner_rep, partner_organization, staff) -> None:  # type: ignore[no-untyped-def]
    from tests.coalition.factories import OrganizationFactory

    OrganizationFactory(name="Another")
    assert list(access.organization_scope(partner_rep)) == [partner_organization]
    assert access.organization_scope(staff).count() == 2


def test_invites(staff, coalition_admin, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    assert access.may_invite(staff, "organizer") and not access.may_invite(staff, "staff")
    assert access.may_invite(coalition_admin, "admin")
    assert not access.may_invite(organizer_chicago, "member")


# The policy's answers that pages, selectors and services ask instead of looking at roles -----------------------

def test_the_people_worker_gate(staff, coalition_admin, organizer_chicago, partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    assert all(access.may_work_with_people(u) for u in (staff, coalition_admin, organizer_chicago))
    assert not any(access.may_work_with_people(u) for u in (partner_rep, member, AnonymousUser(), None))
    staff.is_active = False
    assert not access.may_work_with_people(staff)


def test_who_sees_the_state_a_region_or_an_organization(staff, coalition_admin, organizer_chicago, region_chicago,
                                                        partner_rep, partner_organization, member) -> None:  # type: ignore[no-untyped-def]
    assert access.may_see_statewide(staff) and access.may_see_statewide(coalition_admin)
    assert not any(access.may_see_statewide(u) for u in (organizer_chicago, partner_rep, member))
    assert access.organizer_region(organizer_chicago) == region_chicago
    assert access.organizer_region(staff) is None and access.organizer_region(partner_rep) is None
    assert access.represented_organization(partner_rep) == partner_organization
    assert access.represented_organization(staff) is None and access.represented_organization(member) is None


def test_a_members_own_record(people, member, staff, organizer_chicago) -> None:  # type: ignore[no-untyped-def]
    assert access.is_own_record(member, member.person)
    assert not access.is_own_record(member, people["chicago"])
    assert not access.is_own_record(organizer_chicago, member.person)
    assert list(access.own_person_scope(member)) == [member.person]
    assert not access.own_person_scope(staff).exists() and not access.own_person_scope(organizer_chicago).exists()
    assert access.may_see_own_record(member)
    assert not access.may_see_own_record(staff) and not access.may_see_own_record(organizer_chicago)


def test_back_office_and_two_factor(staff, coalition_admin, organizer_chicago, partner_rep) -> None:  # type: ignore[no-untyped-def]
    assert access.may_use_back_office(coalition_admin)
    assert not any(access.may_use_back_office(u) for u in (staff, organizer_chicago, partner_rep))
    assert access.must_use_two_factor(coalition_admin) and access.must_use_two_factor(staff)
    assert not access.must_use_two_factor(organizer_chicago) and not access.must_use_two_factor(partner_rep)


def test_an_organizers_region_is_part_of_their_turf(people, organizer_chicago, staff) -> None:  # type: ignore[no-untyped-def]
    people["central"].assigned_organizer = organizer_chicago
    people["central"].save()
    assert access.has_turf(organizer_chicago) and not access.has_turf(staff)
    assert visible(organizer_chicago) == {"Chi", "Cen"}
    assert set(access.own_region_people(organizer_chicago).values_list("first_name", flat=True)) == {"Chi"}
    assert not access.own_region_people(staff).exists()


def test_whom_a_placed_person_is_assigned_to(region_chicago, region_central, organizer_chicago, staff) -> None:  # type: ignore[no-untyped-def]
    elsewhere = Person(first_name="New", region=region_central)
    assert access.organizer_to_assign(organizer_chicago, elsewhere) == organizer_chicago
    assert access.organizer_to_assign(organizer_chicago, Person(first_name="New")) == organizer_chicago
    assert access.organizer_to_assign(organizer_chicago, Person(first_name="New", region=region_chicago)) is None
    assert access.organizer_to_assign(staff, elsewhere) is None
    elsewhere.assigned_organizer = staff
    assert access.organizer_to_assign(organizer_chicago, elsewhere) is None


def test_the_organizations_pages(staff, organizer_chicago, partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    assert all(access.may_read_organizations(u) for u in (staff, organizer_chicago, partner_rep))
    assert not access.may_read_organizations(member) and not access.may_read_organizations(None)


def test_which_organizers_may_be_chosen(staff, organizer_chicago, organizer_central, partner_rep) -> None:  # type: ignore[no-untyped-def]
    from tests.coalition.factories import UserFactory

    UserFactory(role=User.Role.ORGANIZER, region=organizer_chicago.region, is_active=False)
    both = {organizer_chicago, organizer_central}
    assert set(access.organizer_scope(staff)) == both == set(access.organizer_scope(organizer_chicago))
    assert not access.organizer_scope(partner_rep).exists()
    assert set(access.assignable_organizer_scope(staff)) == both
    assert list(access.assignable_organizer_scope(organizer_chicago)) == [organizer_chicago]
    assert not access.assignable_organizer_scope(partner_rep).exists()


def test_action_items(staff, organizer_chicago, organizer_central, partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    from tests.campaigns.factories import MeetingFactory

    item = ActionItem.objects.create(meeting=MeetingFactory(), description="Send the memo", owner=organizer_chicago,
                                     due_on=datetime.date(2026, 12, 1))
    # A partner's item at a table their organization does not sit at is out of their reach.
    theirs = ActionItem.objects.create(meeting=MeetingFactory(), description="Call the clerk", owner=partner_rep,
                                       due_on=datetime.date(2026, 12, 1))
    assert set(access.action_item_scope(staff)) == {item, theirs}
    assert list(access.action_item_scope(organizer_chicago)) == [item]
    assert not access.action_item_scope(organizer_central).exists()
    assert not access.action_item_scope(partner_rep).exists() and not access.action_item_scope(None).exists()
    assert access.may_mark_action_item_done(organizer_chicago, item) and access.may_mark_action_item_done(staff, item)
    assert not access.may_mark_action_item_done(organizer_central, item)
    assert not access.may_mark_action_item_done(AnonymousUser(), item)


def test_who_may_own_an_action_item_and_who_chooses(staff, coalition_admin, organizer_chicago, partner_rep,
                                                    member) -> None:  # type: ignore[no-untyped-def]
    accounts = {staff, coalition_admin, organizer_chicago, partner_rep}
    assert all(access.may_own_action_items(u) for u in accounts)
    assert not access.may_own_action_items(member) and not access.may_own_action_items(None)
    assert set(access.action_item_owner_scope(staff)) == accounts
    assert not access.action_item_owner_scope(organizer_chicago).exists()
    organizer_chicago.is_active = False
    assert not access.may_own_action_items(organizer_chicago)


def test_where_events_may_be_planned(staff, organizer_chicago, region_chicago, partner_rep) -> None:  # type: ignore[no-untyped-def]
    from coalition.models import Region

    assert access.event_region_scope(staff).count() == Region.objects.count() > 1
    assert list(access.event_region_scope(organizer_chicago)) == [region_chicago]
    assert not access.event_region_scope(partner_rep).exists()
    assert access.may_create_statewide_event(staff) and not access.may_create_statewide_event(organizer_chicago)


def test_regions_and_resources_are_changed_by_whom(staff, coalition_admin, organizer_chicago, organizer_central,
                                                   partner_rep) -> None:  # type: ignore[no-untyped-def]
    from campaigns.models import Resource

    assert access.may_manage_regions(coalition_admin)
    assert not access.may_manage_regions(staff) and not access.may_manage_regions(organizer_chicago)
    uploaded = Resource(title="Talking points", uploaded_by=organizer_chicago)
    assert access.may_change_resource(staff, uploaded) and access.may_change_resource(organizer_chicago, uploaded)
    assert not access.may_change_resource(organizer_central, uploaded)
    assert not access.may_change_resource(partner_rep, uploaded)


def test_whose_mentorship_check_ins_fall_to_an_organizer(people, organizer_chicago, staff, partner_rep, member) -> None:  # type: ignore[no-untyped-def]
    from tests.leadership.factories import MentorshipFactory

    mentee_here = MentorshipFactory(mentor=people["central"], mentee=people["chicago"])
    mentor_here = MentorshipFactory(mentor=people["chicago"], mentee=people["central"])
    assert set(access.mentorship_scope(organizer_chicago)) == {mentee_here, mentor_here}
    assert list(access.mentorship_check_in_scope(organizer_chicago)) == [mentee_here]
    assert set(access.mentorship_check_in_scope(staff)) == {mentee_here, mentor_here}
    for outsider in (partner_rep, member, AnonymousUser(), None):
        assert not access.mentorship_scope(outsider).exists()
        assert not access.mentorship_check_in_scope(outsider).exists()
        assert not access.suggestion_scope(outsider).exists()


def test_who_keeps_venues_pickup_points_and_their_flags(staff, coalition_admin, organizer_chicago, partner_rep,  # type: ignore[no-untyped-def]
                                                        member) -> None:
    from tests.events.factories import PickupPointFactory, VenueFactory

    VenueFactory()
    PickupPointFactory()
    for actor in (staff, coalition_admin):
        assert access.may_manage_places(actor) and access.may_see_presence_flags(actor)
        assert access.venue_scope(actor).exists() and access.pickup_point_scope(actor).exists()
    # Organizers choose venues by name for their events; the flags and the pickup points are staff's.
    assert access.venue_scope(organizer_chicago).exists()
    assert not access.may_manage_places(organizer_chicago) and not access.may_see_presence_flags(organizer_chicago)
    assert not access.pickup_point_scope(organizer_chicago).exists()
    for actor in (partner_rep, member, AnonymousUser()):
        assert not access.may_manage_places(actor) and not access.may_see_presence_flags(actor)
        assert not access.venue_scope(actor).exists() and not access.pickup_point_scope(actor).exists()


def test_who_manages_a_series(staff, organizer_chicago, organizer_central, region_chicago, partner_rep) -> None:  # type: ignore[no-untyped-def]
    from events.models import EventSeries

    series = EventSeries.objects.create(title="Clinic", kind="clinic", frequency="quarterly", count=4,
                                        region=region_chicago)
    assert access.may_manage_series(staff, series) and access.may_manage_series(organizer_chicago, series)
    assert not access.may_manage_series(organizer_central, series)
    assert not access.may_manage_series(partner_rep, series)
    assert access.series_scope(organizer_central).exists() and not access.series_scope(partner_rep).exists()


def test_the_training_catalogue_is_staffs_and_the_ladder_the_admins(staff, coalition_admin, organizer_chicago,  # type: ignore[no-untyped-def]
                                                                  partner_rep, member) -> None:
    assert access.may_manage_trainings(staff) and access.may_manage_trainings(coalition_admin)
    assert access.may_manage_ladder(coalition_admin) and not access.may_manage_ladder(staff)
    for actor in (organizer_chicago, partner_rep, member, AnonymousUser()):
        assert not access.may_manage_trainings(actor) and not access.may_manage_ladder(actor)
