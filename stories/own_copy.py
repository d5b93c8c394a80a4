"""The stories a person told, for their own copy (coalition/own_copy.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from coalition.own_copy import Section, record
from stories.models import Story


def stories_section(person: Any) -> Section:
    stories = Story.objects.filter(person=person).order_by("created_at")
    return Section("stories", _("Your stories"), [
        record(s, ["title", "text", "consent_level", "media_readiness", "consent_obtained_at", "expires_on",
                   "revoked_at"]) for s in stories])
