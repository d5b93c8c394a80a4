"""The OSDI 1.1 shapes the API speaks (as Action Network writes them): people, tags, taggings, events and
attendances as HAL+JSON, and reading a person from a request. Pure functions: the objects come with what they
need already loaded (api/selectors.py), so a page of people costs the same queries whatever its size.
Sensitive facts are never part of any shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coalition.phones import phone_e164
from events.models import RSVP, Event
from members.models import Person, Tag

OWN_SOURCE = "coalition"
Link = Callable[[str], str]

PHONE_TYPES = {"mobile": "Mobile", "home": "Home", "work": "Work", "shared": "Other", "other": "Other"}
ATTENDANCE_STATUS: dict[str, str] = {
    RSVP.Status.GOING: "accepted", RSVP.Status.MAYBE: "tentative", RSVP.Status.DECLINED: "declined",
    RSVP.Status.WAITLISTED: "needs action", RSVP.Status.CANCELLED: "declined",
}
STATUS_FROM_OSDI: dict[str, str] = {
    "accepted": RSVP.Status.GOING, "tentative": RSVP.Status.MAYBE, "declined": RSVP.Status.DECLINED,
}


def _date(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _status(given: bool) -> str:
    return "subscribed" if given else "unsubscribed"


def person(item: Person, link: Link) -> dict[str, Any]:
    """A person with their emails, working phones, address, tags and custom fields."""
    href = link(f"people/{item.pk}/")
    return {
        "identifiers": [f"{OWN_SOURCE}:{item.pk}"] + [f"{x.source}:{x.external_id}" for x in item.external_ids.all()],
        "given_name": item.first_name,
        "family_name": item.last_name,
        "created_date": _date(item.created_at),
        "modified_date": _date(item.updated_at),
        "languages_spoken": [item.preferred_language] if item.preferred_language else [],
        "email_addresses": [{"address": item.email, "primary": True, "status": _status(item.email_consent)}]
        if item.email else [],
        "phone_numbers": [
            {"number": phone_e164(phone.number) or str(phone.number), "primary": phone.is_primary,
             "number_type": PHONE_TYPES.get(phone.kind, "Other"),
             "status": _status(item.sms_consent and phone.sms_stopped_at is None)}
            for phone in item.phones.all()
        ],
        "postal_addresses": [{
            "primary": True, "address_lines": [item.street_address] if item.street_address else [],
            "locality": item.city, "region": "IL", "postal_code": item.postal_code, "country": "US",
        }] if (item.street_address or item.city or item.postal_code) else [],
        "custom_fields": {
            "preferred_name": item.preferred_name, "pronouns": item.pronouns,
            "county": item.county.name if item.county_id and item.county else "",
        },
        "tags": [tag.name for tag in item.tags.all()],
        "_links": {
            "self": {"href": href},
            "osdi:taggings": {"href": f"{href}taggings/"},
        },
    }


def tag(item: Tag, link: Link) -> dict[str, Any]:
    href = link(f"tags/{item.pk}/")
    return {"identifiers": [f"{OWN_SOURCE}:{item.pk}"], "name": item.name, "origin_system": "Coalition CRM",
            "_links": {"self": {"href": href}, "osdi:taggings": {"href": f"{href}taggings/"}}}


def tagging(item: Any, link: Link) -> dict[str, Any]:
    """One person carrying one tag (a row of the people-tags table)."""
    return {"identifiers": [f"{OWN_SOURCE}:{item.pk}"], "item_type": "osdi:person",
            "_links": {"self": {"href": link(f"tags/{item.tag_id}/taggings/{item.pk}/")},
                       "osdi:tag": {"href": link(f"tags/{item.tag_id}/")},
                       "osdi:person": {"href": link(f"people/{item.person_id}/")}}}


def event(item: Event, link: Link) -> dict[str, Any]:
    href = link(f"events/{item.pk}/")
    return {
        "identifiers": [f"{OWN_SOURCE}:{item.pk}"], "title": item.title, "name": item.slug,
        "description": item.description, "start_date": _date(item.starts_at), "end_date": _date(item.ends_at),
        "status": "cancelled" if item.status == Event.Status.CANCELLED else "confirmed",
        "created_date": _date(item.created_at), "modified_date": _date(item.updated_at),
        "capacity": item.capacity,
        "location": {"venue": item.venue.name if item.venue else ""},
        "_links": {"self": {"href": href}, "osdi:attendances": {"href": f"{href}attendances/"}},
    }


def attendance(item: RSVP, link: Link) -> dict[str, Any]:
    return {
        "identifiers": [f"{OWN_SOURCE}:{item.pk}"], "status": ATTENDANCE_STATUS.get(item.status, "needs action"),
        "attended": item.checked_in_at is not None, "created_date": _date(item.created_at),
        "modified_date": _date(item.updated_at),
        "_links": {"self": {"href": link(f"events/{item.event_id}/attendances/{item.pk}/")},
                   "osdi:event": {"href": link(f"events/{item.event_id}/")},
                   "osdi:person": {"href": link(f"people/{item.person_id}/")}},
    }


# Reading requests --------------------------------------------------------------------------------------------

_FILTER = re.compile(r"^\s*modified_date\s+(gt|lt)\s+'([0-9T:\-+.Z ]{10,35})'\s*$")


def read_filter(text: str) -> dict[str, datetime]:
    """`modified_date gt '2026-01-01'` (OData, as OSDI filters), joined with `and`: the bounds it asks for."""
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.timezone import get_current_timezone, make_aware

    bounds: dict[str, datetime] = {}
    for part in re.split(r"\s+and\s+", text.strip()):
        match = _FILTER.match(part)
        if not match:
            raise ValidationError(_("The filter must read like modified_date gt '2026-01-01'."))
        raw = match.group(2).strip()
        try:
            moment = parse_datetime(raw)
            if moment is None and (day := parse_date(raw)) is not None:
                moment = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made aware just below
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError(_("The filter's date is not a real date."))
        if moment.tzinfo is None:
            moment = make_aware(moment, get_current_timezone())
        bounds[match.group(1)] = moment
    return bounds


def split_identifiers(identifiers: Any) -> dict[str, str]:
    """Outside ids ("van:123") from a request's identifiers, by source; our own ("coalition:5") are left out."""
    if not isinstance(identifiers, list) or not all(isinstance(x, str) for x in identifiers):
        raise ValidationError(_("identifiers must be a list of texts like \"van:123\"."))
    found: dict[str, str] = {}
    for identifier in identifiers:
        source, sep, value = identifier.partition(":")
        source = source.strip().lower()
        if not sep or not re.fullmatch(r"[a-z0-9_\-]{1,40}", source) or not value.strip() or len(value) > 200:
            raise ValidationError(_("Each identifier must read like \"van:123\"."))
        if source != OWN_SOURCE:
            found[source] = value.strip()
    return found
