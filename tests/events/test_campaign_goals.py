"""A campaign goal such as "150 RSVPs to Lobby Day" is counted from the real RSVPs of the campaign's events."""

from __future__ import annotations

import pytest

from campaigns import selectors, services
from campaigns.models import Campaign
from events.models import RSVP
from tests.events.factories import EventFactory, RSVPFactory

pytestmark = pytest.mark.django_db


def test_goals_count_going_rsvps_and_people_who_came(staff) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    campaign = Campaign.objects.create(name="Clean Slate", slug="clean-slate")
    lobby_day = EventFactory(campaign=campaign)
    other_campaign_event = EventFactory()
    going = [RSVPFactory(event=lobby_day, status=RSVP.Status.GOING) for _ in range(3)]
    RSVPFactory(event=lobby_day, status=RSVP.Status.WAITLISTED)
    RSVPFactory(event=lobby_day, status=RSVP.Status.CANCELLED)
    RSVPFactory(event=other_campaign_event, status=RSVP.Status.GOING)
    going[0].checked_in_at = timezone.now()
    going[0].save(update_fields=["checked_in_at"])
    services.goal_create(actor=staff, campaign=campaign, description="150 RSVPs to Lobby Day",
                         metric="event_rsvps_going", target=150)
    services.goal_create(actor=staff, campaign=campaign, description="100 people at our events",
                         metric="event_people_checked_in", target=100)
    counts = {g.description: g.current for g in selectors.goals_with_counts(actor=staff, campaign=campaign)}
    assert counts == {"150 RSVPs to Lobby Day": 3, "100 people at our events": 1}
