"""The access policy, directly: docs/access.md's 'Who may see what' table, row by row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from coalition import access
from coalition.access import OutOfReach
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
