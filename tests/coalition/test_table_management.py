"""Running tables in the app: starting, editing and closing tables, seat roles, representatives stepping down,
meetings edited afterwards (revisions, the stale-form check, cancelling), action items, archived organizations and
the organization page."""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition import home, services
from coalition.access import OutOfReach
from coalition.home import Panel
from coalition.models import (
    ActionItem,
    AuditEntry,
    CoalitionTable,
    MeetingRevision,
    SeatRoleChange,
    TableMeeting,
    TableSeat,
)
from tests.campaigns.factories import CampaignFactory, MeetingFactory, RepresentativeFactory, SeatFactory, TableFactory
from tests.coalition.factories import OrganizationFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

JAN = datetime.date(2025, 1, 1)
CHICAGO = ZoneInfo("America/Chicago")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


# Tables ------------------------------------------------------------------------------------------------

def test_a_table_gets_a_unique_short_name_from_its_name(staff, regions) -> None:  # type: ignore[no-untyped-def]
    first = services.table_create(actor=staff, name="Clean Slate")
    second = services.table_create(actor=staff, name="Clean-Slate!")
    reserved = services.table_create(actor=staff, name="New")
    assert (first.slug, second.slug) == ("clean-slate", "clean-slate-2")
    assert reserved.slug == "new-2"  # /tables/new/ is the form to start one
    assert client_for(staff).get(reverse("coalition:table_detail", args=[reserved.slug])).status_code == 200


def test_a_table_name_is_taken_whatever_its_case(staff, regions) -> None:  # type: ignore[no-untyped-def]
    services.table_create(actor=staff, name="Fully Free")
    with pytest.raises(ValidationError) as error:
        services.table_create(actor=staff, name="fully free ")
    assert "already exists" in error.value.message_dict["name"][0]
    assert CoalitionTable.objects.count() == 1


def test_starting_a_table_seats_its_chair_and_links_campaigns(staff, regions) -> None:  # type: ignore[no-untyped-def]
    chair = OrganizationFactory(name="Shriver Center")
    campaign = CampaignFactory(name="Clean Slate campaign", slug="clean-slate-campaign")
    table = services.table_create(actor=staff, name="Clean Slate table", chair=chair, campaigns=[campaign])
    seat = TableSeat.objects.get(table=table)
    assert (seat.organization, seat.role, seat.joined_on) == (chair, "chair", timezone.localdate())
    assert list(table.campaigns.all()) == [campaign]
    assert AuditEntry.objects.filter(object_id=str(table.pk), action="create").exists()


def test_a_double_submit_starts_one_table(staff, regions) -> None:  # type: ignore[no-untyped-def]
    key = str(uuid.uuid4())
    client = client_for(staff)
    for _ in range(2):
        response = client.post(reverse("coalition:table_create"), {
            "name": "Chicago 400 Alliance", "status": "active", "idempotency_key": key})
        assert response.status_code == 302
    assert CoalitionTable.objects.filter(name="Chicago 400 Alliance").count() == 1


