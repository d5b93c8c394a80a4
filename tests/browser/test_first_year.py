"""A new coalition runs its first year in the app, from an empty database (migrations and their regions and
counties only, no demo data), on a 390x844 phone.

The first admin comes from `manage.py createadmin` as the README documents it; the admin invites a staff member,
who opens the emailed link, chooses a password and signs in. Staff then set up the year without ever opening the
back office: organizations, a coalition table with seats and representatives, a meeting and its notes, a campaign
with goals, a session, legislators, a bill and positions, venues and pickup points, a quarterly clinic series, a
Springfield advocacy day with buses, a CSV import of 50 people tagged at once, and a record-clearing referral.
Every kind of page passes axe-core and the Nu checker; the database is checked at the end.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from campaigns.models import Bill, Campaign, Goal, LegislativeSession, Legislator, Position
from coalition.models import CoalitionTable, Organization, SeatRepresentative, TableMeeting, TableSeat, User
from events.models import Bus, Event, EventSeries, PickupPoint, Venue
from members.models import Person, RecordClearingReferral, Tag

from .checks import check_page, go_to, pick, sign_in

ADMIN_EMAIL = "director@fullyfree.example.org"
ADMIN_PASSWORD = "kept-in-the-director's-password-manager"  # noqa: S105 - a test account on an empty database
STAFF_EMAIL = "coordinator@fullyfree.example.org"
STAFF_PASSWORD = "a long walk to Springfield"  # noqa: S105


def _local(days: int, hour: int) -> str:
    """A datetime-local value `days` from now at `hour` o'clock in Chicago."""
    when = timezone.localtime(timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0)
    return when.strftime("%Y-%m-%dT%H:%M")


