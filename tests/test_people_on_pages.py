"""Every page names only the people its viewer may see.

Walks every URL of the permission matrix (its rows give the arguments), as each role, over a crowd of people
in Chicago and Central tied to everything the rows point at (campaign actions and participants, witness-slip
filings, RSVPs and buses, mentorships, stories, follow-ups, the pipeline, duplicates, table seats and
attendance, the outbox, the audit log), and fails when a page or an export names someone outside the role's
reach. A new URL gets a row in the matrix, so it is walked too.
"""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Participation, WitnessSlipFiling
from coalition import access
from coalition.models import AuditEntry, MeetingAttendance, Region, SeatRepresentative
from events import notices as event_notices
from events.models import RSVP
from leadership.models import AdvancementSuggestion, Mentorship, QuietFlag, Stage, StageMove
from members.models import FollowUp, Person
from members.models import StorySharing as Sharing
from messaging.models import Message
from stories.models import Story
from tests.campaigns.factories import ActionFactory, RepresentativeFactory
from tests.events.factories import RSVPFactory
from tests.members.factories import PersonFactory, add_phone
from tests.test_permissions import ROWS, build_world

WALKED_ROLES = ("admin", "staff", "organizer_chicago", "organizer_central", "partner", "member")
# Every page is read plainly, searched (every crowd surname holds "ward"), and for the stories' other audiences.
QUERIES = ("", "q=ward&audience=partners", "audience=media")
ANONYMOUS = Sharing.MEDIA_ANONYMOUS


def _person(first: str, last: str, region: Region, **fields: Any) -> Person:
    return PersonFactory(first_name=first, last_name=last, county=region.counties.order_by("fips").first(),
                         region=region, email=f"{first.lower()}.{last.lower()}@crowd.test", **fields)


def crowd(world: dict[str, Any]) -> dict[str, Person]:
    """People of two regions tied to the objects the matrix's URLs point at, and to the viewers' home pages."""
    accounts = world["accounts"]
    chicago, central = Region.objects.get(slug="chicago"), Region.objects.get(slug="central")
    stages = {s.order: s for s in Stage.objects.all()}
    people = {
        "chicago_actor": _person("Ambrose", "Quillward", chicago),
        "chicago_anonymous": _person("Philippa", "Wrenward", chicago, story_sharing=Sharing.PUBLIC),
        "chicago_anonymous_person": _person("Horatio", "Blackward", chicago, story_sharing=ANONYMOUS),
        "central_actor": _person("Benedikta", "Marchward", central),
        "central_mentor": _person("Cornelius", "Ashward", central),
        "central_teller": _person("Desdemona", "Farward", central, story_sharing=Sharing.PUBLIC),
        "central_representative": _person("Evander", "Hollward", central),
        "central_assigned": _person("Florentyna", "Oakward", central, assigned_organizer=accounts["organizer_chicago"]),
        "central_reassigned": _person("Gideon", "Starward", central),
        "central_twin": _person("Imogen", "Thistleward", central),
    }
    # The events rows' Central person has a made-up name that could be an account's too: give them one of ours.
    Person.objects.filter(pk=world["central_person"].pk).update(first_name="Jasper", last_name="Kettleward")
    now, today = timezone.now(), timezone.localdate()
    long_ago = today - datetime.timedelta(days=90)
    for key in ("chicago_actor", "central_actor", "central_assigned", "central_twin"):
        person = people[key]
        Participation.objects.create(person=person, campaign=world["campaign"], joined_on=long_ago)
        ActionFactory(person=person, campaign=world["campaign"], bill=world["bill"])
        WitnessSlipFiling.objects.create(drive=world["drive"], person=person, filed_at=now)
        rsvp = RSVPFactory(event=world["event"], person=person, bus=world["bus"], status=RSVP.Status.GOING)
        RSVPFactory(event=world["chicago_event"], person=person, status=RSVP.Status.GOING)
        Message.objects.create(person=person, kind=event_notices.Kind.REMINDER, channel="sms", subject=rsvp,
                               topic=event_notices.event_topic(world["event"]), due_at=now,
                               dedupe_key=f"walk-{person.pk}")
        StageMove.objects.create(person=person, from_stage=stages[1], to_stage=stages[2], at=now)
        QuietFlag.objects.create(person=person)
        AdvancementSuggestion.objects.create(person=person, from_stage=stages[2], to_stage=stages[3])
        AuditEntry.objects.create(actor=accounts["staff"], action=AuditEntry.Action.VIEW, object_repr=str(person),
                                  summary="Viewed")
    # The same phone in two regions: a likely duplicate pair that spans them.
    add_phone(people["chicago_actor"], "+13125550177")
    add_phone(people["central_twin"], "+13125550177")
    # The Chicago leader of the matrix was recruited by, and is mentored by, someone from Central; a Central
    # person is mentored by a Chicago one. Both mentorships are overdue, so they are on the home pages.
    leader = world["leader"]
    Person.objects.filter(pk=leader.pk).update(recruited_by=people["central_mentor"])
    Mentorship.objects.filter(pk=world["mentorship"].pk).update(mentor=people["central_mentor"], started_on=long_ago)
    Mentorship.objects.create(mentor=people["chicago_actor"], mentee=people["central_actor"], started_on=long_ago)
    # Stories: anonymous by the story's consent, anonymous by the person's, named at partners level, internal.
    Story.objects.create(person=people["chicago_anonymous"], title="Toward home", text="Toward home, ward by ward.",
                         consent_level=ANONYMOUS)
    Story.objects.create(person=people["chicago_anonymous_person"], title="Toward work", text="Toward work.",
                         consent_level=Sharing.PUBLIC)
    Story.objects.create(person=people["central_teller"], title="Toward Springfield", text="Toward Springfield.",
                         consent_level=Sharing.PARTNERS)
    Story.objects.create(person=people["central_actor"], title="Toward nobody", text="Toward nobody else.",
                         consent_level=Sharing.INTERNAL)
    # Each is tied to the matrix's campaign: its page and its public toolkit show them as far as consent reaches.
    for story in Story.objects.filter(person__in=people.values()):
        story.campaigns.add(world["campaign"])
    # Follow-ups of the Chicago organizer: one with a Central person assigned to them, one with a Central person
    # who no longer is.
    for key in ("central_assigned", "central_reassigned"):
        FollowUp.objects.create(person=people[key], owner=accounts["organizer_chicago"], due_on=today)
    # A Central representative at the matrix's table, who came to its meeting.
    seat = world["seat"]
    RepresentativeFactory(seat=seat, person=people["central_representative"])
    MeetingAttendance.objects.create(meeting=world["meeting"], person=people["central_representative"],
                                     organization=seat.organization)
    return people


