"""Campaigns, goals with live counts, whip counts, lobby visits, witness slips, CSV imports."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaigns import selectors, services
from campaigns.models import CampaignAction, Goal, Legislator, Position, WitnessSlipDrive
from tests.campaigns.factories import (
    ActionFactory,
    BillFactory,
    CampaignFactory,
    LegislatorFactory,
    PositionFactory,
)
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_goal_counts_come_from_real_records(staff, regions) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    other = CampaignFactory()
    calls = services.goal_create(actor=staff, campaign=campaign, description="Calls", metric="actions:called",
                                 target=10)
    people = services.goal_create(actor=staff, campaign=campaign, description="People", metric="participants",
                                  target=4)
    for _ in range(3):
        ActionFactory(campaign=campaign, kind="called")
    ActionFactory(campaign=campaign, kind="story")
    ActionFactory(campaign=other, kind="called")
    services.participation_add(actor=staff, campaign=campaign, person=PersonFactory(), role="leader",
                               commitment="core")
    goals = {g.pk: g for g in selectors.goals_with_counts(actor=staff, campaign=campaign)}
    assert goals[calls.pk].current == 3 and goals[calls.pk].percent == 30
    assert goals[people.pk].current == 1


@pytest.mark.parametrize("target", [-5, 0])
def test_a_goal_needs_a_positive_target(staff, regions, target) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    response = client_for(staff).post(reverse("coalition:campaigns:goal_create", args=[campaign.slug]), {
        "description": "Calls", "metric": "actions:called", "target": target, "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 200
    assert "target must be a number above zero" in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_dashboard_constant_queries(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    for n in range(rows):
        Goal.objects.create(campaign=campaign, description=f"Goal {n}", metric="actions", target=5)
        action = ActionFactory(campaign=campaign)
        services.participation_add(actor=staff, campaign=campaign, person=action.person, role="participant",
                                   commitment="interested")
    client = client_for(staff)
    url = reverse("coalition:campaigns:campaign_detail", args=[campaign.slug])
    client.get(url)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count("<progress") == rows


def test_position_for_the_other_chamber_is_refused(staff, regions) -> None:  # type: ignore[no-untyped-def]
    bill = BillFactory(kind="HB", current_chamber="house")
    senator = LegislatorFactory(chamber="senate", district=12)
    with pytest.raises(ValidationError) as error:
        services.position_record(actor=staff, legislator=senator, bill=bill, stance="yes", source="call")
    assert "has not reached the Senate" in str(error.value)
    response = client_for(staff).post(
        reverse("coalition:campaigns:position_create", kwargs={"kind": "HB", "number": bill.number}),
        {"legislator": senator.pk, "stance": "yes", "source": "call"})
    assert "has not reached the Senate" in response.content.decode()
    assert not Position.objects.exists()
    bill.current_chamber = "senate"
    bill.status = "passed_origin"
    bill.save()
    services.position_record(actor=staff, legislator=senator, bill=bill, stance="yes", source="call")


def test_legislator_district_is_validated(regions) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        Legislator(chamber="senate", district=60, first_name="A", last_name="B", party="D").full_clean()
    assert "1 to 59" in str(error.value)


@pytest.mark.parametrize("rows", [1, 20])
def test_whip_count_constant_queries(rows, staff, regions, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    bill = BillFactory()
    for n in range(rows):
        PositionFactory(bill=bill, legislator=LegislatorFactory(district=n + 1), stance="yes")
    client = client_for(staff)
    url = reverse("coalition:campaigns:bill_detail", kwargs={"kind": bill.kind, "number": bill.number})
    client.get(url)
    # session, user, bill, regions (filter), legislators with latest positions, history, drives, nav check
    with django_assert_num_queries(8):
        response = client.get(url)
    assert f"{rows} yes or sponsor of 60 votes needed" in response.content.decode()


def test_whip_count_rows_show_region_and_date_in_the_pages_language(staff, regions) -> None:  # type: ignore[no-untyped-def]
    from coalition.models import Region

    region = Region.objects.get(slug="chicago")
    region.name_es = "Chicago (es)"
    region.save()
    bill = BillFactory()
    said = LegislatorFactory(district=7, first_name="Ana", last_name="Ruiz", region=region)
    PositionFactory(bill=bill, legislator=said, stance="yes",
                    recorded_at=datetime.datetime(2026, 3, 4, 18, tzinfo=datetime.UTC))
    LegislatorFactory(district=8, first_name="Bo", last_name="Lee", region=None)
    url = reverse("coalition:campaigns:bill_detail", kwargs={"kind": bill.kind, "number": bill.number})
    client = client_for(staff)
    english = client.get(url).content.decode()
    assert '<td data-label="Region">Chicago</td>' in english and "03/04/2026" in english
    assert "Rep. Ana Ruiz (D-7) <span class=\"meta\">Chicago</span>" in english  # no one has visited her
    assert "Rep. Bo Lee (D-8)</li>" in english
    client.cookies["django_language"] = "es"
    spanish = client.get(url, headers={"accept-language": "es"}).content.decode()
    assert "Chicago (es)" in spanish and "04/03/2026" in spanish


def test_lobby_visit_updates_the_whip_count(staff, regions) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    bill = BillFactory(campaign=campaign)
    legislator = LegislatorFactory(district=40)
    PositionFactory(bill=bill, legislator=legislator, stance="undecided",
                    recorded_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    person = PersonFactory()
    before = selectors.whip_count(actor=staff, bill=bill)
    assert before["chambers"][0]["support"] == 0 and len(before["not_visited"]) == 1
    response = client_for(staff).post(reverse("coalition:campaigns:lobby_visit_create"), {
        "legislator": legislator.pk, "bills": [bill.pk], "visited_on": "2026-03-03", "people": [person.pk],
        "asked": "Co-sponsor", "response": "Yes", "resulting_stance": "yes"})
    assert response.status_code == 302
    after = selectors.whip_count(actor=staff, bill=bill)
    assert after["chambers"][0]["support"] == 1 and after["not_visited"] == []
    assert Position.objects.filter(legislator=legislator, bill=bill).count() == 2  # history kept
    assert CampaignAction.objects.filter(campaign=campaign, kind="lobby_visit", person=person).count() == 1


def test_witness_slip_marking_is_idempotent_and_counts(staff, regions) -> None:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    bill = BillFactory(campaign=campaign)
    drive = services.witness_drive_create(actor=staff, bill=bill, hearing_on=datetime.date(2027, 2, 18),
                                          deadline=datetime.datetime(2027, 2, 17, 17, tzinfo=datetime.UTC))
    person = PersonFactory()
    services.witness_slip_mark_filed(actor=staff, drive=drive, person=person)
    services.witness_slip_mark_filed(actor=staff, drive=drive, person=person)
    assert drive.filings.count() == 1
    assert CampaignAction.objects.filter(campaign=campaign, kind="witness_slip").count() == 1
    with pytest.raises(ValidationError):
        services.witness_drive_create(actor=staff, bill=bill, hearing_on=datetime.date(2027, 2, 18),
                                      deadline=datetime.datetime(2027, 3, 1, 17, tzinfo=datetime.UTC))
    assert WitnessSlipDrive.objects.count() == 1


CSV = (
    "chamber,district,first_name,last_name,party,region\n"
    "House,12,Ada,Quill,D,chicago\n"
    "Senate,77,Bo,Reed,R,\n"
    "House,abc,Cy,Lo,D,\n"
)


def test_legislator_import_previews_names_bad_rows_and_is_idempotent(staff, regions) -> None:  # type: ignore[no-untyped-def]
    client = client_for(staff)
    url = reverse("coalition:campaigns:legislator_import")
    preview = client.post(url, {"file": SimpleUploadedFile("l.csv", CSV.encode())}).content.decode()
    assert "Row 3, column “district”: unknown district 77" in preview
    assert "Row 4, column “district”" in preview
    assert not Legislator.objects.exists()
    for _ in range(2):
        client.post(url, {"file": SimpleUploadedFile("l.csv", CSV.encode()), "confirm": "on"})
    assert list(Legislator.objects.values_list("last_name", flat=True)) == ["Quill"]


def test_position_import_is_idempotent(staff, regions) -> None:  # type: ignore[no-untyped-def]
    bill = BillFactory(kind="HB", number=4120)
    LegislatorFactory(chamber="house", district=12)
    rows = [{"chamber": "House", "district": "12", "bill": "HB 4120", "position": "lean yes", "source": "call"},
            {"chamber": "House", "district": "13", "bill": "HB 4120", "position": "yes", "source": "call"}]
    for _ in range(2):
        result = services.position_import(actor=staff, rows=rows, apply=True)
    assert Position.objects.filter(bill=bill).count() == 1
    assert "Row 3, column “district”" in result.problem_rows[0].problems[0]


def test_demo_data_is_idempotent_and_partner_sits_at_chicago_400(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from coalition.models import TableSeat

    call_command("seed_demo")
    counts = (Position.objects.count(), CampaignAction.objects.count(), TableSeat.objects.count())
    call_command("seed_demo")
    assert counts == (Position.objects.count(), CampaignAction.objects.count(), TableSeat.objects.count())
    assert TableSeat.objects.filter(table__name="Chicago 400 Alliance", organization__name="Safer Foundation",
                                    left_on__isnull=True).exists()
    assert TableSeat.objects.filter(table__name="Chicago 400 Alliance").count() == 9


# People on campaign pages go through the person scope: an organizer sees their region's people only.

def _two_regions_take_part(staff, regions):  # type: ignore[no-untyped-def]
    campaign = CampaignFactory()
    bill = BillFactory(campaign=campaign)
    drive = services.witness_drive_create(actor=staff, bill=bill, hearing_on=datetime.date(2027, 2, 18),
                                          deadline=datetime.datetime(2027, 2, 17, 17, tzinfo=datetime.UTC))
    central = regions["central"]
    chicago_person = PersonFactory(first_name="Ambrose", last_name="Quillfeather")
    central_person = PersonFactory(first_name="Benedikta", last_name="Marchetti",
                                   county=central.counties.first(), region=central)
    for person in (chicago_person, central_person):
        services.participation_add(actor=staff, campaign=campaign, person=person, role="participant",
                                   commitment="committed")
        ActionFactory(campaign=campaign, person=person, kind="called")
        services.witness_slip_mark_filed(actor=staff, drive=drive, person=person)
    return campaign, drive


def test_the_central_organizer_sees_no_chicago_person_on_the_campaign_page(  # type: ignore[no-untyped-def]
    staff, organizer_central, organizer_chicago, regions
) -> None:
    campaign, _drive = _two_regions_take_part(staff, regions)
    url = reverse("coalition:campaigns:campaign_detail", args=[campaign.slug])
    central_page = client_for(organizer_central).get(url).content.decode()
    assert "Benedikta Marchetti" in central_page
    assert "Ambrose" not in central_page and "Quillfeather" not in central_page
    # The counts still cover everyone: two calls and two witness slips by two people.
    assert "4 actions in 12 weeks" in central_page
    chicago_page = client_for(organizer_chicago).get(url).content.decode()
    assert "Ambrose Quillfeather" in chicago_page and "Marchetti" not in chicago_page
    staff_page = client_for(staff).get(url).content.decode()
    assert "Ambrose Quillfeather" in staff_page and "Benedikta Marchetti" in staff_page


def test_the_central_organizer_sees_no_chicago_filer_on_the_drive(  # type: ignore[no-untyped-def]
    staff, organizer_central, regions
) -> None:
    _campaign, drive = _two_regions_take_part(staff, regions)
    url = reverse("coalition:campaigns:drive_detail", args=[drive.pk])
    page = client_for(organizer_central).get(url).content.decode()
    assert "Benedikta Marchetti" in page
    assert "Ambrose" not in page and "Quillfeather" not in page
    assert "2 filed" in page and "1 more by someone outside your region" in page
    staff_page = client_for(staff).get(url).content.decode()
    assert "Ambrose Quillfeather" in staff_page and "Benedikta Marchetti" in staff_page
    assert "outside your region" not in staff_page


@pytest.mark.parametrize("rows", [1, 20])
def test_drive_page_constant_queries(rows, staff, organizer_central, regions,  # type: ignore[no-untyped-def]
                                     django_assert_num_queries) -> None:
    campaign = CampaignFactory()
    drive = services.witness_drive_create(actor=staff, bill=BillFactory(campaign=campaign),
                                          hearing_on=datetime.date(2027, 2, 18),
                                          deadline=datetime.datetime(2027, 2, 17, 17, tzinfo=datetime.UTC))
    central = regions["central"]
    for _ in range(rows):
        for region in (regions["chicago"], central):
            person = PersonFactory(county=region.counties.first(), region=region)
            services.participation_add(actor=staff, campaign=campaign, person=person, role="participant",
                                       commitment="committed")
            services.witness_slip_mark_filed(actor=staff, drive=drive, person=person)
    client = client_for(organizer_central)
    url = reverse("coalition:campaigns:drive_detail", args=[drive.pk])
    client.get(url)
    # session, user, drive, the filed count, the filings in reach, the participants waiting
    with django_assert_num_queries(6):
        response = client.get(url)
    assert f"{rows} more by" in response.content.decode()
