"""factory-boy factories for tables, campaigns, bills and legislators."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from campaigns.models import Bill, Campaign, CampaignAction, Legislator, Position
from coalition.models import CoalitionTable, SeatRepresentative, TableMeeting, TableSeat
from tests.coalition.factories import OrganizationFactory
from tests.members.factories import PersonFactory


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionTable
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Table {n}")
    slug = factory.Sequence(lambda n: f"table-{n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableSeat

    table = factory.SubFactory(TableFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = TableSeat.Role.MEMBER
    joined_on = datetime.date(2025, 1, 1)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeatRepresentative

    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory)
    since = datetime.date(2025, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TableMeeting

    table = factory.SubFactory(TableFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    place = "Shriver Center"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill

    kind = "HB"
    number = factory.Sequence(lambda n: 4000 + n)
    title = factory.Sequence(lambda n: f"Demo bill {n}")
    current_chamber = "house"


class LegislatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Legislator

    chamber = "house"
    district = factory.Sequence(lambda n: n % 118 + 1)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    party = "D"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    legislator = factory.SubFactory(LegislatorFactory)
    bill = factory.SubFactory(BillFactory)
    stance = "yes"
    source = "call"
    recorded_at = factory.LazyFunction(timezone.now)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignAction

    person = factory.SubFactory(PersonFactory)
    campaign = factory.SubFactory(CampaignFactory)
    kind = CampaignAction.Kind.CALLED
    taken_on = factory.LazyFunction(timezone.localdate)
