"""Host links: making and revoking them (staff, organizers for their region's events), and what a host does
through one (a PIN try, a check-in, a walk-in). Every use is written to the audit log with the link as target.

A host's actions carry no account: the link is re-read (not revoked, not expired) inside each action's
transaction, so a link revoked while a device was offline refuses that device's queued actions.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry
from coalition.phones import phone_e164
from coalition.services import audit_record
from events.host_links import EXPECTED, host_link_expiry, host_link_locked, rsvp_code, token_hash, token_new
from events.models import RSVP, Bus, Event, HostLink, RSVPReview
from events.services.people import person_match
from events.services.rsvps import _review_hold

if TYPE_CHECKING:
    from coalition.models import User

PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")


class Outcome:
    """What became of one action replayed from a device's queue."""

    APPLIED = "applied"
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class ActionResult:
    """One action's answer: applied, already applied, or refused with a reason in plain words."""

    status: str
    message: str = ""


@transaction.atomic
def host_link_create(
    *, actor: User, event: Event, label: str, bus: Bus | None = None, pin: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> tuple[HostLink, str]:
    """Make a host link for an event or one of its buses (those who may manage the event). Returns the link and
    its token, which is never stored and never shown again ("" when a double submit found the first link).
    Audited."""
    if not access.may_manage_host_links(actor, event):
        raise OutOfReach("event")
    if bus is not None and bus.event_id != event.pk:
        raise ValidationError({"bus": _("That bus does not go to this event.")})
    pin = (pin or "").strip()
    if pin and not PIN_PATTERN.match(pin):
        raise ValidationError({"pin": _("A PIN is four to eight digits, or leave it empty.")})
    if not label.strip():
        raise ValidationError({"label": _("Write who the link is for, like “Peoria bus captain”.")})
    token = token_new()

    def make() -> HostLink:
        link = HostLink(event=event, bus=bus, label=label.strip()[:100], token_hash=token_hash(token),
                        pin_hash=make_password(pin) if pin else "", expires_at=host_link_expiry(event=event, bus=bus),
                        created_by=actor, idempotency_key=idempotency_key)
        link.full_clean()
        link.save()
        return link

    link, created = create_once(HostLink, idempotency_key, make)
    if not created:
        return link, ""
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=link,
                 summary=gettext_noop("Made the host link “%(label)s” for %(event)s"),
                 values={"label": link.label, "event": event.title},
                 detail={"event": event.pk, "bus": bus.pk if bus else None, "pin": bool(pin)})
    return link, token


@transaction.atomic
def host_link_revoke(*, actor: User, link: HostLink) -> HostLink:
    """Switch a host link off at once (those who may manage its event). Idempotent; audited once."""
    if not access.may_manage_host_links(actor, link.event):
        raise OutOfReach("host link")
    link = HostLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        return link
    link.revoked_at, link.revoked_by = timezone.now(), actor
    link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=link,
                 summary=gettext_noop("Revoked the host link “%(label)s”"), values={"label": link.label},
                 detail={"event": link.event_id})
    return link


def host_link_opened(*, link: HostLink) -> None:
    """Audit that a host opened the link's page. Any caller holding the link."""
    audit_record(actor=None, action=AuditEntry.Action.VIEW, target=link,
                 summary=gettext_noop("The host link “%(label)s” was opened"), values={"label": link.label},
                 detail={"event": link.event_id, "bus": link.bus_id})


@transaction.atomic
def host_link_pin_try(*, link: HostLink, pin: str) -> bool:
    """Check a PIN typed on a link's page: True when right. `HOST_LINK_PIN_TRIES` wrong ones in a row lock the
    link for `HOST_LINK_LOCK_MINUTES` (ValidationError while locked, even for the right PIN). Audited when wrong."""
    link = HostLink.objects.select_for_update().get(pk=link.pk)
    if host_link_locked(link):
        raise ValidationError(_("Too many wrong PINs: this link is locked for a while. Try again later, or ask "
                                "the organizer who gave it to you."), code="locked")
    if not link.pin_hash or check_password(str(pin or "").strip()[:20], link.pin_hash):
        if link.wrong_pins:
            link.wrong_pins = 0
            link.save(update_fields=["wrong_pins", "updated_at"])
        return True
    link.wrong_pins += 1
    fields = ["wrong_pins", "updated_at"]
    if link.wrong_pins >= settings.HOST_LINK_PIN_TRIES:
        link.wrong_pins, link.locked_until = 0, timezone.now() + timedelta(minutes=settings.HOST_LINK_LOCK_MINUTES)
        fields.append("locked_until")
    link.save(update_fields=fields)
    audit_record(actor=None, action=AuditEntry.Action.VIEW, target=link,
                 summary=gettext_noop("A wrong PIN was typed on the host link “%(label)s”"),
                 values={"label": link.label}, detail={"locked": "locked_until" in fields})
    return False


