"""The synthetic statewide dataset: a registry of pieces, each a small function that loads one kind of row.

Deterministic: one seeded random generator, one anchor time. Scale 1 is the statewide dataset (100,000 people,
1,000,000 interactions, 500 organizations, 2,000 events with 200,000 RSVPs, 20,000 outbox messages);
BENCH_SCALE shrinks it for development. A piece whose models do not exist yet is reported as missing
with the reason, never invented.
"""

from __future__ import annotations

import itertools
import random
import uuid
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, transaction

from bench import illinois
from bench.loader import CannotFill, analyze, copy_rows, next_id, reset_sequences

FULL = {
    "people": 100_000,
    "interactions": 1_000_000,
    "organizations": 500,
    "events": 2_000,
    "rsvps": 200_000,
    "outbox_messages": 20_000,
}
ROSTER_EVENT_RSVPS = 2_000
BENCH_PASSWORD = "bench-organize-illinois-2026"  # noqa: S105 (a throwaway bench database)
BENCH_DOMAIN = "bench.coalition.test"
ORGANIZERS_PER_REGION = 4


def target_counts(scale: float) -> dict[str, int]:
    """The promised counts at a scale (at least one of each, so every page has something to show)."""
    return {name: max(1, round(count * scale)) for name, count in FULL.items()}


@dataclass
class Build:
    scale: float
    now: datetime
    rng: random.Random
    targets: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # What later pieces and the metrics need to know about earlier ones.
    regions: dict[str, int] = field(default_factory=dict)
    counties: list[tuple[int, str, int, str]] = field(default_factory=list)  # id, name, region id, region slug
    accounts: dict[str, int] = field(default_factory=dict)
    organizers: dict[int, list[int]] = field(default_factory=dict)  # region id -> organizer ids
    person_ids: list[int] = field(default_factory=list)
    person_region: dict[int, int] = field(default_factory=dict)
    first_person_id: int = 0
    events: dict[str, int] = field(default_factory=dict)  # "roster", "nearly_full" -> id
    facts: dict[str, Any] = field(default_factory=dict)  # sample values for the metrics' queries


Piece = Callable[[Build], dict[str, int]]
PIECES: list[tuple[str, Piece]] = []


def piece(name: str) -> Callable[[Piece], Piece]:
    def register(function: Piece) -> Piece:
        PIECES.append((name, function))
        return function

    return register


def model(label: str) -> Any:
    """The model, or LookupError naming it (the piece is then reported missing)."""
    return apps.get_model(label)


def build_dataset(*, scale: float, seed: int = 2026, now: datetime, only: list[str] | None = None) -> Build:
    """Load every piece in order, each in its own transaction; a failing piece is recorded, not fatal."""
    import time

    build = Build(scale=scale, now=now, rng=random.Random(seed), targets=target_counts(scale))
    for name, function in PIECES:
        if only is not None and name not in only:
            continue
        started = time.perf_counter()
        try:
            with transaction.atomic():
                build.counts.update(function(build))
        except (LookupError, CannotFill, DatabaseError, ValueError) as error:
            build.missing[name] = f"{type(error).__name__}: {error}"
        build.seconds[name] = round(time.perf_counter() - started, 2)
    analyze()
    return build


def _weighted(rng: random.Random, cumulative: list[float]) -> int:
    return bisect(cumulative, rng.random() * cumulative[-1])


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


# -- Reference data and accounts ----------------------------------------------------------------------------


