"""Audiences: `audience_people` for every registered kind (a saved list, an event's RSVPs by status, a bus, a table's
representatives, a campaign's participants, a witness-slip drive's non-filers), always cut by the reader's reach;
the staff page that shows an audience's size and first people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Participation, WitnessSlipDrive, WitnessSlipFiling
from coalition.access import OutOfReach
from coalition.models import County
from events.models import RSVP
from members import services
from members.audiences import Audience, audience_choices, audience_kinds, audience_label, audience_people, audience_size
from members.models import SavedList
from tests.campaigns.factories import BillFactory, CampaignFactory, RepresentativeFactory, SeatFactory
from tests.events.factories import BusFactory, EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _central(**fields):  # type: ignore[no-untyped-def]
    return PersonFactory(county=County.objects.get(fips="17167"), **fields)  # Sangamon, Central


def _ids(actor, value):  # type: ignore[no-untyped-def]
    return set(audience_people(actor, Audience.parse(value)))


def test_every_kind_is_registered_by_its_own_app():
    assert set(audience_kinds()) >= {"list", "table", "rsvps", "bus", "campaign", "witness_slips"}


def test_a_saved_list_as_an_audience_is_cut_by_reach(staff, organizer_chicago, region_chicago):
    chicago, central = PersonFactory(), _central()
    saved = services.saved_list_create(actor=staff, name="Both", kind=SavedList.Kind.FIXED,
                                       sharing=SavedList.Sharing.REGION, shared_region=region_chicago,
                                       person_ids=[chicago.pk, central.pk])
    assert _ids(staff, f"list:{saved.pk}") == {chicago.pk, central.pk}
    assert _ids(organizer_chicago, f"list:{saved.pk}") == {chicago.pk}
    assert audience_size(organizer_chicago, Audience.parse(f"list:{saved.pk}")) == 1
    assert audience_label(staff, Audience.parse(f"list:{saved.pk}")) == "A saved list: Both"


def test_an_events_rsvps_by_status_and_a_bus(staff, organizer_chicago, regions):
    event = EventFactory()
    going, maybe, central = PersonFactory(), PersonFactory(), _central()
    bus = BusFactory(event=event)
    RSVPFactory(event=event, person=going, status=RSVP.Status.GOING, bus=bus)
    RSVPFactory(event=event, person=maybe, status=RSVP.Status.MAYBE)
    RSVPFactory(event=event, person=central, status=RSVP.Status.GOING, bus=bus)
    assert _ids(staff, f"rsvps:{event.pk}:going") == {going.pk, central.pk}
    assert _ids(staff, f"rsvps:{event.pk}:maybe") == {maybe.pk}
    assert _ids(organizer_chicago, f"rsvps:{event.pk}:going") == {going.pk}
    assert _ids(staff, f"bus:{bus.pk}") == {going.pk, central.pk}
    assert _ids(organizer_chicago, f"bus:{bus.pk}") == {going.pk}
    with pytest.raises(OutOfReach):
        _ids(staff, f"rsvps:{event.pk}:everyone")


def test_a_tables_current_representatives(staff):
    seat = SeatFactory()
    current = RepresentativeFactory(seat=seat).person
    RepresentativeFactory(seat=seat, until=timezone.localdate())
    RepresentativeFactory(seat=SeatFactory(table=seat.table, left_on=timezone.localdate()))
    assert _ids(staff, f"table:{seat.table.pk}") == {current.pk}


def test_a_campaigns_participants_and_a_drives_non_filers(staff, organizer_chicago):
    campaign = CampaignFactory()
    filed, not_yet, central = PersonFactory(), PersonFactory(), _central()
    for person in (filed, not_yet, central):
        Participation.objects.create(person=person, campaign=campaign, joined_on=timezone.localdate())
    bill = BillFactory(campaign=campaign)
    drive = WitnessSlipDrive.objects.create(bill=bill, hearing_on=timezone.localdate() + timedelta(days=7),
                                            deadline=timezone.now() + timedelta(days=6))
    WitnessSlipFiling.objects.create(drive=drive, person=filed, filed_at=timezone.now())
    assert _ids(staff, f"campaign:{campaign.pk}") == {filed.pk, not_yet.pk, central.pk}
    assert _ids(staff, f"witness_slips:{drive.pk}") == {not_yet.pk, central.pk}
    assert _ids(organizer_chicago, f"witness_slips:{drive.pk}") == {not_yet.pk}
    labels = dict(audience_choices(staff))
    assert (f"witness_slips:{drive.pk}", str(drive)) in labels["A witness-slip drive's non-filers"]


def test_an_audience_out_of_reach_or_unknown_is_out_of_reach(organizer_central, organizer_chicago, member):
    private = services.saved_list_create(actor=organizer_chicago, name="Mine", kind=SavedList.Kind.FIXED)
    for value in (f"list:{private.pk}", "nothing:1", "list:abc", "list"):
        with pytest.raises(OutOfReach):
            _ids(organizer_central, value)
    with pytest.raises(OutOfReach):
        _ids(member, f"campaign:{CampaignFactory().pk}")


def test_staff_see_an_audiences_size_and_first_people(client, staff, organizer_chicago):
    people = [PersonFactory(last_name=f"Rider{n:02d}") for n in range(12)]
    saved = services.saved_list_create(actor=staff, name="Riders", kind=SavedList.Kind.FIXED, sharing="staff",
                                       person_ids=[p.pk for p in people])
    client.force_login(staff)
    page = client.get(reverse("members:audience_pick"), {"audience": f"list:{saved.pk}"})
    text = page.content.decode()
    assert "12 people" in text and "Rider00" in text and "Rider11" not in text  # the first ten by name
    client.force_login(organizer_chicago)
    assert client.get(reverse("members:audience_pick")).status_code == 404
