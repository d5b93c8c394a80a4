"""Staff keep campaigns, goals, sessions, bills, legislators and positions in the app: create, edit, close.

Bad input says what is wrong next to the field, keeps what was typed and saves nothing; double posts add one row.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import selectors, services
from campaigns.models import Bill, Campaign, Goal, LegislativeSession, Legislator, Position
from coalition.models import AuditEntry
from tests.campaigns.factories import (
    ActionFactory,
    BillFactory,
    CampaignFactory,
    LegislatorFactory,
    PositionFactory,
    TableFactory,
)

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _key(client: Client, url: str) -> str:
    return str(client.get(url).context["form"]["idempotency_key"].value())


@pytest.fixture
def session() -> LegislativeSession:
    return LegislativeSession.objects.create(name="104th General Assembly", starts_on=datetime.date(2025, 1, 8),
                                             ends_on=datetime.date(2027, 1, 12))


# Campaigns -------------------------------------------------------------------------------------------------

def test_staff_start_a_campaign_run_by_a_table_once_for_a_double_post(staff: Any, regions: Any) -> None:
    table = TableFactory(name="Fully Free table", slug="fully-free-table")
    client = client_for(staff)
    url = reverse("coalition:campaigns:campaign_create")
    data = {"name": "Fully Free", "slug": "", "kind": "legislative", "status": "active", "starts_on": "2026-02-01",
            "ends_on": "2026-12-31", "tables": [table.pk], "description": "Economic barriers first.",
            "idempotency_key": _key(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    campaign = Campaign.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("coalition:campaigns:campaign_detail",
                                                               args=["fully-free"])
    assert list(campaign.tables.all()) == [table]
    assert campaign.ends_on == datetime.date(2026, 12, 31)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, summary="Started a campaign").count() == 1


def test_a_campaign_that_ends_before_it_starts_is_refused_by_the_end_date(staff: Any, regions: Any) -> None:
    client = client_for(staff)
    url = reverse("coalition:campaigns:campaign_create")
    response = client.post(url, {"name": "Backwards", "kind": "other", "status": "active", "starts_on": "2026-05-01",
                                 "ends_on": "2026-04-01", "idempotency_key": _key(client, url)})
    assert response.status_code == 200
    form = response.context["form"]
    assert "The end date is before the start date" in form.errors["ends_on"][0]
    assert form["name"].value() == "Backwards"
    assert not Campaign.objects.exists()


def test_a_second_campaign_with_the_same_name_is_refused_on_the_name(staff: Any, regions: Any) -> None:
    CampaignFactory(name="Clean Slate", slug="clean-slate")
    with pytest.raises(ValidationError) as error:
        services.campaign_create(actor=staff, name="clean slate", kind="implementation")
    assert "already a campaign called" in error.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as error:
        services.campaign_create(actor=staff, name="Clean Slate 2", kind="other", slug="clean-slate")
    assert "short name" in error.value.message_dict["slug"][0]
    assert Campaign.objects.count() == 1


def test_organizers_may_not_start_or_change_campaigns(organizer_chicago: Any, regions: Any) -> None:
    from coalition.access import OutOfReach

    with pytest.raises(OutOfReach):
        services.campaign_create(actor=organizer_chicago, name="Mine", kind="other")
    campaign = CampaignFactory()
    assert client_for(organizer_chicago).post(
        reverse("coalition:campaigns:campaign_update", args=[campaign.slug]), {"name": "Renamed"}).status_code == 404
    campaign.refresh_from_db()
    assert campaign.name != "Renamed"


def test_editing_a_campaign_saves_only_what_changed(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(name="Voting bloc", slug="voting-bloc")
    table = TableFactory()
    response = client_for(staff).post(reverse("coalition:campaigns:campaign_update", args=[campaign.slug]), {
        "name": "Voting bloc 2026", "slug": "voting-bloc", "kind": "voting_bloc", "status": "active",
        "tables": [table.pk], "description": ""})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.kind) == ("Voting bloc 2026", "voting_bloc")
    entry = AuditEntry.objects.get(summary="Changed a campaign")
    assert entry.detail["fields"] == ["kind", "name", "tables"]


def test_closing_goes_through_close_and_a_closed_campaign_stays_closed(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory()
    with pytest.raises(ValidationError) as error:
        services.campaign_update(actor=staff, campaign=campaign, status=Campaign.Status.CLOSED)
    assert "Close the campaign" in error.value.message_dict["status"][0]
    services.campaign_close(actor=staff, campaign=campaign)
    campaign.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.campaign_update(actor=staff, campaign=campaign, status=Campaign.Status.ACTIVE)
    assert "cannot reopen" in error.value.message_dict["status"][0]


def test_closing_with_open_goals_asks_first_then_freezes_the_tally(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory(name="Fully Free", slug="fully-free")
    calls = services.goal_create(actor=staff, campaign=campaign, description="200 calls", metric="actions:called",
                                 target=200)
    retired = services.goal_create(actor=staff, campaign=campaign, description="Old goal", metric="actions",
                                   target=5)
    services.goal_retire(actor=staff, goal=retired)
    for _ in range(3):
        ActionFactory(campaign=campaign)
    client = client_for(staff)
    url = reverse("coalition:campaigns:campaign_close", args=[campaign.slug])

    page = client.get(url)
    assert [g.description for g in page.context["open_goals"]] == ["200 calls"]
    assert "1 goal is still open" in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "200 calls" in refused.context["form"].errors["confirm_open_goals"][0]
    campaign.refresh_from_db()
    assert campaign.status != Campaign.Status.CLOSED

    assert client.post(url, {"confirm_open_goals": "on"}).status_code == 302
    campaign.refresh_from_db()
    calls.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED and campaign.closed_by == staff
    assert (calls.final_count, calls.final_target) == (3, 200)

    # Later actions and a later change of target no longer move the closed campaign's tally.
    ActionFactory(campaign=campaign)
    Goal.objects.filter(pk=calls.pk).update(target=10)
    shown = {g.pk: g for g in selectors.goals_with_counts(actor=staff, campaign=campaign)}
    assert (shown[calls.pk].current, shown[calls.pk].target) == (3, 200)
    detail = client.get(reverse("coalition:campaigns:campaign_detail", args=[campaign.slug])).content.decode()
    assert "Final tally" in detail and "3 of 200" in detail
    # Closing twice changes nothing, and a closed campaign's goals no longer change.
    again = services.campaign_close(actor=staff, campaign=campaign)
    assert again.closed_at == campaign.closed_at
    with pytest.raises(ValidationError):
        services.goal_update(actor=staff, goal=calls, target=500)
    with pytest.raises(ValidationError):
        services.goal_create(actor=staff, campaign=campaign, description="New", metric="actions", target=1)


def test_closing_without_open_goals_needs_no_box(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory()
    client = client_for(staff)
    url = reverse("coalition:campaigns:campaign_close", args=[campaign.slug])
    assert "confirm_open_goals" not in client.get(url).context["form"].fields
    assert client.post(url, {}).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CLOSED
    assert list(client.get(reverse("coalition:campaigns:campaign_list")).context["page"].object_list) == []
    closed = client.get(reverse("coalition:campaigns:campaign_list") + "?closed=1").context["page"].object_list
    assert [c.pk for c in closed] == [campaign.pk]


# Goals ----------------------------------------------------------------------------------------------------

def test_goals_are_edited_and_retired_and_a_double_post_adds_one(staff: Any, regions: Any) -> None:
    campaign = CampaignFactory()
    client = client_for(staff)
    url = reverse("coalition:campaigns:goal_create", args=[campaign.slug])
    data = {"description": "Calls", "metric": "actions:called", "target": 100, "idempotency_key": _key(client, url)}
    client.post(url, data)
    client.post(url, data)
    goal = Goal.objects.get()
    bad = client.post(reverse("coalition:campaigns:goal_update", args=[goal.pk]),
                      {"description": "More calls", "target": 0})
    assert "above zero" in bad.context["form"].errors["target"][0]
    assert bad.context["form"]["description"].value() == "More calls"
    goal.refresh_from_db()
    assert goal.target == 100
    client.post(reverse("coalition:campaigns:goal_update", args=[goal.pk]), {"description": "More calls",
                                                                            "target": 150})
    goal.refresh_from_db()
    assert (goal.description, goal.target) == ("More calls", 150)
    assert client.post(reverse("coalition:campaigns:goal_retire", args=[goal.pk])).status_code == 302
    first = Goal.objects.get(pk=goal.pk).retired_at
    client.post(reverse("coalition:campaigns:goal_retire", args=[goal.pk]))
    assert Goal.objects.get(pk=goal.pk).retired_at == first is not None
    assert services.campaign_open_goals(actor=staff, campaign=campaign) == []


# Sessions and bills -------------------------------------------------------------------------------------------

def test_a_bill_number_used_this_session_is_refused_on_the_number(staff: Any, regions: Any,
                                                                  session: LegislativeSession) -> None:
    BillFactory(kind="HB", number=1836, session=session)
    client = client_for(staff)
    url = reverse("coalition:campaigns:bill_create")
    response = client.post(url, {"kind": "HB", "number": 1836, "title": "Clean Slate again", "session": session.pk,
                                 "status": "filed", "idempotency_key": _key(client, url)})
    assert response.status_code == 200
    assert "HB 1836 is already in the app for 104th General Assembly" in response.context["form"].errors["number"][0]
    assert response.context["form"]["title"].value() == "Clean Slate again"
    assert Bill.objects.count() == 1
    # The same number in another session is another bill.
    older = LegislativeSession.objects.create(name="103rd General Assembly", starts_on=datetime.date(2023, 1, 11),
                                              ends_on=datetime.date(2025, 1, 7))
    services.bill_create(actor=staff, kind="HB", number=1836, title="An older HB 1836", session=older,
                         current_chamber="house")
    assert Bill.objects.count() == 2


def test_a_hearing_after_the_session_ends_is_refused_on_the_hearing_date(staff: Any, regions: Any,
                                                                         session: LegislativeSession) -> None:
    client = client_for(staff)
    url = reverse("coalition:campaigns:bill_create")
    response = client.post(url, {"kind": "SB", "number": 42, "title": "Registry reform", "session": session.pk,
                                 "status": "committee", "committee": "Criminal Law", "hearing_on": "2027-03-02",
                                 "idempotency_key": _key(client, url)})
    assert response.status_code == 200
    error = response.context["form"].errors["hearing_on"][0]
    assert "after 104th General Assembly ends (2027-01-12)" in error
    assert not Bill.objects.exists()


def test_a_bill_is_added_with_a_sponsor_and_hearing_once_and_edited(staff: Any, regions: Any,
                                                                     session: LegislativeSession) -> None:
    sponsor = LegislatorFactory(chamber="house", district=30, last_name="Slaughter")
    senator = LegislatorFactory(chamber="senate", district=3)
    client = client_for(staff)
    url = reverse("coalition:campaigns:bill_create")
    data = {"kind": "HB", "number": 1836, "title": "Clean Slate", "session": session.pk, "status": "committee",
            "committee": "Judiciary - Criminal", "hearing_on": "2026-03-04", "sponsor": sponsor.pk,
            "idempotency_key": _key(client, url)}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    bill = Bill.objects.get()
    assert (bill.sponsor, bill.hearing_on, bill.current_chamber) == (sponsor, datetime.date(2026, 3, 4), "house")
    edit = reverse("coalition:campaigns:bill_update", args=["HB", 1836]) + f"?session={session.pk}"
    wrong = client.post(edit, {**data, "sponsor": senator.pk})
    assert "sponsored in the House" in wrong.context["form"].errors["sponsor"][0]
    assert client.post(edit, {**data, "status": "passed_origin", "current_chamber": "senate"}).status_code == 302
    bill.refresh_from_db()
    assert (bill.status, bill.current_chamber, bill.sponsor) == ("passed_origin", "senate", sponsor)


def test_a_session_cannot_shrink_past_a_bills_hearing(staff: Any, regions: Any, session: LegislativeSession) -> None:
    BillFactory(session=session, hearing_on=datetime.date(2026, 11, 5))
    with pytest.raises(ValidationError) as error:
        services.session_update(actor=staff, session=session, ends_on=datetime.date(2026, 6, 1))
    assert "outside these dates" in error.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError) as error:
        services.session_create(actor=staff, name="104th general assembly", starts_on=datetime.date(2025, 1, 1),
                                ends_on=datetime.date(2025, 2, 1))
    assert "already a session" in error.value.message_dict["name"][0]


# Legislators and positions ------------------------------------------------------------------------------------

def test_a_legislator_is_added_and_a_taken_district_is_refused(staff: Any, regions: Any) -> None:
    sitting = LegislatorFactory(chamber="senate", district=5)
    client = client_for(staff)
    url = reverse("coalition:campaigns:legislator_create")
    bad = client.post(url, {"chamber": "senate", "district": 5, "first_name": "Ana", "last_name": "Diaz",
                            "party": "D", "idempotency_key": _key(client, url)})
    assert f"{sitting} sits for this district" in bad.context["form"].errors["district"][0]
    out_of_range = client.post(url, {"chamber": "senate", "district": 80, "first_name": "Ana", "last_name": "Diaz",
                                     "party": "D", "idempotency_key": _key(client, url)})
    assert "Senate districts are 1 to 59" in out_of_range.context["form"].errors["district"][0]
    assert Legislator.objects.count() == 1
    data = {"chamber": "senate", "district": 6, "first_name": "Ana", "last_name": "Diaz", "party": "D",
            "region": regions["chicago"].pk, "idempotency_key": _key(client, url)}
    client.post(url, data)
    client.post(url, data)
    assert Legislator.objects.filter(last_name="Diaz").count() == 1


def test_a_legislator_leaves_office_keeps_their_history_and_frees_the_district(staff: Any, regions: Any) -> None:
    bill = BillFactory(kind="HB")
    leaving = LegislatorFactory(chamber="house", district=40)
    PositionFactory(legislator=leaving, bill=bill, stance="yes")
    client = client_for(staff)
    url = reverse("coalition:campaigns:legislator_leave_office", args=[leaving.pk])
    future = client.post(url, {"left_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()})
    assert "future" in future.context["form"].errors["left_on"][0]
    assert client.post(url, {"left_on": "2026-06-30"}).status_code == 302
    leaving.refresh_from_db()
    assert leaving.left_office_on == datetime.date(2026, 6, 30)
    successor = services.legislator_create(actor=staff, chamber="house", district=40, first_name="New",
                                           last_name="Member", party="R")
    whip = selectors.whip_count(actor=staff, bill=bill)
    house = next(c for c in whip["chambers"] if c["chamber"] == "house")
    assert successor in house["legislators"] and leaving not in house["legislators"]
    assert Position.objects.filter(legislator=leaving).count() == 1
    detail = client.get(reverse("coalition:campaigns:legislator_detail", args=[leaving.pk])).content.decode()
    assert str(bill) in detail and "Left office on" in detail
    former = client.get(reverse("coalition:campaigns:legislator_list") + "?former=1").context["page"].object_list
    assert [x.pk for x in former] == [leaving.pk]


def test_a_position_entry_is_corrected_and_audited(staff: Any, organizer_chicago: Any, regions: Any) -> None:
    position = PositionFactory(stance="yes", source="call")
    url = reverse("coalition:campaigns:position_update", args=[position.pk])
    assert client_for(organizer_chicago).post(url, {"stance": "no", "source": "call"}).status_code == 404
    bad = client_for(staff).post(url, {"stance": "maybe", "source": "call", "note": "typo"})
    assert bad.status_code == 200 and "stance" in bad.context["form"].errors
    assert client_for(staff).post(url, {"stance": "lean_yes", "source": "statement", "note": "Press release"}
                                  ).status_code == 302
    position.refresh_from_db()
    assert (position.stance, position.source, position.note) == ("lean_yes", "statement", "Press release")
    assert AuditEntry.objects.get(summary="Corrected a position").detail["fields"] == ["note", "source", "stance"]


def test_a_double_post_of_the_same_bill_form_for_another_number_is_refused(staff: Any, regions: Any) -> None:
    key = uuid.uuid4()
    services.bill_create(actor=staff, kind="HB", number=10, title="One", idempotency_key=key)
    with pytest.raises(ValidationError):
        services.bill_create(actor=staff, kind="HB", number=11, title="Two", idempotency_key=key)
    assert Bill.objects.count() == 1


def test_a_number_used_in_two_sessions_opens_the_newest_unless_a_session_is_named(
    staff: Any, regions: Any, session: LegislativeSession,
) -> None:
    older = LegislativeSession.objects.create(name="103rd General Assembly", starts_on=datetime.date(2023, 1, 11),
                                              ends_on=datetime.date(2025, 1, 7))
    BillFactory(kind="SB", number=77, title="Newer SB 77", session=session, current_chamber="senate")
    BillFactory(kind="SB", number=77, title="Older SB 77", session=older, current_chamber="senate")
    client = client_for(staff)
    url = reverse("coalition:campaigns:bill_detail", args=["SB", 77])
    assert client.get(url).context["bill"].title == "Newer SB 77"
    assert client.get(f"{url}?session={older.pk}").context["bill"].title == "Older SB 77"
    assert client.get(f"{url}?session=999999").status_code == 404
    listed = [b.title for b in client.get(reverse("coalition:campaigns:bill_list")).context["page"].object_list]
    assert listed == ["Newer SB 77", "Older SB 77"]