@piece("accounts")
def load_accounts(build: Build) -> dict[str, int]:
    """The bench's sign-ins (admin, staff, the Chicago organizer) and four organizers per region."""
    Region, County, User = model("coalition.Region"), model("coalition.County"), model("coalition.User")
    build.regions = dict(Region.objects.values_list("slug", "id"))
    build.counties = [(c.id, c.name, c.region_id, c.region.slug) for c in County.objects.select_related("region")]
    if len(build.counties) != 102:
        raise ValueError(f"expected the 102 Illinois counties from the migrations, found {len(build.counties)}")
    password = make_password(BENCH_PASSWORD)
    role = User.Role
    users = [
        User(email=f"admin@{BENCH_DOMAIN}", role=role.ADMIN, first_name="Bench", last_name="Admin", password=password),
        User(email=f"staff@{BENCH_DOMAIN}", role=role.STAFF, first_name="Bench", last_name="Staff", password=password),
        User(email=f"chicago.organizer@{BENCH_DOMAIN}", role=role.ORGANIZER, region_id=build.regions["chicago"],
             first_name="Bench", last_name="Chicago Organizer", password=password),
    ]
    rng = build.rng
    for slug, region_id in sorted(build.regions.items()):
        for n in range(ORGANIZERS_PER_REGION - (slug == "chicago")):
            users.append(User(email=f"organizer.{slug}.{n}@{BENCH_DOMAIN}", role=role.ORGANIZER, region_id=region_id,
                              first_name=rng.choice(illinois.FIRST_NAMES), last_name=rng.choice(illinois.LAST_NAMES),
                              password=password))
    for user in users:
        user.is_staff = user.is_superuser = user.role == role.ADMIN
    created = User.objects.bulk_create(users)
    for user in created:
        if user.role == role.ORGANIZER:
            build.organizers.setdefault(user.region_id, []).append(user.pk)
    build.accounts = {u.email.split("@")[0]: u.pk for u in created}
    return {"accounts": len(created)}


@piece("organizations")
def load_organizations(build: Build) -> dict[str, int]:
    Organization = model("coalition.Organization")
    rng, n = build.rng, build.targets["organizations"]
    kinds = ["legal_aid", "service", "faith", "grassroots", "policy", "public"]
    words = {"legal_aid": "Legal Aid", "service": "Re-entry Services", "faith": "Faith Community",
             "grassroots": "Organizing Project", "policy": "Justice Policy Center", "public": "Public Defender"}
    places = sorted({name for _id, name, _r, _s in build.counties})
    region_ids = [None, *build.regions.values()]
    start = next_id(Organization)
    rows = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        place = places[i % len(places)]
        rows.append((start + i, f"{place} {words[kind]} {i // len(places) + 1}", kind, rng.choice(region_ids),
                     f"https://org{start + i}.example.org", build.now, build.now))
    count = copy_rows(Organization, ["id", "name", "kind", "region_id", "website", "created_at", "updated_at"],
                      rows, build.now)
    reset_sequences([Organization])
    build.facts["organization_ids"] = [start, start + n - 1]
    return {"organizations": count}


# -- People ---------------------------------------------------------------------------------------------------

SURNAME_HEADS = ["Kow", "Mar", "Wash", "Hern", "Dab", "Ok", "Stan", "Bel", "Tor", "Gal", "Rich", "Whit", "Ad",
                 "Mor", "Vil", "Cas", "Lan", "Pet", "Sok", "Jan", "Kam", "Nov", "Ram", "Ben", "Dav", "Gor", "Har"]
SURNAME_TAILS = ["alski", "inez", "ington", "andez", "rowski", "afor", "ley", "ova", "res", "lagher", "ards",
                 "field", "ams", "eland", "alobos", "tillo", "caster", "erson", "olowski", "kowiak", "ecki",
                 "ak", "irez", "nett", "enport", "don", "rell", "ston", "sby", "well", "brook", "wood"]


def surname_pool() -> tuple[list[str], list[float]]:
    """Common surnames weighted by rank, then a long tail, so same-surname groups have a realistic size."""
    common = illinois.LAST_NAMES
    tail = [h + t for h in SURNAME_HEADS for t in SURNAME_TAILS]
    weights = [6.0 / (rank + 1) ** 0.6 for rank in range(len(common))] + [0.35] * len(tail)
    return common + tail, _cumulative(weights)


STAGE_WEIGHTS = [50, 25, 12, 7, 4, 2]
STORY = ["internal", "internal", "internal", "partners", "media_named", "media_anonymous", "public"]
SOURCES = ["organizer", "event", "clinic", "partner", "import", "public_rsvp", "referral", "other"]


