"""Coalition tables: seats, representatives, roster, meetings, attendance, action items, partner access."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from coalition import services
from coalition.access import OutOfReach
from coalition.models import ActionItem, MeetingAttendance, TableSeat
from tests.campaigns.factories import MeetingFactory, RepresentativeFactory, SeatFactory, TableFactory
from tests.coalition.factories import OrganizationFactory
from tests.exports import csv_rows
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_an_organization_cannot_sit_twice_at_a_table(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    organization = OrganizationFactory(name="TASC")
    services.table_seat_add(actor=staff, table=table, organization=organization, role="member",
                            joined_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.table_seat_add(actor=staff, table=table, organization=organization, role="chair",
                                joined_on=datetime.date(2025, 2, 1))
    assert "TASC already sits at" in str(error.value)
    assert TableSeat.objects.filter(table=table).count() == 1


def test_the_view_names_the_duplicate_seat(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(organization=OrganizationFactory(name="CAASE"))
    response = client_for(staff).post(reverse("coalition:table_seat_add", args=[seat.table.slug]), {
        "organization": seat.organization.pk, "role": "member", "joined_on": "2025-03-01"})
    assert response.status_code == 200
    assert "CAASE already sits at" in response.content.decode()


def test_leaving_keeps_history_and_allows_a_new_seat(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory()
    seat = rep.seat
    services.table_seat_end(actor=staff, seat=seat, left_on=datetime.date(2025, 6, 30))
    rep.refresh_from_db()
    assert rep.until == datetime.date(2025, 6, 30)
    services.table_seat_add(actor=staff, table=seat.table, organization=seat.organization, role="observer",
                            joined_on=datetime.date(2026, 1, 1))
    page = client_for(staff).get(reverse("coalition:table_detail", args=[seat.table.slug])).content.decode()
    assert "Former members" in page


def test_a_representative_must_be_a_person_in_the_system(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory()
    response = client_for(staff).post(reverse("coalition:table_representative_add", args=[seat.pk]),
                                      {"person": "999999", "since": "2025-01-01"})
    assert response.status_code == 200
    assert "must be a person in the system" in response.content.decode()
    with pytest.raises(ValidationError):
        services.table_representative_add(actor=staff, seat=seat, person=None, since=datetime.date(2025, 1, 1))
    assert not seat.representatives.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_roster_constant_queries(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    for n in range(rows):
        seat = SeatFactory(table=table, organization=OrganizationFactory(name=f"Org {n}", phone="312-555-0100"))
        RepresentativeFactory(seat=seat)
        RepresentativeFactory(seat=seat, until=datetime.date(2025, 6, 1))
        services.table_seat_role_change(actor=staff, seat=seat, role="observer", changed_on=datetime.date(2025, 2, 1))
        MeetingFactory(table=table)
    client = client_for(staff)
    client.get(reverse("coalition:table_detail", args=[table.slug]))
    # session, user, table, its campaigns, the roster's scope check, seats, current and past representatives,
    # role history, meeting count, meetings
    with django_assert_num_queries(11):
        response = client.get(reverse("coalition:table_detail", args=[table.slug]))
    assert response.content.decode().count("312-555-0100") == rows


def test_roster_csv_has_public_contacts_only(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory(seat__organization=OrganizationFactory(name="Safer", email="info@safer.example"),
                                person=PersonFactory(first_name="Marcus", last_name="Bell", email="private@x.example"))
    rows = csv_rows(client_for(staff).get(reverse("coalition:table_roster_csv", args=[rep.seat.table.slug])))
    cells = {value for row in rows for value in row}
    assert {"Marcus Bell", "info@safer.example"} <= cells and not any("private@x.example" in c for c in cells)


def test_partner_sees_own_tables_only(partner_rep, partner_organization, regions) -> None:  # type: ignore[no-untyped-def]
    own = SeatFactory(organization=partner_organization).table
    meeting = MeetingFactory(table=own)
    other = SeatFactory().table
    client = client_for(partner_rep)
    assert client.get(reverse("coalition:table_detail", args=[own.slug])).status_code == 200
    assert client.get(reverse("coalition:table_meeting_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("coalition:table_detail", args=[other.slug])).status_code == 404
    listing = client.get(reverse("coalition:table_list")).content.decode()
    assert own.name in listing and other.name not in listing


def test_attendance_from_the_roster_is_idempotent(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory()
    meeting = MeetingFactory(table=rep.seat.table)
    url = reverse("coalition:table_meeting_attendance", args=[meeting.pk])
    client = client_for(staff)
    for _ in range(2):
        response = client.post(url, {"representatives": [rep.pk], "guests": "Pastor Ruth\n"})
        assert response.status_code == 302
    rows = MeetingAttendance.objects.filter(meeting=meeting)
    assert rows.count() == 2
    assert rows.get(person=rep.person).organization_id == rep.seat.organization_id


def test_attendance_refuses_someone_from_another_table(staff, regions) -> None:  # type: ignore[no-untyped-def]
    stranger = RepresentativeFactory()
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        services.table_meeting_attendance_set(actor=staff, meeting=meeting, representatives=[stranger])


def test_action_item_on_owner_home_until_done(staff, organizer_chicago, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory()
    response = client_for(staff).post(reverse("coalition:table_action_item_create", args=[meeting.pk]), {
        "description": "Send the memo", "owner": organizer_chicago.pk, "due_on": "2026-12-01",
        "idempotency_key": "6f1d1c1e-1111-4a4a-9b9b-000000000001"})
    assert response.status_code == 302
    item = ActionItem.objects.get()
    organizer = client_for(organizer_chicago)
    assert "Send the memo" in organizer.get(reverse("coalition:home")).content.decode()
    organizer.post(reverse("coalition:table_action_item_done", args=[item.pk]), {"next": "/"})
    organizer.post(reverse("coalition:table_action_item_done", args=[item.pk]), {"next": "//evil.example/"})
    item.refresh_from_db()
    assert item.done_at is not None
    organizer.get(reverse("coalition:home"))  # shows (and uses up) the "Marked done" message
    assert "Send the memo" not in organizer.get(reverse("coalition:home")).content.decode()


def test_services_check_access_again(partner_rep, regions) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OutOfReach):
        services.table_seat_add(actor=partner_rep, table=TableFactory(), organization=OrganizationFactory(),
                                role="member", joined_on=datetime.date(2025, 1, 1))