def names_allowed(actor: Any) -> set[int]:
    """Whose names this actor may read: their person scope, plus two things the coalition shares on purpose."""
    allowed = set(access.person_scope(actor).values_list("pk", flat=True))
    # A table's roster goes to whoever may read the table: representatives speak for their organizations there.
    allowed |= set(SeatRepresentative.objects.filter(seat__table__in=access.table_scope(actor))
                   .values_list("person_id", flat=True))
    # A story the actor may read names its teller, unless the story or the teller asked for anonymity.
    for audience in access.story_audiences(actor):
        allowed |= set(access.story_scope(actor, audience).exclude(consent_level=ANONYMOUS)
                       .exclude(person__story_sharing=ANONYMOUS).values_list("person_id", flat=True))
    return allowed


def _labels(person: Person) -> list[str]:
    labels = {person.display_name, f"{person.first_name} {person.last_name}", person.email}
    return [label for label in labels if label.strip()]


def _pattern(label: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(label)}(?!\w)", re.IGNORECASE)


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(raw.decode("utf-8", errors="replace"))


def walk_pages(client: Client, role: str, world: dict[str, Any]) -> dict[str, str]:
    """Every page the matrix says this role reaches (200), under each of QUERIES: {url: text}."""
    pages = {}
    for url_name, row in sorted(ROWS.items()):
        if row.expect[role] != 200:
            continue
        base = reverse(url_name, kwargs=row.kwargs(world))
        for query in QUERIES if row.method == "get" else ("",):
            url = "?".join(part for part in (base, "&".join(q for q in (row.query, query) if q)) if part)
            if row.method == "post":
                response = client.post(url, data=row.data(world))
            else:
                response = client.get(url)
            if query and response.status_code == 404:
                continue  # a story outside the audience asked for does not exist for it
            assert response.status_code == 200, f"{url_name} {url}: {response.status_code}"
            pages[f"{row.method.upper()} {url}"] = _body(response)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", WALKED_ROLES)
def test_every_page_names_only_people_in_reach(role: str, accounts: dict[str, Any]) -> None:
    world = build_world(accounts)
    people = crowd(world)
    actor = accounts[role]
    allowed = names_allowed(actor)
    hidden = [p for p in Person.objects.all() if p.pk not in allowed]
    client = Client()
    client.force_login(actor)
    pages = walk_pages(client, role, world)

    # Pages name accounts as authors ("added by"); a person the factories happened to give an account's name (both
    # are drawn at random) is not a leak of that person.
    account_names = {user.get_full_name().lower() for user in accounts.values()
                     if user is not None and user.person_id is None}
    leaks = [f"{url} names {label!r}" for url, text in pages.items() for person in hidden
             for label in _labels(person) if label.lower() not in account_names and _pattern(label).search(text)]
    assert not leaks, "\n".join(leaks)

    # The walk can fail: everyone of the crowd in this role's reach is named on some page.
    named = {key for key, person in people.items()
             if any(_pattern(person.display_name).search(text) for text in pages.values())}
    in_reach = {key for key, person in people.items() if person.pk in allowed}
    assert named == in_reach
    if not access.is_staff_or_admin(actor):
        assert hidden, "the crowd must hold people outside this role's reach"
