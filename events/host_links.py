"""Host links, /h/<token>/: check-in for one event or one bus without an account (docs/host-links.md).

The reads live here: the token's link (or OutOfReach, answered 404), the roster a host sees and the links of an
event for those who manage them. A host sees the least that lets them recognise someone: preferred first name
and last initial, the last four digits of a phone, the RSVP code; a person flagged "no online identity" only by
the RSVP code. Nothing else about anyone leaves the server through a host link.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from coalition import access
from coalition.access import OutOfReach
from events.models import RSVP, Bus, Event, HostLink
from members.models import PersonPhone

if TYPE_CHECKING:
    from coalition.access.events import Actor

CHICAGO = ZoneInfo("America/Chicago")
# The RSVPs a host checks in: the people expected (and those checked in already).
EXPECTED = (RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED)


def token_new() -> str:
    """A fresh link token: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a long random token needs no slow hash)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def host_link_expiry(*, event: Event, bus: Bus | None = None) -> datetime:
    """The end of the event's (or the bus's) day in Chicago: a link works through that day and no longer."""
    last = max(event.ends_at, bus.departs_at) if bus is not None else event.ends_at
    day = timezone.localtime(last, CHICAGO).date()
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=CHICAGO)


def rsvp_code(rsvp_id: int) -> str:
    """The short code a person is told with their RSVP and a host sees: six letters and digits derived from the
    RSVP's id with a keyed hash, so codes cannot be guessed from one another."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"rsvp-code:{rsvp_id}".encode(), hashlib.sha256).digest()
    return b32encode(digest).decode()[:6]


def host_link_get(*, token: str) -> HostLink:
    """The working link a token names, with its event and bus; OutOfReach (404) when the token is unknown,
    revoked or expired. Any caller: the token is the key."""
    if not token or len(token) > 100:
        raise OutOfReach("host link")
    link = (HostLink.objects.select_related("event", "bus__pickup_point")
            .filter(token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now()).first())
    if link is None:
        raise OutOfReach("host link")
    return link


def host_link_locked(link: HostLink) -> bool:
    """True while too many wrong PINs keep the link shut."""
    return link.locked_until is not None and link.locked_until > timezone.now()


@dataclass(frozen=True)
class HostRow:
    """One expected person as a host sees them: nothing here identifies them beyond recognising them at the door."""

    rsvp_id: int
    code: str
    name: str
    phone_end: str
    checked_in: bool


def _phone_end(phones: list[PersonPhone]) -> str:
    working = [phone for phone in phones if phone.stopped_working_on is None]
    working.sort(key=lambda phone: (not phone.is_primary, phone.pk))
    return working[0].digits[-4:] if working else ""


def host_row(rsvp: RSVP) -> HostRow:
    """The host's view of one RSVP (its person and phones loaded)."""
    person, code = rsvp.person, rsvp_code(rsvp.pk)
    if person.no_online_identity:
        return HostRow(rsvp_id=rsvp.pk, code=code, name="", phone_end="", checked_in=rsvp.checked_in_at is not None)
    first = (person.preferred_name or person.first_name).strip()
    initial = f" {person.last_name.strip()[:1]}." if person.last_name.strip() else ""
    return HostRow(rsvp_id=rsvp.pk, code=code, name=f"{first}{initial}",
                   phone_end=_phone_end(list(person.phones.all())), checked_in=rsvp.checked_in_at is not None)


def host_roster(*, link: HostLink) -> QuerySet[RSVP]:
    """The RSVPs a link's host checks in: the event's (or the bus's) people expected, by first name. Rows are
    shown through `host_row`; phones come in one query whatever the number of people."""
    qs = RSVP.objects.filter(event_id=link.event_id, status__in=EXPECTED)
    if link.bus_id is not None:
        qs = qs.filter(bus_id=link.bus_id)
    phones = Prefetch("person__phones", queryset=PersonPhone.objects.order_by("id"))
    return qs.select_related("person").prefetch_related(phones).order_by("person__first_name", "id")


def host_link_list(actor: Actor | None, *, event: Event) -> QuerySet[HostLink]:
    """An event's host links, newest first, for those who may manage them (others: none)."""
    return access.host_link_scope(actor, event).select_related("bus__pickup_point", "created_by")


def host_link_for_actor(actor: Actor | None, *, event: Event, pk: object) -> HostLink:
    """One of an event's host links, for those who may manage them; else OutOfReach."""
    return access.get_in_scope(access.host_link_scope(actor, event), pk=pk)


def host_link_lookup(actor: Actor | None, *, pk: object) -> HostLink:
    """A host link by id, for those who may manage its event; else OutOfReach."""
    link = access.get_in_scope(HostLink.objects.select_related("event"), pk=pk)
    if not access.may_manage_host_links(actor, link.event):
        raise OutOfReach("host link")
    return link


def working(qs: QuerySet[HostLink]) -> QuerySet[HostLink]:
    """The links of a queryset that still open."""
    return qs.filter(Q(revoked_at__isnull=True) & Q(expires_at__gt=timezone.now()))