@piece("people")
def load_people(build: Build) -> dict[str, int]:
    """People spread over the counties by population, with phones, tags, stages and consents.

    About 1% are deliberate near-duplicates (same phone, or the same name in the same county) so the
    duplicate scan has real work.
    """
    Person, Phone, Tag, Stage = (model("members.Person"), model("members.PersonPhone"), model("members.Tag"),
                                 model("leadership.Stage"))
    rng, n, now = build.rng, build.targets["people"], build.now
    stages = list(Stage.objects.order_by("order").values_list("id", flat=True))
    Tag.objects.bulk_create([Tag(name=name) for name in illinois.TAGS], ignore_conflicts=True)
    tag_ids = list(Tag.objects.filter(name__in=illinois.TAGS).values_list("id", flat=True))
    county_cumulative = _cumulative([illinois.county_weight(name) for _i, name, _r, _s in build.counties])
    surnames, surname_cumulative = surname_pool()
    stage_cumulative = _cumulative(STAGE_WEIGHTS[: len(stages)])
    chicago_organizer = build.accounts.get("chicago.organizer")
    start = next_id(Person)
    phone_start = next_id(Phone)
    people, phones, links = [], [], []
    phone_id = phone_start
    previous: list[tuple[str, str, int, str]] = []  # first, last, county index, number (for duplicates)
    for i in range(n):
        pk = start + i
        county_index = _weighted(rng, county_cumulative)
        county_id, county_name, region_id, region_slug = build.counties[county_index]
        duplicate = previous and rng.random() < 0.01
        if duplicate:
            first, last, county_index, number = rng.choice(previous)
            county_id, county_name, region_id, region_slug = build.counties[county_index]
        else:
            first = rng.choice(illinois.FIRST_NAMES)
            last = surnames[_weighted(rng, surname_cumulative)]
            number = illinois.phone_number(rng, rng.choice(illinois.area_codes(county_name, region_slug)))
        preferred = illinois.NICKNAMES.get(first, "") if rng.random() < 0.3 else ""
        spanish = rng.random() < (0.2 if region_slug in ("chicago", "collar-counties") else 0.07)
        has_email = rng.random() < 0.55
        email = (f"{first}.{last}{pk % 997}@{rng.choice(illinois.EMAIL_DOMAINS)}".lower().replace("'", "")
                 if has_email else "")
        reach = "" if rng.random() > 0.06 else rng.choice(["shelter", "case_manager", "partner", "family"])
        organizers = build.organizers.get(region_id, [])
        assigned = None
        if organizers and rng.random() < 0.7:
            assigned = (chicago_organizer if region_slug == "chicago" and chicago_organizer and rng.random() < 0.25
                        else rng.choice(organizers))
        sms, mail, call = rng.random() < 0.6, has_email and rng.random() < 0.7, rng.random() < 0.5
        joined = (now - timedelta(days=rng.randint(0, 6 * 365))).date()
        consent_at = now - timedelta(days=rng.randint(0, 700))
        people.append((
            pk, first, last, preferred, rng.choice(illinois.PRONOUNS), "es" if spanish else "en", email,
            rng.choice(["sms", "sms", "phone", "email" if has_email else "sms"]),
            illinois.CITY_BY_COUNTY.get(county_name, county_name), reach,
            "Pacific Garden Mission front desk" if reach == "shelter" else "", county_id, region_id, assigned,
            rng.choice(SOURCES), joined, stages[_weighted(rng, stage_cumulative)] if stages else None,
            rng.random() < 0.03, sms, consent_at if sms else None, "Sign-in sheet" if sms else "",
            mail, consent_at if mail else None, "Web form" if mail else "", call, consent_at if call else None,
            "Said yes in person" if call else "", rng.choice(STORY), rng.random() < 0.4,
            datetime.combine(joined, now.timetz()), now,
        ))
        build.person_region[pk] = region_id
        if reach == "" or rng.random() < 0.5:
            phones.append((phone_id, pk, number, "mobile", True, joined, None, number[2:]))
            phone_id += 1
            if rng.random() < 0.2:
                other = illinois.phone_number(rng, rng.choice(illinois.area_codes(county_name, region_slug)))
                if other != number:
                    stopped = joined + timedelta(days=rng.randint(30, 900)) if rng.random() < 0.5 else None
                    phones.append((phone_id, pk, other, "home", False, joined, stopped, other[2:]))
                    phone_id += 1
        for tag in rng.sample(tag_ids, k=min(len(tag_ids), rng.choice([0, 0, 1, 1, 2, 3]))):
            links.append((pk, tag))
        if not duplicate and len(previous) < 5000:
            previous.append((first, last, county_index, number))
    count = copy_rows(Person, [
        "id", "first_name", "last_name", "preferred_name", "pronouns", "preferred_language", "email",
        "preferred_channel", "city", "reach_through", "reach_through_name", "county_id", "region_id",
        "assigned_organizer_id", "source", "joined_on", "stage_id", "no_online_identity", "sms_consent",
        "sms_consent_at", "sms_consent_how", "email_consent", "email_consent_at", "email_consent_how",
        "phone_consent", "phone_consent_at", "phone_consent_how", "story_sharing", "photo_consent",
        "created_at", "updated_at"], people, now)
    phone_count = copy_rows(Phone, ["id", "person_id", "number", "kind", "is_primary", "valid_since",
                                    "stopped_working_on", "digits"], phones, now)
    tag_count = copy_rows(Person.tags.through, ["person_id", "tag_id"], links, now)
    reset_sequences([Person, Phone])
    build.first_person_id = start
    build.person_ids = list(range(start, start + n))
    sample = people[len(people) // 2]
    build.facts.update({
        "name_fragment": sample[2][:4], "email": next((p[6] for p in people if p[6]), ""),
        "phone_fragment": phones[len(phones) // 3][7][3:9] if phones else "",
        "last_name": sample[2],
    })
    return {"people": count, "phones": phone_count, "person_tags": tag_count}


# -- Interactions and follow-ups ------------------------------------------------------------------------------

NOTES = ["", "", "Talked about the Springfield trip.", "Wants to tell their story at the hearing.",
         "Needs a ride to the clinic.", "Left a voicemail.", "Interested in Clean Slate implementation.",
         "Asked about expungement eligibility; referred to the clinic.", "Will bring two neighbors.",
         "Busy with work until next month."]


@piece("interactions")
def load_interactions(build: Build) -> dict[str, int]:
    """Contacts over three years, skewed: a third of people hold most of them. Updates last contact."""
    Interaction = model("members.Interaction")
    rng, n, now = build.rng, build.targets["interactions"], build.now
    people = build.person_ids
    if not people:
        raise ValueError("needs the people piece")
    order = people[:]
    rng.shuffle(order)
    staff = build.accounts.get("staff")
    channels = ["in_person", "phone", "phone", "text", "text", "door", "event", "video"]
    kinds = ["one_on_one", "follow_up", "follow_up", "recruitment", "check_in", "check_in"]
    outcomes = ["reached", "reached", "committed", "left_message", "no_answer", "no_answer", "wrong_number",
                "not_now"]
    span = 3 * 365 * 86400
    start = next_id(Interaction)

    def rows():  # type: ignore[no-untyped-def]
        for i in range(n):
            person = order[int(len(order) * rng.random() ** 2.2)]
            organizers = build.organizers.get(build.person_region[person]) or [staff]
            happened = now - timedelta(seconds=rng.randint(0, span))
            yield (start + i, person, rng.choice(organizers), happened, rng.choice(channels), rng.choice(kinds),
                   rng.choice(outcomes), rng.choice(NOTES), uuid.UUID(int=rng.getrandbits(128), version=4),
                   happened, happened)

    count = copy_rows(Interaction, ["id", "person_id", "logged_by_id", "happened_at", "channel", "kind", "outcome",
                                    "notes", "idempotency_key", "created_at", "updated_at"], rows(), now)
    reset_sequences([Interaction])
    Person = model("members.Person")
    from django.db import connection

    if connection.vendor == "postgresql":
        # One grouped pass over the interactions joined to the people, not a subquery per person: at ten times the
        # state the correlated form takes many minutes.
        with connection.cursor() as cursor:
            sql = (f"UPDATE {Person._meta.db_table} AS p SET last_contact_at = latest.at "  # noqa: S608 - the models' tables
                   f"FROM (SELECT person_id, MAX(happened_at) AS at FROM {Interaction._meta.db_table} "
                   f"GROUP BY person_id) AS latest WHERE latest.person_id = p.id")
            cursor.execute(sql)
    else:
        latest = (Interaction.objects.filter(person=_outer("pk")).order_by("-happened_at").values("happened_at")[:1])
        Person.objects.update(last_contact_at=_subquery(latest))
    return {"interactions": count}


def _outer(name: str) -> Any:
    from django.db.models import OuterRef

    return OuterRef(name)


def _subquery(queryset: Any) -> Any:
    from django.db.models import Subquery

    return Subquery(queryset)


@piece("follow_ups")
def load_follow_ups(build: Build) -> dict[str, int]:
    """Open and done follow-ups for about 4% of people, owned by their organizer."""
    FollowUp, Person = model("members.FollowUp"), model("members.Person")
    rng, now = build.rng, build.now
    rows = []
    start = next_id(FollowUp)
    for pk, assigned in Person.objects.filter(assigned_organizer__isnull=False).values_list("id",
                                                                                           "assigned_organizer_id"):
        if rng.random() < 0.05:
            done = now - timedelta(days=rng.randint(0, 60)) if rng.random() < 0.4 else None
            rows.append((start + len(rows), pk, assigned, (now + timedelta(days=rng.randint(-30, 30))).date(),
                         rng.choice(["Call back about the bus", "Bring the clinic form", "Check in after court",
                                     "Invite to the training"]), done))
    count = copy_rows(FollowUp, ["id", "person_id", "owner_id", "due_on", "note", "done_at"], rows, now)
    reset_sequences([FollowUp])
    return {"follow_ups": count}


# -- Campaigns and whip counts --------------------------------------------------------------------------------

CAMPAIGNS = [("Clean Slate", "clean-slate"), ("Fully Free", "fully-free"), ("Chicago 400", "chicago-400"),
             ("Clear Your Record", "clear-your-record"), ("Voting Bloc 2026", "voting-bloc-2026")]


@piece("whip_counts")
def load_whip_counts(build: Build) -> dict[str, int]:
    """Five campaigns, 20 bills, all 177 legislators, and a position history for each bill's chamber."""
    Campaign, Bill, Legislator, Position = (model("campaigns.Campaign"), model("campaigns.Bill"),
                                            model("campaigns.Legislator"), model("campaigns.Position"))
    rng, now = build.rng, build.now
    campaigns = Campaign.objects.bulk_create([Campaign(name=name, slug=slug) for name, slug in CAMPAIGNS])
    bills = Bill.objects.bulk_create([
        Bill(kind=kind, number=1800 + i, title=f"Record relief act {i}", committee="Judiciary - Criminal",
             status="committee", current_chamber="house" if kind == "HB" else "senate",
             campaign=campaigns[i % len(campaigns)])
        for i, kind in enumerate(["HB", "SB"] * 10)
    ])
    region_ids = list(build.regions.values())
    legislators = Legislator.objects.bulk_create(
        [Legislator(chamber="house", district=d, first_name=rng.choice(illinois.FIRST_NAMES),
                    last_name=rng.choice(illinois.LAST_NAMES), party=rng.choice("DDR"),
                    region_id=rng.choice(region_ids)) for d in range(1, 119)]
        + [Legislator(chamber="senate", district=d, first_name=rng.choice(illinois.FIRST_NAMES),
                      last_name=rng.choice(illinois.LAST_NAMES), party=rng.choice("DDR"),
                      region_id=rng.choice(region_ids)) for d in range(1, 60)]
    )
    stances = ["sponsor", "yes", "lean_yes", "undecided", "undecided", "lean_no", "no"]
    rows = []
    for bill in bills:
        for legislator in legislators:
            if legislator.chamber != bill.current_chamber:
                continue
            for step in range(rng.randint(1, 3)):
                rows.append((legislator.pk, bill.pk, rng.choice(stances), rng.choice(["visit", "call", "statement"]),
                             now - timedelta(days=30 * (3 - step) + rng.randint(0, 29))))
    count = copy_rows(Position, ["legislator_id", "bill_id", "stance", "source", "recorded_at"], rows, now)
    build.facts["campaign_slug"] = campaigns[0].slug
    build.facts["bill_id"] = bills[0].pk
    return {"campaigns": len(campaigns), "bills": len(bills), "legislators": len(legislators), "positions": count}


# -- Events, RSVPs, the outbox ----------------------------------------------------------------------------------

EVENT_KINDS = ["advocacy_day", "training", "training", "conference", "coalition_meeting", "clinic", "clinic",
               "webinar"]
EVENT_TITLES = {"advocacy_day": "Springfield advocacy day", "training": "Leadership training",
                "conference": "Chicago 400 conference", "coalition_meeting": "Coalition table meeting",
                "clinic": "Record-clearing clinic", "webinar": "Know your rights webinar"}


@piece("events")
def load_events(build: Build) -> dict[str, int]:
    """Events over three years past and one ahead; event 1 is the big roster, event 2 is nearly full."""
    Event = model("events.Event")
    rng, n, now = build.rng, build.targets["events"], build.now
    region_ids = list(build.regions.values())
    start = next_id(Event)
    rows = []
    for i in range(n):
        kind = EVENT_KINDS[i % len(EVENT_KINDS)]
        starts = (now + timedelta(days=rng.randint(3, 60)) if i < 2
                  else now + timedelta(days=rng.randint(-3 * 365, 365)))
        starts = starts.replace(hour=rng.choice([10, 13, 18]), minute=0, second=0, microsecond=0)
        capacity = None if kind == "webinar" else rng.choice([40, 80, 150, 300])
        if i == 0:
            kind, capacity = "conference", None
        rows.append((start + i, f"{EVENT_TITLES[kind]} {i + 1}", f"bench-event-{i + 1}", kind,
                     rng.choice(region_ids), starts, starts + timedelta(hours=rng.choice([2, 3, 8])), capacity,
                     i % 3 == 0, "https://meet.example.org/bench" if kind == "webinar" else ""))
    count = copy_rows(Event, ["id", "title", "slug", "kind", "region_id", "starts_at", "ends_at", "capacity",
                              "is_public", "online_url"], rows, now)
    reset_sequences([Event])
    build.events = {"roster": start, "nearly_full": start + 1 if n > 1 else start}
    build.facts["event_rows"] = [(r[0], r[5], r[7]) for r in rows]
    return {"events": count}


@piece("rsvps")
def load_rsvps(build: Build) -> dict[str, int]:
    """RSVPs: the roster event gets 2,000 (scaled), the rest spread over the other events."""
    RSVP = model("events.RSVP")
    rng, now = build.rng, build.now
    total, people = build.targets["rsvps"], build.person_ids
    events = build.facts.get("event_rows")
    if not events or not people:
        raise ValueError("needs the events and people pieces")
    roster = min(len(people), max(1, round(ROSTER_EVENT_RSVPS * build.scale)), total)
    rest = total - roster
    others = events[1:] or events
    per_event = [rest // len(others) + (1 if i < rest % len(others) else 0) for i in range(len(others))]
    statuses = ["going", "going", "going", "going", "maybe", "declined", "cancelled"]
    start = next_id(RSVP)
    rows = []
    plan = [(events[0], roster)] + list(zip(others, per_event, strict=True))
    for (event_id, starts, capacity), k in plan:
        k = min(k, len(people))
        going = 0
        for person in rng.sample(people, k):
            status = rng.choice(statuses)
            if capacity and status == "going" and going >= capacity - 1:
                status = "waitlisted"
            going += status == "going"
            made = starts - timedelta(days=rng.randint(1, 40))
            rows.append((start + len(rows), event_id, person, status, rng.choice([0, 0, 0, 1, 2]) if status == "going"
                         else 0, rng.choice(["public", "proxy", "proxy"]), made if status == "waitlisted" else None,
                         made, made))
    count = copy_rows(RSVP, ["id", "event_id", "person_id", "status", "guests", "source", "waitlisted_at",
                             "created_at", "updated_at"], rows, now)
    reset_sequences([RSVP])
    return {"rsvps": count}


@piece("outbox")
def load_outbox(build: Build) -> dict[str, int]:
    """Outbox messages: past reminders sent or skipped, future ones pending."""
    Message, RSVP = model("messaging.Message"), model("events.RSVP")
    rng, n, now = build.rng, build.targets["outbox_messages"], build.now
    rsvps = list(RSVP.objects.order_by("?").values_list("id", "person_id", "event_id", "event__starts_at")[:n])
    if not rsvps:
        raise ValueError("needs the rsvps piece")
    start = next_id(Message)
    about = model("contenttypes.ContentType").objects.get_for_model(RSVP).pk
    rows = []
    for i in range(n):
        rsvp_id, person, event, starts = rsvps[i % len(rsvps)]
        offset = rng.choice([1440, 120])
        due = starts - timedelta(minutes=offset)
        status = "pending" if due > now else rng.choice(["sent", "sent", "sent", "skipped", "failed"])
        rows.append((start + i, person, rng.choice(["sms", "email"]), "reminder", about, rsvp_id,
                     f"events.event:{event}", starts, offset, due, status, "no consent" if status == "skipped" else "",
                     f"bench-{start + i}", due if status == "sent" else None, due))
    count = copy_rows(Message, ["id", "person_id", "channel", "kind", "subject_type_id", "subject_id", "topic",
                                "planned_for", "offset_minutes", "due_at", "status", "skip_reason", "dedupe_key",
                                "sent_at", "created_at"], rows, now)
    reset_sequences([Message])
    return {"outbox_messages": count}
