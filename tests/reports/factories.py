"""Demo-like data for the statewide picture: people spread over a few counties, contacts, RSVPs, referrals."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from coalition.models import County, Organization
from coalition.reference import load_regions_and_counties
from events.models import RSVP, Event
from members.models import Person, RecordClearingReferral, VoterRegistration
from tests.campaigns.factories import CampaignFactory, SeatFactory, TableFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

# (county FIPS, people): Cook (Chicago), Sangamon and Peoria (Central), Champaign, Alexander (Southern: few).
SPREAD = {"17031": 9, "17167": 6, "17143": 3, "17019": 5, "17003": 1}


def county(fips: str) -> County:
    load_regions_and_counties()
    return County.objects.get(fips=fips)


def people_spread(spread: dict[str, int] | None = None) -> list[Person]:
    """People in several counties, every other one contacted a week ago, every third registered to vote."""
    made = []
    now = timezone.now()
    for fips, count in (spread or SPREAD).items():
        place = county(fips)
        for index in range(count):
            made.append(PersonFactory(
                county=place, region=place.region,
                last_contact_at=now - datetime.timedelta(days=7) if index % 2 == 0 else None,
                voter_registration=VoterRegistration.REGISTERED if index % 3 == 0 else "",
            ))
    return made


def partner_campaign_event(organization: Organization, people: list[Person], **event: Any) -> Event:
    """An event of a campaign run by a table where `organization` has a seat, with an RSVP (checked in) from each
    of `people`."""
    table = TableFactory()
    SeatFactory(table=table, organization=organization)
    campaign = CampaignFactory()
    campaign.tables.add(table)
    made = EventFactory(campaign=campaign, **event)
    for person in people:
        RSVPFactory(event=made, person=person, status=RSVP.Status.GOING, checked_in_at=timezone.now())
    return made


def referral(person: Person, status: str = RecordClearingReferral.Status.REFERRED,
             referred_on: datetime.date | None = None) -> RecordClearingReferral:
    partner = Organization.objects.filter(name="Legal aid").first() or Organization.objects.create(
        name="Legal aid", kind=Organization.Kind.LEGAL_AID)
    return RecordClearingReferral.objects.create(person=person, partner=partner, status=status,
                                                 referred_on=referred_on or timezone.localdate(),
                                                 consent_given=True)
