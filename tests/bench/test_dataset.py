"""The dataset generator at a tiny scale: the promised counts, and rows an organizer would recognise."""

from __future__ import annotations

from datetime import UTC, datetime

import phonenumbers
import pytest

from bench.dataset import FULL, build_dataset, target_counts
from coalition.models import County
from events.models import RSVP, Event
from members.models import Interaction, Person, PersonPhone
from messaging.models import Message

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
SCALE = 0.002  # 200 people, 2,000 interactions, 4 events, 400 RSVPs


def test_counts_scale_from_the_issue() -> None:
    assert FULL == {"people": 100_000, "interactions": 1_000_000, "organizations": 500, "events": 2_000,
                    "rsvps": 200_000, "outbox_messages": 20_000}
    assert target_counts(0.002)["people"] == 200
    assert min(target_counts(0.000001).values()) == 1


@pytest.fixture
def built(regions: object) -> object:
    return build_dataset(scale=SCALE, now=NOW)


def test_every_piece_loads_its_promised_count(built: object) -> None:
    assert built.missing == {}
    targets = target_counts(SCALE)
    for name in ("people", "interactions", "organizations", "events", "rsvps", "outbox_messages"):
        assert built.counts[name] == targets[name], name
    assert Person.objects.count() == targets["people"]
    assert Interaction.objects.count() == targets["interactions"]
    assert RSVP.objects.count() == targets["rsvps"]
    assert Event.objects.count() == targets["events"]
    assert Message.objects.count() == targets["outbox_messages"]


def test_rows_are_valid(built: object) -> None:
    for phone in PersonPhone.objects.all():
        parsed = phonenumbers.parse(str(phone.number))
        assert phonenumbers.is_valid_number(parsed), phone.number
        assert str(phone.number).startswith("+1") and phone.digits == str(phone.number)[2:]
    counties = set(County.objects.values_list("id", flat=True))
    people = list(Person.objects.select_related("county"))
    assert all(p.county_id in counties and p.region_id == p.county.region_id for p in people)
    assert sum(p.county.name == "Cook" for p in people) > len(people) * 0.35
    assert all(p.first_name and p.last_name for p in people)
    assert Person.objects.filter(last_contact_at__isnull=False).exists()
    for person in people[:20]:
        person.full_clean()


def test_the_same_seed_gives_the_same_people(regions: object) -> None:
    first = build_dataset(scale=0.0005, now=NOW, only=["accounts", "people"])
    names = list(Person.objects.order_by("id").values_list("first_name", "last_name", "email"))
    Person.objects.all().delete()
    from coalition.models import User

    User.objects.all().delete()
    second = build_dataset(scale=0.0005, now=NOW, only=["accounts", "people"])
    assert first.counts == second.counts
    assert list(Person.objects.order_by("id").values_list("first_name", "last_name", "email")) == names
