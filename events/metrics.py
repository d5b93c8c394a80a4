"""Goal metrics counted from events: RSVPs to a campaign's events and who came (campaigns.metrics registry)."""

from __future__ import annotations

from django.db.models import Expression, OuterRef
from django.utils.translation import gettext_lazy as _

from campaigns.metrics import counted, register


def _rsvps_going() -> Expression:
    from events.models import RSVP

    return counted(RSVP.objects.filter(event__campaign_id=OuterRef("campaign_id"), status=RSVP.Status.GOING))


def _people_checked_in() -> Expression:
    from events.models import RSVP

    return counted(
        RSVP.objects.filter(event__campaign_id=OuterRef("campaign_id"), checked_in_at__isnull=False),
        "person", distinct=True,
    )


register("event_rsvps_going", _("RSVPs (going) to the campaign's events"), _rsvps_going)
register("event_people_checked_in", _("People who came to the campaign's events"), _people_checked_in)
