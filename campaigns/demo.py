"""Demo data for coalition tables, campaigns, bills and whip counts.

Organizations are real public partners (coalition.demo); people and legislators are invented (no real
legislator's name is used; district numbers are real). Idempotent: natural keys, and records that grow over
time (actions, positions, visits) are only seeded when there are none yet.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import (
    Bill,
    Campaign,
    CampaignAction,
    Chamber,
    Goal,
    LegislativeSession,
    Legislator,
    LobbyVisit,
    Participation,
    Position,
    Stance,
    WitnessSlipDrive,
    WitnessSlipFiling,
)
from coalition.models import (
    ActionItem,
    CoalitionTable,
    MeetingAttendance,
    Organization,
    Region,
    SeatRepresentative,
    TableMeeting,
    TableSeat,
    User,
)

CHICAGO_400_MEMBERS = [
    "CAASE", "CAARPR", "Shriver Center on Poverty Law", "Safer Foundation", "Above and Beyond Family Recovery Center",
    "Legal Council for Health Justice", "Kolbe House Jail Ministry", "TASC",
    "Law Office of the Cook County Public Defender",
]

# table name -> [(organization, role, joined, left or None)]
TABLES: dict[str, tuple[str, list[tuple[str, str, str, str | None]]]] = {
    "Clean Slate table": ("Statewide table behind the Clean Slate Act, now working on implementation and awareness.", [
        ("Illinois Coalition to End Permanent Punishments", "chair", "2023-02-01", None),
        ("Cabrini-Green Legal Aid", "member", "2023-02-01", None),
        ("Legal Aid Chicago", "member", "2023-03-15", None),
        ("Shriver Center on Poverty Law", "member", "2023-02-01", None),
        ("TASC", "observer", "2024-01-10", None),
        ("Kolbe House Jail Ministry", "member", "2023-02-01", "2025-06-30"),
    ]),
    "Fully Free table": ("Ending permanent punishments, economic barriers first: benefits, assets, wealth building.", [
        ("Illinois Coalition to End Permanent Punishments", "chair", "2024-05-01", None),
        ("Shriver Center on Poverty Law", "member", "2024-05-01", None),
        ("Collective Freedom Project", "member", "2024-06-01", None),
        ("Legal Council for Health Justice", "observer", "2024-09-01", None),
    ]),
    "Chicago 400 Alliance": ("Victim, housing, justice and faith advocates challenging public conviction registries "
                             "and residency restrictions.", [
        (name, "chair" if name == "Shriver Center on Poverty Law" else "member", "2022-09-01", None)
        for name in CHICAGO_400_MEMBERS
    ]),
    "Cannabis Equity Illinois Coalition table": ("Clear Your Record: record-clearing events, webinars and referrals.", [
        ("Cannabis Equity Illinois Coalition", "chair", "2022-04-20", None),
        ("Cabrini-Green Legal Aid", "member", "2022-04-20", None),
        ("Legal Aid Chicago", "member", "2022-04-20", None),
        ("Land of Lincoln Legal Aid", "member", "2023-01-15", None),
        ("Illinois Legal Aid Online", "member", "2022-04-20", None),
        ("Prairie State Legal Aid", "member", "2023-01-15", None),
        ("New Leaf Illinois", "observer", "2024-02-01", None),
    ]),
}

# (table, organization, person "First Last")
REPRESENTATIVES = [
    ("Chicago 400 Alliance", "Safer Foundation", "Marcus Bell"),
    ("Chicago 400 Alliance", "Shriver Center on Poverty Law", "Gloria Nwosu"),
    ("Chicago 400 Alliance", "CAASE", "Yesenia Castillo"),
    ("Chicago 400 Alliance", "TASC", "Terrence Mayfield"),
    ("Chicago 400 Alliance", "Kolbe House Jail Ministry", "Ramón Aguilar"),
    ("Clean Slate table", "Illinois Coalition to End Permanent Punishments", "Andre Whitfield"),
    ("Clean Slate table", "Legal Aid Chicago", "Keisha Porter"),
    ("Fully Free table", "Shriver Center on Poverty Law", "Gloria Nwosu"),
    ("Fully Free table", "Collective Freedom Project", "Beatriz Salgado"),
    ("Cannabis Equity Illinois Coalition table", "Cabrini-Green Legal Aid", "Darnell Fuller"),
]

CAMPAIGNS = [
    ("Clean Slate", "implementation", ["Clean Slate table"],
     "The Clean Slate Act (HB 1836, Public Act 104-0459) was signed on 2026-01-16 and took effect on 2026-06-01; "
     "agencies must seal eligible records automatically by 2029. Now: implementation and awareness. It does not "
     "cover registry offenses, DUI, domestic battery or violent felonies: say so to every audience."),
    ("Fully Free", "active", ["Fully Free table"],
     "End permanent punishments, economic barriers first: public benefits, assets and wealth building."),
    ("Chicago 400", "active", ["Chicago 400 Alliance"],
     "Challenge public conviction registries and residency restrictions."),
    ("Clear Your Record", "active", ["Cannabis Equity Illinois Coalition table"],
     "Quarterly record-clearing events, National Expungement Week, webinars and legal-aid referrals."),
    ("Voting bloc", "active", [],
     "People with records may vote in Illinois unless serving a sentence in prison; people held in jail before "
     "trial may vote. Register, make a plan, vote."),
]

GOALS = [
    ("Fully Free", "300 members contact their legislator", "actions:called", 300),
    ("Fully Free", "100 witness slips filed", "actions:witness_slip", 100),
    ("Fully Free", "50 leaders visit their legislator", "actions:lobby_visit", 50),
    ("Clean Slate", "200 people take part in awareness work", "participants", 200),
    ("Clean Slate", "40 stories shared", "actions:story", 40),
    ("Chicago 400", "25 people testify", "actions:testified", 25),
    ("Voting bloc", "500 people take part", "participants", 500),
]

HOUSE_FIRST = ["Adrienne", "Bernard", "Celia", "Desmond", "Elena", "Franklin", "Grace", "Hector", "Irene", "Jamal",
               "Katrina", "Leon", "Monique", "Nathan", "Olivia", "Percy", "Queenie", "Rafael", "Sylvia", "Tobias",
               "Ursula", "Vernon", "Whitney", "Xavier", "Yolanda", "Zachary", "Annette", "Boyd", "Corinne", "Dwight"]
HOUSE_LAST = ["Ashgrove", "Brantley", "Corwin", "Dunmore", "Ellery", "Fairbanks", "Galloway", "Haverford", "Ingram",
              "Jessup", "Kingsley", "Larkspur", "Merriweather", "Northcott", "Oakhurst", "Pemberton", "Quarles",
              "Ravenel", "Stanwick", "Thistlewood", "Underhill", "Vantreese", "Wexford", "Yardley", "Zellweger",
              "Abernathy", "Birchfield", "Calloway", "Delacroix", "Eastlake"]
SENATE_FIRST = ["Harriet", "Ignatius", "Josephine", "Kendall", "Lorraine", "Malcolm", "Nadine", "Oscar", "Priscilla",
                "Roderick", "Simone", "Thaddeus", "Valerie", "Winston", "Yvette"]
SENATE_LAST = ["Applewhite", "Blackburn", "Crestwood", "Drummond", "Everhart", "Fontaine", "Greenleaf", "Holloway",
               "Ivory", "Juniper", "Kestrel", "Lockridge", "Marchetti", "Nettleton", "Ormsby"]
# Real district numbers, spread over the regions (region slug by district range, roughly by geography).
HOUSE_DISTRICTS = [1, 4, 6, 8, 10, 12, 25, 26, 31, 34, 39, 40, 43, 45, 47, 50, 53, 63, 66, 69, 72, 76, 87, 91, 96,
                   99, 108, 112, 115, 117]
SENATE_DISTRICTS = [2, 3, 5, 13, 17, 22, 25, 27, 33, 36, 44, 48, 54, 56, 59]


def _region_for(chamber: str, district: int) -> str:
    house = district if chamber == Chamber.HOUSE else district * 2
    if house <= 40:
        return "chicago"
    if house <= 66:
        return "collar-counties" if house < 60 else "northern"
    if house <= 76:
        return "northern"
    if house <= 99:
        return "central"
    if house <= 114:
        return "metro-east"
    return "southern"


def seed_tables(organizations: dict[str, Organization], people: dict[str, Any], users: dict[str, User]) -> dict:
    tables = {}
    for name, (description, seats) in TABLES.items():
        table, _ = CoalitionTable.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description})
        tables[name] = table
        for org_name, role, joined, left in seats:
            organization = organizations.get(org_name) or Organization.objects.get(name=org_name)
            TableSeat.objects.get_or_create(
                table=table, organization=organization, joined_on=datetime.date.fromisoformat(joined),
                defaults={"role": role, "left_on": datetime.date.fromisoformat(left) if left else None})
    for table_name, org_name, person_name in REPRESENTATIVES:
        seat = TableSeat.objects.filter(table=tables[table_name], organization__name=org_name).first()
        person = people.get(person_name)
        if seat is None or person is None:
            continue
        SeatRepresentative.objects.get_or_create(seat=seat, person=person,
                                                 defaults={"since": seat.joined_on, "until": seat.left_on})
    chicago = tables["Chicago 400 Alliance"]
    tz = timezone.get_current_timezone()
    past, _ = TableMeeting.objects.get_or_create(
        table=chicago, starts_at=datetime.datetime(2026, 11, 12, 18, 0, tzinfo=tz),
        defaults={"place": "Shriver Center, 67 E. Madison St., Chicago",
                  "agenda": "1. Quarterly conference planning\n2. Residency-restriction memo\n3. Impact map update",
                  "notes": "Conference date set for February. The memo goes to the legal committee."})
    TableMeeting.objects.get_or_create(
        table=chicago, starts_at=datetime.datetime(2026, 12, 10, 18, 0, tzinfo=tz),
        defaults={"link": "https://meet.example.org/chicago-400", "agenda": "1. Conference speakers\n2. Amicus brief"})
    TableMeeting.objects.get_or_create(
        table=tables["Clean Slate table"], starts_at=datetime.datetime(2026, 11, 5, 10, 0, tzinfo=tz),
        defaults={"link": "https://meet.example.org/clean-slate",
                  "agenda": "1. Awareness materials by audience\n2. Agency rollout timeline"})
    if not MeetingAttendance.objects.filter(meeting=past).exists():
        reps = SeatRepresentative.objects.filter(seat__table=chicago, until__isnull=True).select_related("seat")
        for rep in reps[:3]:
            MeetingAttendance.objects.create(meeting=past, person=rep.person, organization=rep.seat.organization)
        MeetingAttendance.objects.create(meeting=past, guest_name="Pastor Ruth Owens (guest)")
    staff = users.get("staff@demo.coalition.test")
    partner = users.get("partner@demo.coalition.test")
    if staff is not None:
        ActionItem.objects.get_or_create(
            meeting=past, description="Send the residency-restriction memo to the legal committee",
            defaults={"owner": staff, "due_on": datetime.date(2026, 12, 1)})
    if partner is not None:
        ActionItem.objects.get_or_create(meeting=past, description="Share the conference flyer with Safer "
                                         "Foundation's reentry staff",
                                         defaults={"owner": partner, "due_on": datetime.date(2026, 12, 5)})
    return tables


def seed_legislators() -> list[Legislator]:
    regions = {r.slug: r for r in Region.objects.all()}
    found = []
    for chamber, districts, firsts, lasts in (
        (Chamber.HOUSE, HOUSE_DISTRICTS, HOUSE_FIRST, HOUSE_LAST),
        (Chamber.SENATE, SENATE_DISTRICTS, SENATE_FIRST, SENATE_LAST),
    ):
        for i, district in enumerate(districts):
            legislator, _ = Legislator.objects.get_or_create(
                chamber=chamber, district=district,
                defaults={"first_name": firsts[i], "last_name": lasts[i], "party": "D" if i % 3 else "R",
                          "region": regions.get(_region_for(chamber, district))})
            found.append(legislator)
    return found


def seed(users: dict[str, User] | None = None, organizations: dict[str, Organization] | None = None,
         people: dict[str, Any] | None = None, **_: Any) -> dict[str, Any]:
    """Tables with seats, representatives, meetings and action items; campaigns, goals, participation and actions;
    invented legislators, bills, positions with history, a lobby visit and a witness-slip drive."""
    users = users or {u.email: u for u in User.objects.all()}
    organizations = organizations or {o.name: o for o in Organization.objects.all()}
    people = people or {}
    tables = seed_tables(organizations, people, users)
    campaigns = {}
    for name, status, table_names, description in CAMPAIGNS:
        campaign, _created = Campaign.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "status": status, "description": description})
        campaign.tables.add(*[tables[t] for t in table_names])
        campaigns[name] = campaign
    for campaign_name, description, metric, target in GOALS:
        Goal.objects.get_or_create(campaign=campaigns[campaign_name], description=description,
                                   defaults={"metric": metric, "target": target})
    today = timezone.localdate()
    everyone = list(people.values())
    for i, person in enumerate(everyone):
        for campaign_name in (["Fully Free", "Clean Slate"] if i % 2 else ["Fully Free", "Voting bloc"]):
            Participation.objects.get_or_create(
                campaign=campaigns[campaign_name], person=person,
                defaults={"joined_on": datetime.date(2026, 3, 1) + datetime.timedelta(days=i * 7),
                          "commitment": ("interested", "committed", "core")[i % 3],
                          "role": "leader" if i % 5 == 0 else "participant"})
    legislators = seed_legislators()
    ga104, _created = LegislativeSession.objects.get_or_create(name="104th General Assembly", defaults={
        "starts_on": datetime.date(2025, 1, 8), "ends_on": datetime.date(2027, 1, 12)})
    ga105, _created = LegislativeSession.objects.get_or_create(name="105th General Assembly", defaults={
        "starts_on": datetime.date(2027, 1, 13), "ends_on": datetime.date(2029, 1, 9)})
    clean_slate, _created = Bill.objects.get_or_create(kind="HB", number=1836, defaults={"session": ga104,
        "title": "Clean Slate Act", "committee": "Judiciary - Criminal", "status": Bill.Status.SIGNED,
        "current_chamber": Chamber.SENATE, "public_act": "104-0459", "campaign": campaigns["Clean Slate"]})
    fully_free, _created = Bill.objects.get_or_create(kind="HB", number=4120, defaults={"session": ga105,
        "title": "Fully Free: public benefits and asset limits for people with records (demo bill)",
        "committee": "Human Services", "status": Bill.Status.IN_COMMITTEE, "current_chamber": Chamber.HOUSE,
        "hearing_on": datetime.date(2027, 2, 18), "campaign": campaigns["Fully Free"]})
    Bill.objects.get_or_create(kind="SB", number=2250, defaults={"session": ga104,
        "title": "Residency restrictions review (demo bill)", "committee": "Criminal Law",
        "status": Bill.Status.FILED, "current_chamber": Chamber.SENATE, "campaign": campaigns["Chicago 400"]})
    staff = users.get("staff@demo.coalition.test")
    if not Position.objects.filter(bill=fully_free).exists():
        stances = [Stance.SPONSOR, Stance.YES, Stance.YES, Stance.LEAN_YES, Stance.UNDECIDED, Stance.LEAN_NO, Stance.NO,
                   Stance.YES]
        first_seen = timezone.now() - datetime.timedelta(days=60)
        house = [x for x in legislators if x.chamber == Chamber.HOUSE]
        for i, legislator in enumerate(house[:24]):
            Position.objects.create(legislator=legislator, bill=fully_free, stance=stances[i % len(stances)],
                                    source=Position.Source.STATEMENT if i % 2 else Position.Source.CALL,
                                    recorded_by=staff, recorded_at=first_seen + datetime.timedelta(days=i))
        # History: two legislators moved after calls.
        for legislator, stance in ((house[4], Stance.LEAN_YES), (house[5], Stance.UNDECIDED)):
            Position.objects.create(legislator=legislator, bill=fully_free, stance=stance,
                                    source=Position.Source.CALL, recorded_by=staff,
                                    recorded_at=timezone.now() - datetime.timedelta(days=5))
    if staff is not None and not LobbyVisit.objects.exists() and len(everyone) >= 3:
        visit = LobbyVisit.objects.create(
            legislator=legislators[0], visited_on=today - datetime.timedelta(days=10), recorded_by=staff,
            asked="Co-sponsor HB 4120 and speak for it in committee.",
            response="Agreed to co-sponsor; wants stories from the district.", resulting_stance=Stance.SPONSOR)
        visit.bills.add(fully_free)
        visit.people.add(*everyone[:3])
        Position.objects.create(legislator=legislators[0], bill=fully_free, stance=Stance.SPONSOR,
                                source=Position.Source.VISIT, lobby_visit=visit, recorded_by=staff,
                                recorded_at=timezone.now() - datetime.timedelta(days=10))
    drive, _created = WitnessSlipDrive.objects.get_or_create(
        bill=fully_free, hearing_on=datetime.date(2027, 2, 18),
        defaults={"deadline": datetime.datetime(2027, 2, 17, 17, 0, tzinfo=timezone.get_current_timezone()),
                  "instructions": "File as a proponent on my.ilga.gov; you do not need to testify."})
    if everyone and not CampaignAction.objects.exists():
        kinds = [CampaignAction.Kind.CALLED] * 4 + [CampaignAction.Kind.WITNESS_SLIP, CampaignAction.Kind.STORY,
                                                    CampaignAction.Kind.TESTIFIED]
        for week in range(12):
            for j in range((week * 3) % 7 + 1):
                person = everyone[(week + j) % len(everyone)]
                CampaignAction.objects.create(
                    person=person, campaign=campaigns["Fully Free"], kind=kinds[(week + j) % len(kinds)],
                    taken_on=today - datetime.timedelta(weeks=11 - week, days=j % 5),
                    legislator=legislators[(week + j) % 30], recorded_by=staff)
        for person in everyone[:3]:
            CampaignAction.objects.create(
                person=person, campaign=campaigns["Fully Free"], kind=CampaignAction.Kind.LOBBY_VISIT,
                taken_on=today - datetime.timedelta(days=10), legislator=legislators[0], bill=fully_free,
                recorded_by=staff)
        for person in everyone[:2]:
            WitnessSlipFiling.objects.get_or_create(drive=drive, person=person, defaults={"filed_at": timezone.now()})
        for i, person in enumerate(everyone[:6]):
            CampaignAction.objects.create(
                person=person, campaign=campaigns["Clean Slate"], kind=CampaignAction.Kind.STORY,
                taken_on=today - datetime.timedelta(days=3 * i), recorded_by=staff)
    return {"tables": tables, "campaigns": campaigns}
