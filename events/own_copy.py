"""What events keeps about a person, for their own copy (coalition/own_copy.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coalition.own_copy import Field, Section, record
from events.models import RSVP


def rsvps_section(person: Any) -> Section:
    rsvps = RSVP.objects.filter(person=person).select_related("event", "bus__pickup_point").order_by("event__starts_at")
    return Section("rsvps", _("Events you signed up for"), [
        [Field("event", str(_("Event")), r.event.localized("title")),
         Field("starts_at", str(_("When")), r.event.starts_at),
         *record(r, ["status", "guests", "bus", "access_needs", "language", "source", "travel_permission",
                     "checked_in_at", "created_at"])] for r in rsvps])