def test_bad_input_on_the_table_form_keeps_what_was_typed(staff, regions) -> None:  # type: ignore[no-untyped-def]
    TableFactory(name="Fully Free", slug="fully-free")
    response = client_for(staff).post(reverse("coalition:table_create"), {
        "name": "FULLY FREE", "description": "Economic barriers first", "status": "active",
        "idempotency_key": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in page and "Economic barriers first" in page
    assert response.context["form"].errors["name"]
    assert CoalitionTable.objects.count() == 1


def test_closing_keeps_the_table_readable_and_out_of_the_default_list(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory(name="Voting bloc 2026", slug="voting-bloc-2026")
    RepresentativeFactory(seat__table=table, person=PersonFactory(first_name="Ada", last_name="Moss"))
    MeetingFactory(table=table)
    client = client_for(staff)
    response = client.post(reverse("coalition:table_update", args=[table.slug]), {
        "name": table.name, "description": "", "status": "closed", "closed_on": ""})
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.status, table.closed_on) == ("closed", timezone.localdate())
    assert table.name not in client.get(reverse("coalition:table_list")).content.decode()
    assert table.name in client.get(reverse("coalition:table_list") + "?shown=closed").content.decode()
    assert table.name in client.get(reverse("coalition:table_list") + "?shown=all").content.decode()
    detail = client.get(reverse("coalition:table_detail", args=[table.slug])).content.decode()
    assert "Ada Moss" in detail and "This table closed on" in detail
    assert reverse("coalition:table_seat_add", args=[table.slug]) not in detail
    with pytest.raises(ValidationError, match="is closed"):
        services.table_seat_add(actor=staff, table=table, organization=OrganizationFactory(), role="member",
                                joined_on=JAN)
    with pytest.raises(ValidationError, match="is closed"):
        services.table_meeting_create(actor=staff, table=table, starts_at=timezone.now(), place="Zoom")


def test_reopening_clears_the_closing_date(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = services.table_create(actor=staff, name="Clear Your Record")
    services.table_update(actor=staff, table=table, name=table.name, description="", status="closed",
                          closed_on=datetime.date(2026, 6, 1))
    table.refresh_from_db()
    assert table.closed_on == datetime.date(2026, 6, 1)
    services.table_update(actor=staff, table=table, name=table.name, description="", status="active")
    table.refresh_from_db()
    assert (table.status, table.closed_on) == ("active", None)


def test_a_closing_date_needs_the_closed_status(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    response = client_for(staff).post(reverse("coalition:table_update", args=[table.slug]), {
        "name": "Renamed", "status": "active", "closed_on": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"]
    table.refresh_from_db()
    assert table.name != "Renamed"


def test_a_new_chair_takes_over_and_the_old_one_stays_a_member(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    old = SeatFactory(table=table, role="chair")
    new_chair = OrganizationFactory(name="TASC")
    services.table_update(actor=staff, table=table, name=table.name, description="", status="active",
                          chair=new_chair)
    old.refresh_from_db()
    assert (old.role, old.role_since) == ("member", timezone.localdate())
    assert TableSeat.objects.get(table=table, organization=new_chair).role == "chair"
    assert SeatRoleChange.objects.filter(seat=old, role_before="chair", role_after="member").exists()


def test_others_may_not_start_or_change_tables(organizer_chicago, partner_rep, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    for actor in (organizer_chicago, partner_rep):
        with pytest.raises(OutOfReach):
            services.table_create(actor=actor, name="Mine")
        with pytest.raises(OutOfReach):
            services.table_update(actor=actor, table=table, name="x", description="", status="closed")


# Seats, roles, representatives ----------------------------------------------------------------------------

def test_a_role_change_is_dated_and_kept_in_the_history(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(joined_on=JAN)
    client = client_for(staff)
    response = client.post(reverse("coalition:table_seat_role", args=[seat.pk]),
                           {"role": "chair", "changed_on": "2025-03-01"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.role_since) == ("chair", datetime.date(2025, 3, 1))
    page = client.get(reverse("coalition:table_detail", args=[seat.table.slug])).content.decode()
    assert "Member → Chair" in page


def test_a_role_change_before_the_current_role_began_is_refused(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(joined_on=JAN)
    response = client_for(staff).post(reverse("coalition:table_seat_role", args=[seat.pk]),
                                      {"role": "chair", "changed_on": "2024-12-31"})
    assert response.status_code == 200
    assert "cannot be before" in response.context["form"].errors["changed_on"][0]
    seat.refresh_from_db()
    assert seat.role == "member" and not SeatRoleChange.objects.exists()


def test_the_same_role_is_refused_but_a_double_submit_is_absorbed(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(joined_on=JAN)
    with pytest.raises(ValidationError) as error:
        services.table_seat_role_change(actor=staff, seat=seat, role="member", changed_on=JAN)
    assert "already member" in error.value.message_dict["role"][0]
    client = client_for(staff)
    for _ in range(2):
        response = client.post(reverse("coalition:table_seat_role", args=[seat.pk]),
                               {"role": "observer", "changed_on": "2025-05-01"})
        assert response.status_code == 302
    assert SeatRoleChange.objects.filter(seat=seat).count() == 1


def test_the_duplicate_seat_message_sits_next_to_the_organization(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(organization=OrganizationFactory(name="CAASE"))
    response = client_for(staff).post(reverse("coalition:table_seat_add", args=[seat.table.slug]), {
        "organization": seat.organization.pk, "role": "member", "joined_on": "2025-03-01"})
    assert "CAASE already sits at" in response.context["form"].errors["organization"][0]


def test_a_representative_steps_down_and_is_listed_as_past(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory(person=PersonFactory(first_name="Marcus", last_name="Bell"), since=JAN)
    client = client_for(staff)
    response = client.post(reverse("coalition:table_representative_end", args=[rep.pk]), {"until": "2025-09-30"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.until == datetime.date(2025, 9, 30)
    services.table_representative_end(actor=staff, representative=rep, until=datetime.date(2026, 1, 1))
    rep.refresh_from_db()
    assert rep.until == datetime.date(2025, 9, 30)  # the first date is kept
    page = client.get(reverse("coalition:table_detail", args=[rep.seat.table.slug])).content.decode()
    assert "Past:" in page and "Marcus Bell" in page
    # Named again later: a new line, the old one kept.
    services.table_representative_add(actor=staff, seat=rep.seat, person=rep.person, since=datetime.date(2026, 2, 1))
    assert rep.seat.representatives.count() == 2


def test_stepping_down_before_starting_is_refused(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory(since=datetime.date(2025, 5, 1))
    response = client_for(staff).post(reverse("coalition:table_representative_end", args=[rep.pk]),
                                      {"until": "2025-04-30"})
    assert "before they started" in response.context["form"].errors["until"][0]
    rep.refresh_from_db()
    assert rep.until is None


def test_a_representative_twice_is_refused_next_to_the_person(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory()
    response = client_for(staff).post(reverse("coalition:table_representative_add", args=[rep.seat.pk]),
                                      {"person": rep.person.pk, "since": "2025-06-01"})
    assert "already represents" in response.context["form"].errors["person"][0]


# Meetings ------------------------------------------------------------------------------------------------

def test_notes_edited_after_the_meeting_keep_a_revision(staff, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(notes="Draft")
    client = client_for(staff)
    form = client.get(reverse("coalition:table_meeting_update", args=[meeting.pk])).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "notes": "Agreed: two lobby days."}
    data["starts_at"] = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("coalition:table_meeting_update", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.version) == ("Agreed: two lobby days.", 2)
    revision = MeetingRevision.objects.get(meeting=meeting)
    assert revision.actor == staff and revision.changes == {
        "notes": {"before": "Draft", "after": "Agreed: two lobby days."}}
    page = client.get(reverse("coalition:table_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Changes" in page and "Draft" in page  # who changed what, and what was there before


def _edit_data(meeting: TableMeeting, **changes: object) -> dict[str, object]:
    return {"starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"), "place": meeting.place,
            "link": meeting.link, "agenda": meeting.agenda, "notes": meeting.notes, "version": meeting.version,
            **changes}


def test_a_stale_form_says_so_and_keeps_what_was_typed(staff, coalition_admin, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(notes="Draft")
    drawn_at = _edit_data(meeting)
    # Someone else saves first.
    services.table_meeting_update(actor=coalition_admin, meeting=meeting, expected_version=1, notes="Admin's notes")
    client = client_for(staff)
    url = reverse("coalition:table_meeting_update", args=[meeting.pk])
    response = client.post(url, {**drawn_at, "notes": "My long notes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "while you were editing" in page
    assert "My long notes" in page and "Admin&#x27;s notes" in page  # what I typed, and what is saved now
    meeting.refresh_from_db()
    assert meeting.notes == "Admin's notes"
    # Saving again after comparing goes through: the form was drawn again at the new version.
    assert response.context["form"].data["version"] == "2"
    again = client.post(url, {**drawn_at, "notes": "My long notes", "version": "2"})
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "My long notes"


def test_a_double_submit_of_the_same_notes_is_absorbed(staff, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory()
    client = client_for(staff)
    url = reverse("coalition:table_meeting_update", args=[meeting.pk])
    data = _edit_data(meeting, notes="Same notes")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the second post of the same form
    assert MeetingRevision.objects.filter(meeting=meeting).count() == 1


def test_a_meeting_without_place_or_link_is_refused_on_edit(staff, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory()
    response = client_for(staff).post(reverse("coalition:table_meeting_update", args=[meeting.pk]),
                                      _edit_data(meeting, place="", link="", notes="kept"))
    assert response.context["form"].errors["place"]
    assert "kept" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Shriver Center" and meeting.notes == ""


def test_scheduling_twice_with_the_same_form_makes_one_meeting(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    key = str(uuid.uuid4())
    client = client_for(staff)
    for _ in range(2):
        client.post(reverse("coalition:table_meeting_create", args=[table.slug]), {
            "starts_at": "2026-12-10T18:00", "place": "Safer Foundation", "idempotency_key": key})
    assert TableMeeting.objects.filter(table=table).count() == 1


def test_cancelling_keeps_the_meeting_and_is_idempotent(staff, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(notes="Kept")
    client = client_for(staff)
    url = reverse("coalition:table_meeting_cancel", args=[meeting.pk])
    assert client.post(url, {"reason": "Snow storm"}).status_code == 302
    first = TableMeeting.objects.get(pk=meeting.pk).cancelled_at
    assert client.post(url, {"reason": "again"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.cancelled_at, meeting.cancel_reason, meeting.notes) == (first, "Snow storm", "Kept")
    assert "Cancelled" in client.get(reverse("coalition:table_detail", args=[meeting.table.slug])).content.decode()
    assert MeetingRevision.objects.filter(meeting=meeting).count() == 1


def test_attendance_long_after_lists_who_sat_there_on_the_day(staff, regions) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory(person=PersonFactory(first_name="Ruth", last_name="Owens"),
                                since=datetime.date(2025, 1, 1))
    meeting = MeetingFactory(table=rep.seat.table, starts_at=datetime.datetime(2025, 3, 1, 18, tzinfo=CHICAGO))
    services.table_representative_end(actor=staff, representative=rep, until=datetime.date(2025, 6, 1))
    client = client_for(staff)
    url = reverse("coalition:table_meeting_attendance", args=[meeting.pk])
    assert "Ruth Owens" in client.get(url).content.decode()
    assert client.post(url, {"representatives": [rep.pk], "guests": "Deacon Lee"}).status_code == 302
    revision = MeetingRevision.objects.get(meeting=meeting)
    assert revision.changes["attendance"] == {"added": ["Deacon Lee", "Ruth Owens"], "removed": []}


# Action items ----------------------------------------------------------------------------------------------

def test_reassigning_moves_the_item_to_the_new_owner(staff, organizer_chicago, organizer_central, regions) -> None:  # type: ignore[no-untyped-def]
    item = ActionItem.objects.create(meeting=MeetingFactory(), description="Book the room", owner=organizer_chicago,
                                     due_on=datetime.date(2026, 12, 1))
    response = client_for(staff).post(reverse("coalition:table_action_item_update", args=[item.pk]), {
        "description": "Book the big room", "owner": organizer_central.pk, "due_on": "2026-12-05"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.description, item.owner, item.due_on) == ("Book the big room", organizer_central,
                                                           datetime.date(2026, 12, 5))
    assert "Book the big room" in client_for(organizer_central).get(reverse("coalition:home")).content.decode()
    assert "Book the big room" not in client_for(organizer_chicago).get(reverse("coalition:home")).content.decode()
    assert AuditEntry.objects.filter(object_id=str(item.pk), summary__startswith="Reassigned").exists()


def test_an_item_owner_must_be_a_coalition_account(staff, member, regions) -> None:  # type: ignore[no-untyped-def]
    item = ActionItem.objects.create(meeting=MeetingFactory(), description="x", owner=staff, due_on=JAN)
    response = client_for(staff).post(reverse("coalition:table_action_item_update", args=[item.pk]), {
        "description": "y", "owner": member.pk, "due_on": "2026-12-05"})
    assert response.status_code == 200 and response.context["form"].errors["owner"]
    item.refresh_from_db()
    assert item.description == "x"


def test_a_done_item_can_be_reopened_by_its_owner(staff, organizer_chicago, partner_rep, regions) -> None:  # type: ignore[no-untyped-def]
    item = ActionItem.objects.create(meeting=MeetingFactory(), description="Send the memo", owner=organizer_chicago,
                                     due_on=JAN, done_at=timezone.now())
    client = client_for(organizer_chicago)
    for _ in range(2):
        client.post(reverse("coalition:table_action_item_reopen", args=[item.pk]), {"next": "/"})
    item.refresh_from_db()
    assert item.done_at is None
    assert "Send the memo" in client.get(reverse("coalition:home")).content.decode()
    with pytest.raises(OutOfReach):
        services.table_action_item_reopen(actor=partner_rep, item=item)


# Organizations ----------------------------------------------------------------------------------------------

def test_an_organization_still_seated_is_not_archived(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(organization=OrganizationFactory(name="Kolbe House"), table__name="Chicago 400 Alliance")
    with pytest.raises(ValidationError, match="still sits at Chicago 400 Alliance"):
        services.organization_archive(actor=staff, organization=seat.organization)
    services.table_seat_end(actor=staff, seat=seat, left_on=datetime.date(2026, 1, 1))
    services.organization_archive(actor=staff, organization=seat.organization)
    seat.organization.refresh_from_db()
    assert seat.organization.archived_at is not None


def test_an_archived_organization_keeps_its_page_but_leaves_lists(staff, regions) -> None:  # type: ignore[no-untyped-def]
    gone = OrganizationFactory(name="Gone Org")
    client = client_for(staff)
    assert client.post(reverse("coalition:organization_archive", args=[gone.pk])).status_code == 302
    assert "Archived on" in client.get(reverse("coalition:organization_detail", args=[gone.pk])).content.decode()
    assert "Gone Org" not in client.get(reverse("coalition:organization_list")).content.decode()
    assert "Gone Org" in client.get(reverse("coalition:organization_list") + "?shown=archived").content.decode()
    table = TableFactory()
    form = client.get(reverse("coalition:table_seat_add", args=[table.slug])).context["form"]
    assert gone not in form.fields["organization"].queryset
    with pytest.raises(ValidationError, match="archived"):
        services.table_seat_add(actor=staff, table=table, organization=gone, role="member", joined_on=JAN)
    client.post(reverse("coalition:organization_restore", args=[gone.pk]))
    client.get(reverse("coalition:organization_detail", args=[gone.pk]))  # shows the "restored" message
    assert "Gone Org" in client.get(reverse("coalition:organization_list")).content.decode()


def test_the_organization_page_lists_seats_representatives_and_chairs(staff, regions) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Safer Foundation")
    chair_seat = SeatFactory(organization=organization, table__name="Chicago 400 Alliance", role="chair")
    past_seat = SeatFactory(organization=organization, table__name="Fully Free table")
    RepresentativeFactory(seat=chair_seat, person=PersonFactory(first_name="Marcus", last_name="Bell"))
    RepresentativeFactory(seat=past_seat, person=PersonFactory(first_name="Ada", last_name="Moss"))
    services.table_seat_end(actor=staff, seat=past_seat, left_on=datetime.date(2025, 12, 31))
    response = client_for(staff).get(reverse("coalition:organization_detail", args=[organization.pk]))
    tables = response.context["tables"]
    assert [s.table.name for s in tables["chairs"]] == ["Chicago 400 Alliance"]
    assert [s.table.name for s in tables["current_seats"]] == ["Chicago 400 Alliance"]
    assert [s.table.name for s in tables["past_seats"]] == ["Fully Free table"]
    assert [str(r.person) for r in tables["current_representatives"]] == ["Marcus Bell"]
    assert [str(r.person) for r in tables["past_representatives"]] == ["Ada Moss"]
    page = response.content.decode()
    assert "Past seats" in page and "Past representatives" in page


def test_a_partner_sees_only_the_tables_it_sits_at_on_its_page(partner_rep, partner_organization, regions) -> None:  # type: ignore[no-untyped-def]
    SeatFactory(organization=partner_organization, table__name="Chicago 400 Alliance")
    left = SeatFactory(organization=partner_organization, table__name="Old table", left_on=datetime.date(2025, 6, 1))
    response = client_for(partner_rep).get(reverse("coalition:organization_detail", args=[partner_organization.pk]))
    tables = response.context["tables"]
    assert [s.table.name for s in tables["current_seats"]] == ["Chicago 400 Alliance"]
    assert left not in tables["past_seats"]  # a table it no longer sits at is out of its reach


def _test_panel(user, organization):  # type: ignore[no-untyped-def]
    return Panel("coalition/partials/_test_organization_panel.html", {"name": organization.name})


def test_other_apps_add_panels_to_the_organization_page(staff, regions, monkeypatch, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="Cabrini-Green Legal Aid")
    monkeypatch.setattr(home, "ORGANIZATION_PANELS", [])
    assert home.organization_panels_for(staff, organization) == []  # nothing registered: nothing shown
    (tmp_path / "coalition" / "partials").mkdir(parents=True)
    (tmp_path / "coalition" / "partials" / "_test_organization_panel.html").write_text(
        "<section><h2>Hosted events</h2><p>{{ panel.name }} hosts a clinic</p></section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    monkeypatch.setattr(home, "ORGANIZATION_PANELS", [f"{__name__}._test_panel"])
    page = client_for(staff).get(reverse("coalition:organization_detail", args=[organization.pk])).content.decode()
    assert "Cabrini-Green Legal Aid hosts a clinic" in page


# Constant queries -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [1, 20])
def test_table_list_queries_are_constant(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(name="Fully Free", slug="fully-free")
    for n in range(rows):
        table = TableFactory(name=f"Table {n:02}", slug=f"t-{n}")
        SeatFactory(table=table, role="chair", organization=OrganizationFactory(name=f"Chair {n:02}"))
        table.campaigns.add(campaign)
    client = client_for(staff)
    client.get(reverse("coalition:table_list"))
    # session, user, count, tables, chairs, campaigns
    with django_assert_num_queries(6):
        response = client.get(reverse("coalition:table_list"))
    assert response.content.decode().count("Chair:") == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_organization_page_queries_are_constant(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    organization = OrganizationFactory(name="TASC")
    for n in range(rows):
        seat = SeatFactory(organization=organization, table=TableFactory(name=f"Table {n:02}", slug=f"t-{n}"),
                           role="chair" if n % 2 else "member")
        RepresentativeFactory(seat=seat)
        RepresentativeFactory(seat=seat, until=datetime.date(2025, 6, 1))
    client = client_for(staff)
    client.get(reverse("coalition:organization_detail", args=[organization.pk]))
    # session, user, organization, seats, representatives, the events it hosts (the events app's panel)
    with django_assert_num_queries(6):
        response = client.get(reverse("coalition:organization_detail", args=[organization.pk]))
    assert len(response.context["tables"]["current_seats"]) == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_meeting_page_queries_are_constant(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    rep = RepresentativeFactory()
    meeting = MeetingFactory(table=rep.seat.table)
    for n in range(rows):
        services.table_meeting_update(actor=staff, meeting=meeting, notes=f"Notes {n}")
        ActionItem.objects.create(meeting=meeting, description=f"Item {n}", owner=staff, due_on=JAN)
    client = client_for(staff)
    url = reverse("coalition:table_meeting_detail", args=[meeting.pk])
    client.get(url)
    # session, user, meeting, scope check, attendance, action items, revisions, the action form's owners
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["action_items"]) == rows


# Concurrency (PostgreSQL: row locks) ------------------------------------------------------------------------

def _race(count: int, work) -> list[BaseException]:  # type: ignore[no-untyped-def]
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_saving_notes_at_once_one_wins_the_other_is_told(staff, coalition_admin, regions) -> None:  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(notes="Draft")
    actors = [staff, coalition_admin]

    def work(n: int) -> None:
        services.table_meeting_update(actor=actors[n], meeting=meeting, expected_version=1, notes=f"Notes by {n}")

    errors = _race(2, work)
    assert len(errors) == 1 and isinstance(errors[0], services.MeetingChanged)
    meeting.refresh_from_db()
    assert meeting.version == 2 and meeting.notes in {"Notes by 0", "Notes by 1"}
    assert MeetingRevision.objects.filter(meeting=meeting).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_seats_for_one_organization_make_one_seat(staff, regions) -> None:  # type: ignore[no-untyped-def]
    table = TableFactory()
    organization = OrganizationFactory(name="Legal Aid Chicago")

    def work(n: int) -> None:
        services.table_seat_add(actor=staff, table=table, organization=organization, role="member", joined_on=JAN)

    errors = _race(5, work)
    assert TableSeat.objects.filter(table=table, organization=organization).count() == 1
    assert len(errors) == 4 and all(isinstance(e, ValidationError) and "already sits at" in str(e) for e in errors)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_of_one_table_form_make_one_table(staff, regions) -> None:  # type: ignore[no-untyped-def]
    key = uuid.uuid4()

    def work(n: int) -> None:
        services.table_create(actor=staff, name="Clean Slate implementation", idempotency_key=key)

    assert _race(5, work) == []
    assert CoalitionTable.objects.filter(name="Clean Slate implementation").count() == 1


def test_archiving_a_seated_organization_says_why_on_its_page(staff, regions) -> None:  # type: ignore[no-untyped-def]
    seat = SeatFactory(organization=OrganizationFactory(name="CAARPR"), table__name="Chicago 400 Alliance")
    client = client_for(staff)
    response = client.post(reverse("coalition:organization_archive", args=[seat.organization.pk]), follow=True)
    assert "still sits at Chicago 400 Alliance" in response.content.decode()
    seat.organization.refresh_from_db()
    assert seat.organization.archived_at is None