def _working(link: HostLink) -> HostLink | None:
    return (HostLink.objects.select_for_update()
            .filter(pk=link.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()).first())


def _refused_link() -> ActionResult:
    return ActionResult(Outcome.REFUSED, _("This link was switched off or has expired: nothing was saved. "
                                           "Tell the organizer who gave it to you."))


@transaction.atomic
def host_check_in(*, link: HostLink, rsvp_id: int) -> ActionResult:
    """Check in one expected person of the link's event (or bus). Safe twice: a second time answers "already".
    Refused, in plain words, when the link stopped working or the RSVP is no longer on its list. Audited."""
    current = _working(link)
    if current is None:
        return _refused_link()
    rsvps = RSVP.objects.select_for_update().filter(event_id=current.event_id)
    if current.bus_id is not None:
        rsvps = rsvps.filter(bus_id=current.bus_id)
    try:
        rsvp = rsvps.filter(pk=int(rsvp_id)).first()
    except (TypeError, ValueError, OverflowError):
        rsvp = None
    if rsvp is None:
        return ActionResult(Outcome.REFUSED, _("This person is no longer on this list (their record may have been "
                                               "merged or moved to another bus): nothing was saved."))
    if rsvp.checked_in_at is not None:
        return ActionResult(Outcome.ALREADY)
    if rsvp.status not in EXPECTED:
        return ActionResult(Outcome.REFUSED, _("This RSVP was cancelled meanwhile: nothing was saved. Ask an "
                                               "organizer before they get on."))
    rsvp.checked_in_at, rsvp.no_show_at = timezone.now(), None
    rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
    rsvp.save(update_fields=["checked_in_at", "no_show_at", "status", "waitlisted_at", "updated_at"])
    audit_record(actor=None, action=AuditEntry.Action.UPDATE, target=current,
                 summary=gettext_noop("Checked in RSVP %(code)s through the host link “%(label)s”"),
                 values={"code": rsvp_code(rsvp.pk), "label": current.label},
                 detail={"event": current.event_id, "rsvp": rsvp.pk})
    return ActionResult(Outcome.APPLIED)


@transaction.atomic
def host_walk_in(*, link: HostLink, first_name: str, phone: str) -> tuple[ActionResult, RSVPReview | None]:
    """Write down a walk-in at the door: a first name and a phone, kept for staff to match with a record later
    (their decision makes the RSVP, checked in). Nothing is attached to anyone now. The same walk-in twice is
    one entry. Audited."""
    current = _working(link)
    if current is None:
        return _refused_link(), None
    first_name = (first_name or "").strip()
    if not first_name:
        raise ValidationError({"first_name": _("Write the person's first name.")})
    if len(first_name) > 100:
        raise ValidationError({"first_name": _("Write only the first name.")})
    e164 = phone_e164(phone)
    if e164 is None:
        raise ValidationError({"phone": _("Enter a phone number with its area code, like 312-555-0142.")})
    event = Event.objects.select_for_update().get(pk=current.event_id)
    found = person_match(name=first_name, phone=e164)
    review = _review_hold(event=event, match=found.person or found.conflict, name=first_name, phone=e164, email="",
                          language="en", bus=current.bus,
                          guests=0, access_needs="", consent=False, host_link=current)
    audit_record(actor=None, action=AuditEntry.Action.CREATE, target=current,
                 summary=gettext_noop("A walk-in was written down through the host link “%(label)s”"),
                 values={"label": current.label}, detail={"event": event.pk, "review": review.pk})
    return ActionResult(Outcome.APPLIED), review