def _sheet() -> bytes:
    rows = ["First name,Last name,Phone,County,Tags"]
    rows += [f"Neighbor{n:02d},Signup,(312) 555-01{n:02d},Cook,Spring sign-in" for n in range(50)]
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.django_db(transaction=True)
def test_a_new_coalition_runs_its_first_year_in_the_app(
    browser: Browser, phone: dict[str, Any], live_server: Any, monkeypatch: pytest.MonkeyPatch,
    regions: dict[str, Any],
) -> None:
    # `regions` puts back what the migrations load (regions, counties, the default ladder and trainings), which an
    # earlier transactional test flushed; nothing else is in the database.
    assert not User.objects.exists() and not Organization.objects.exists() and not Person.objects.exists()
    tall_phone = {**phone, "viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844}}
    base = live_server.url

    # 1. The first admin, as the README's "The first admin" says for scripts.
    monkeypatch.setenv("COALITION_ADMIN_PASSWORD", ADMIN_PASSWORD)
    call_command("createadmin", "--email", ADMIN_EMAIL, "--first-name", "Dana", "--last-name", "Reyes",
                 "--no-input")
    assert User.objects.get(email=ADMIN_EMAIL).role == User.Role.ADMIN

    # 2. The admin invites the staff member; the staff member opens the emailed link and chooses a password.
    admin = browser.new_context(**tall_phone).new_page()
    admin.set_default_timeout(10_000)
    sign_in(admin, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Welcome")
    check_page(admin, "first-year-admin-home")
    go_to(admin, "Invite")
    admin.get_by_label("Email address").fill(STAFF_EMAIL)
    admin.get_by_label("First name").fill("Sam")
    admin.get_by_label("Last name").fill("Okafor")
    admin.get_by_label("Role").select_option(label="Staff")
    check_page(admin, "first-year-invite")
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text(f"Invitation sent to {STAFF_EMAIL}.")).to_be_visible()
    admin.context.close()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [STAFF_EMAIL]
    link = re.search(r"https?://\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    staff = browser.new_context(**tall_phone).new_page()
    staff.set_default_timeout(10_000)
    opened: list[str] = []
    staff.on("request", lambda request: opened.append(urlsplit(request.url).path))
    staff.goto(link.group(0))
    expect(staff.get_by_role("heading", level=1)).to_have_text("Choose your password")
    staff.locator("input[name=password1]").fill(STAFF_PASSWORD)
    staff.locator("input[name=password2]").fill(STAFF_PASSWORD)
    check_page(staff, "first-year-choose-password")
    staff.get_by_role("button", name="Save my password").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Your password is saved")
    check_page(staff, "first-year-password-saved")
    staff.locator("main").get_by_role("link", name="Sign in").click()
    staff.get_by_label("Email").fill(STAFF_EMAIL)
    staff.get_by_label("Password").fill(STAFF_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Welcome")
    assert User.objects.get(email=STAFF_EMAIL).role == User.Role.STAFF

    # 3a. Three organizations, one of them legal aid.
    for name, kind, region in (("Westside Legal Aid", "Legal aid", "Chicago"),
                               ("Second Chance Kitchen", "Service provider", "Chicago"),
                               ("Peoria Reentry Circle", "Grassroots", "Central")):
        staff.goto(f"{base}/organizations/new/")
        staff.locator("#id_name").fill(name)
        staff.get_by_label("Kind").select_option(label=kind)
        staff.get_by_label("Region").select_option(label=region)
        if kind == "Legal aid":
            check_page(staff, "first-year-organization-form")
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_role("heading", level=1)).to_have_text(name)
    go_to(staff, "Organizations")
    check_page(staff, "first-year-organizations")

    # 3b. The representatives exist as people first ("Add a person").
    for first, last in (("Marisol", "Vega"), ("Terrence", "Hill"), ("Opal", "Grant")):
        staff.goto(f"{base}/people/")
        staff.get_by_role("link", name="Add a person").click()
        staff.get_by_label("First name").fill(first)
        staff.get_by_label("Last name").fill(last)
        staff.get_by_label("County").select_option(label="Cook County" if first != "Opal" else "Peoria County")
        if first == "Marisol":
            check_page(staff, "first-year-person-form")
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_role("heading", level=1)).to_contain_text(f"{first} {last}")

    # 3c. A coalition table: three seats, a representative each, a meeting, its notes afterwards.
    go_to(staff, "Tables")
    check_page(staff, "first-year-tables-empty")
    staff.get_by_role("link", name="Start a table").click()
    staff.locator("#id_name").fill("Fully Free Table")
    staff.locator("#id_description").fill("The coalition's statewide table for the year.")
    check_page(staff, "first-year-table-form")
    staff.get_by_role("button", name="Start the table").click()
    expect(staff.get_by_role("heading", level=1, name="Fully Free Table")).to_be_visible()
    for organization, role in (("Westside Legal Aid", "Member"), ("Second Chance Kitchen", "Member"),
                               ("Peoria Reentry Circle", "Observer")):
        staff.get_by_role("link", name="Seat an organization").click()
        pick(staff, "Organization", organization[:6], organization)
        staff.get_by_label("Role at the table").select_option(label=role)
        staff.get_by_label("Joined on").fill(timezone.localdate().isoformat())
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".roster")).to_contain_text(organization)
    for organization, person in (("Westside Legal Aid", "Marisol Vega"), ("Second Chance Kitchen", "Terrence Hill"),
                                 ("Peoria Reentry Circle", "Opal Grant")):
        staff.get_by_role("link", name=f"Add a representative of {organization}").click()
        pick(staff, "Representative", person.split()[0], person)
        staff.get_by_label("Since").fill(timezone.localdate().isoformat())
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".roster")).to_contain_text(person)
    check_page(staff, "first-year-table-roster")
    staff.get_by_role("link", name="Schedule a meeting").click()
    staff.get_by_label("Starts at").fill(_local(14, 18))
    staff.get_by_label("Place").fill("Westside Legal Aid, 1600 S Kostner Ave")
    staff.get_by_label("Agenda").fill("The year's priorities")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Meeting of")
    staff.get_by_role("link", name="Edit agenda and notes").click()
    staff.get_by_label("Notes").fill("Agreed on the Fully Free campaign and a lobby day in March.")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#notes + p")).to_contain_text("lobby day in March")
    check_page(staff, "first-year-meeting")

    # 3d. A campaign with two goals.
    go_to(staff, "Campaigns")
    check_page(staff, "first-year-campaigns-empty")
    staff.get_by_role("link", name="Start a campaign").click()
    staff.locator("#id_name").fill("Fully Free")
    staff.get_by_label("Kind").select_option("legislative")
    staff.get_by_label("Starts on").fill(timezone.localdate().isoformat())
    staff.get_by_label("Ends on").fill((timezone.localdate() + timedelta(days=365)).isoformat())
    staff.get_by_label("Fully Free Table").check()
    staff.locator("#id_description").fill("End permanent punishment after a sentence is served.")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Campaign started.")).to_be_visible()
    for description, metric, target in (("200 calls to Springfield", "actions:called", "200"),
                                        ("60 people taking part", "participants", "60")):
        staff.get_by_role("link", name="Add a goal").click()
        staff.locator("#id_description").fill(description)
        staff.get_by_label("What counts").select_option(metric)
        staff.get_by_label("Target").fill(target)
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_text("Goal added.")).to_be_visible()
    check_page(staff, "first-year-campaign")

    # 3e. A session, two legislators, a bill with a hearing date, a position from each legislator.
    today = timezone.localdate()
    go_to(staff, "Bills")
    check_page(staff, "first-year-bills-empty")
    staff.get_by_role("link", name="Sessions").click()
    staff.get_by_role("link", name="Add a session").click()
    staff.locator("#id_name").fill("105th General Assembly")
    staff.get_by_label("Starts on").fill((today - timedelta(days=30)).isoformat())
    staff.get_by_label("Ends on").fill((today + timedelta(days=700)).isoformat())
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Session added.")).to_be_visible()
    for chamber, district, first, last, party in (("house", "8", "Lamont", "Baker", "D"),
                                                  ("house", "91", "Carol", "Wendt", "R")):
        staff.goto(f"{base}/campaigns/legislators/")
        staff.get_by_role("link", name="Add a legislator").click()
        staff.get_by_label("Chamber").select_option(chamber)
        staff.get_by_label("District").fill(district)
        staff.get_by_label("First name").fill(first)
        staff.get_by_label("Last name").fill(last)
        staff.get_by_label("Party").select_option(party)
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_text("Legislator added.")).to_be_visible()
    check_page(staff, "first-year-legislator")
    staff.goto(f"{base}/campaigns/bills/")
    staff.get_by_role("link", name="Add a bill").click()
    staff.get_by_label("House or Senate bill").select_option("HB")
    staff.get_by_label("Number").fill("1234")
    staff.locator("#id_title").fill("Fully Free: ending permanent punishment")
    staff.get_by_label("Session").select_option(label="105th General Assembly")
    staff.get_by_label("Status").select_option("committee")
    staff.get_by_label("Committee").fill("Judiciary - Criminal")
    staff.get_by_label("Hearing date").fill((today + timedelta(days=60)).isoformat())
    staff.get_by_label("Campaign").select_option(label="Fully Free")
    check_page(staff, "first-year-bill-form")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("Bill added.")).to_be_visible()
    for legislator, stance in ((Legislator.objects.get(last_name="Baker"), "yes"),
                               (Legislator.objects.get(last_name="Wendt"), "undecided")):
        staff.get_by_role("link", name="Record a position").click()
        staff.get_by_label("Legislator").select_option(str(legislator.pk))
        staff.get_by_label("Position").select_option(stance)
        staff.get_by_label("Source").select_option("call")
        staff.get_by_role("button", name="Save").click()
        expect(staff.get_by_text("Position recorded.")).to_be_visible()
    expect(staff.locator("#history + ul")).to_contain_text("Baker")
    expect(staff.locator("#history + ul")).to_contain_text("Wendt")
    check_page(staff, "first-year-bill")

    # 3f. Venues, two pickup points with their flags, a quarterly clinic series, a Springfield advocacy day.
    go_to(staff, "Events")
    check_page(staff, "first-year-events-empty")
    for name, street, city in (("Westside Legal Aid office", "1600 S Kostner Ave", "Chicago"),
                               ("Illinois State Capitol", "401 S 2nd St", "Springfield")):
        staff.goto(f"{base}/events/venues/")
        staff.get_by_role("link", name="Add a venue").click()
        staff.fill("#id_name", name)
        staff.fill("#id_street_address", street)
        staff.fill("#id_city", city)
        if city == "Springfield":
            staff.check("#id_requires_id")
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".message--success")).to_be_visible()
    check_page(staff, "first-year-venues")
    for name, region, city, flag in (("Peoria courthouse lot", "Central", "Peoria", "#id_law_enforcement_site"),
                                     ("Humboldt Park field house", "Chicago", "Chicago",
                                      "#id_near_school_park_daycare")):
        staff.goto(f"{base}/events/pickup-points/")
        staff.get_by_role("link", name="Add a pickup point").click()
        staff.fill("#id_name", name)
        staff.select_option("#id_region", label=region)
        staff.fill("#id_street_address", "1 Main St")
        staff.fill("#id_city", city)
        staff.check(flag)
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator(".message--success")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("Police station, courthouse or jail")
    check_page(staff, "first-year-pickup-points")

    staff.goto(f"{base}/events/")
    staff.get_by_role("link", name="Add a recurring series").click()
    staff.fill("#id_title", "Clear Your Record clinic")
    staff.select_option("#id_kind", "clinic")
    staff.fill("#id_starts_at", _local(21, 10))
    staff.fill("#id_ends_at", _local(21, 14))
    staff.select_option("#id_frequency", "quarterly")
    staff.fill("#id_count", "4")
    staff.select_option("#id_venue", label=str(Venue.objects.get(name="Westside Legal Aid office")))
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("h1")).to_have_text("Clear Your Record clinic")
    expect(staff.locator("main .card")).to_have_count(4)
    check_page(staff, "first-year-clinic-series")

    staff.goto(f"{base}/events/")
    staff.get_by_role("link", name="Add an event").click()
    staff.fill("#id_title", "Fully Free Lobby Day")
    staff.fill("#id_slug", "fully-free-lobby-day")
    staff.select_option("#id_kind", "advocacy_day")
    staff.fill("#id_starts_at", _local(45, 10))
    staff.fill("#id_ends_at", _local(45, 16))
    staff.select_option("#id_venue", label=str(Venue.objects.get(name="Illinois State Capitol")))
    staff.fill("#id_capacity", "120")
    check_page(staff, "first-year-event-form")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("h1")).to_have_text("Fully Free Lobby Day")
    for point, seats in (("Peoria courthouse lot", "50"), ("Humboldt Park field house", "56")):
        staff.get_by_role("link", name="Add a bus").click()
        staff.select_option("#id_pickup_point", label=str(PickupPoint.objects.get(name=point)))
        staff.fill("#id_departs_at", _local(45, 6))
        staff.fill("#id_seats", seats)
        staff.get_by_role("button", name="Add the bus").click()
        expect(staff.locator(".message--success")).to_be_visible()
    check_page(staff, "first-year-advocacy-day")

    # 3g. Fifty people from a CSV (upload, mapping, start), then tagged at once from the filtered list.
    go_to(staff, "Imports")
    check_page(staff, "first-year-imports-empty")
    staff.get_by_role("link", name="Import a CSV").click()
    staff.get_by_label("CSV, text or Excel file").set_input_files({"name": "spring-sign-in.csv",
                                                                   "mimeType": "text/csv", "buffer": _sheet()})
    staff.get_by_role("button", name="Upload and preview").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Import spring-sign-in.csv")
    staff.get_by_label("Tags (separated by ; or ,)").select_option("Tags")
    staff.get_by_role("button", name="Save mapping and preview").click()
    expect(staff.locator("main")).to_contain_text("50 rows · 0 with problems (skipped)")
    check_page(staff, "first-year-import-preview")
    staff.get_by_label("Create these new tags").check()  # "Spring sign-in" is new: the import asks first
    staff.get_by_role("button", name="Import the rows without problems").click()
    expect(staff.locator("main")).to_contain_text("50")
    check_page(staff, "first-year-import-done")
    assert Person.objects.filter(last_name="Signup").count() == 50

    go_to(staff, "Tags")
    staff.locator("#id_name").fill("Lobby day 2027")
    staff.get_by_role("button", name="Add the tag").click()
    expect(staff.locator("main")).to_contain_text("Lobby day 2027")
    check_page(staff, "first-year-tags")
    staff.goto(f"{base}/people/")
    staff.locator("summary", has_text=re.compile(r"^Filters$")).click()
    staff.locator("#id_tag").select_option(label="Spring sign-in")
    staff.get_by_role("button", name="Apply filters").click()
    expect(staff.locator("#person-rows")).to_contain_text("50 people")
    staff.locator("summary", has_text="Tag or untag").click()
    staff.get_by_label("All 50 matching this filter").check()
    staff.locator("#id_bulk-tag").select_option(label="Lobby day 2027")
    staff.get_by_role("button", name="Review and confirm").click()
    expect(staff.get_by_text("Add the tag “Lobby day 2027” to 50 people?")).to_be_visible()
    check_page(staff, "first-year-bulk-review")
    staff.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text("50 people got the tag “Lobby day 2027”.")).to_be_visible()

    # 3h. A record-clearing referral to the legal-aid organization.
    staff.goto(f"{base}/people/?q=Neighbor07")
    staff.locator("#person-rows").get_by_role("link", name="Neighbor07 Signup", exact=True).click()
    staff.get_by_role("link", name="Record a referral").click()
    staff.get_by_label("Legal-aid partner").select_option(label="Westside Legal Aid")
    staff.get_by_label("The person agreed to share their details with the partner").check()
    check_page(staff, "first-year-referral-form")
    staff.get_by_role("button", name="Record the referral").click()
    expect(staff.get_by_text("Referral of Neighbor07 Signup to Westside Legal Aid recorded.")).to_be_visible()
    staff.goto(f"{base}/people/referrals/")
    expect(staff.locator("main")).to_contain_text("Neighbor07 Signup")
    check_page(staff, "first-year-referrals")
    staff.context.close()

    # Staff never needed the back office.
    assert opened, "no request was recorded"
    assert not [path for path in opened if path.startswith("/backoffice")]

    # 4. What the year's setup left in the database.
    table = CoalitionTable.objects.get(name="Fully Free Table")
    assert Organization.objects.count() == 3
    assert Organization.objects.filter(kind=Organization.Kind.LEGAL_AID).count() == 1
    assert TableSeat.objects.filter(table=table).count() == 3
    assert SeatRepresentative.objects.filter(seat__table=table).count() == 3
    meeting = TableMeeting.objects.get(table=table)
    assert "lobby day in March" in meeting.notes
    campaign = Campaign.objects.get(name="Fully Free")
    assert list(campaign.tables.all()) == [table]
    assert Goal.objects.filter(campaign=campaign).count() == 2
    assert LegislativeSession.objects.count() == 1 and Legislator.objects.count() == 2
    bill = Bill.objects.get(number=1234)
    assert bill.hearing_on is not None and bill.campaign == campaign
    assert Position.objects.filter(bill=bill).count() == 2
    assert Venue.objects.count() == 2 and PickupPoint.objects.count() == 2
    assert PickupPoint.objects.get(name="Peoria courthouse lot").law_enforcement_site
    assert PickupPoint.objects.get(name="Humboldt Park field house").near_school_park_daycare
    assert EventSeries.objects.get(title="Clear Your Record clinic").events.count() == 4
    lobby_day = Event.objects.get(slug="fully-free-lobby-day")
    assert lobby_day.kind == Event.Kind.ADVOCACY_DAY and lobby_day.venue.city == "Springfield"
    assert Bus.objects.filter(event=lobby_day).count() == 2
    assert Event.objects.count() == 5
    assert Person.objects.count() == 53
    assert Tag.objects.get(name="Lobby day 2027").people.count() == 50
    referral = RecordClearingReferral.objects.get()
    assert referral.partner.name == "Westside Legal Aid" and referral.person.first_name == "Neighbor07"
