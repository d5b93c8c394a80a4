"""What a person does to their own RSVP through its private manage link, with no account: change the bus, the
guests or the access needs, or cancel. Whoever holds the link acts as "the person, through their link": each
change is audited with no user and `via: self_link`.

Seats are guarded as in rsvps.py: the event row and the chosen bus row are locked in the transaction, the seats
counted without this RSVP, and a freed seat moves the waitlist (`_promote`). A manage form carries the version of
the RSVP it was drawn from (`selectors.rsvp_manage_stamp`): the same submit twice changes it once, and a form
drawn from an older version changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.models import AuditEntry
from coalition.services import audit_record
from events import notices
from events.models import RSVP, Bus
from events.selectors import rsvp_manage_stamp
from events.services.rsvps import ACTIVE, _lock, _promote, _seats_taken

SELF_VIA_LINK = "self_link"
SELF_VIA_TEXT = "text_reply"


@dataclass(frozen=True)
class SelfChange:
    """What came of a change through the link: the RSVP as it is now and the names of the fields that changed
    (none: it already said this)."""

    rsvp: RSVP
    changed: tuple[str, ...]


def _check_changeable(rsvp: RSVP, *, now: datetime) -> None:
    event = rsvp.event
    if event.status == event.Status.CANCELLED:
        raise ValidationError(_("This event is cancelled."))
    if event.ends_at <= now:
        raise ValidationError(_("This event is over."))
    if rsvp.status not in ACTIVE:
        raise ValidationError(_("This RSVP is cancelled. To come after all, RSVP again on the event page."))


def _audit(rsvp: RSVP, summary: str, fields: list[str], *, via: str = SELF_VIA_LINK) -> None:
    # Which fields changed, never their values (access needs are the person's own business).
    who = "self via link" if via == SELF_VIA_LINK else "self by text"
    audit_record(actor=None, action=AuditEntry.Action.UPDATE, target=rsvp, summary=summary,
                 detail={"via": via, "actor": who, "event": rsvp.event_id, "fields": fields})


@transaction.atomic
def rsvp_self_update(
    *, rsvp: RSVP, bus: Bus | None, guests: int, access_needs: str, seen: str, now: datetime | None = None,
) -> SelfChange:
    """Change one's own bus, guests and access needs through the manage link (whoever holds it). A going RSVP
    moves only where its whole party fits (event capacity and the bus's seats, counted without itself); a
    waitlisted one keeps its place in line. Locks the event and bus rows; audited; a seat freed moves the
    waitlist. The same state again changes nothing; a stale form (`seen`) raises ValidationError.
    """
    now = now or timezone.now()
    event, bus = _lock(rsvp.event, bus)
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    rsvp.event = event
    _check_changeable(rsvp, now=now)
    if guests < 0 or guests > 10:
        raise ValidationError({"guests": _("Bring at most ten guests.")})
    access_needs = access_needs.strip()
    wanted = {"bus": bus.pk if bus else None, "guests": guests, "access_needs": access_needs}
    current = {"bus": rsvp.bus_id, "guests": rsvp.guests, "access_needs": rsvp.access_needs}
    changed = [name for name in wanted if wanted[name] != current[name]]
    if not changed:
        return SelfChange(rsvp=rsvp, changed=())  # a double submit, or nothing was changed
    if seen != rsvp_manage_stamp(rsvp):
        raise ValidationError(_("Your RSVP changed after you opened this page. Here it is as it is now: check it "
                                "and make your change again."), code="stale")
    seats = 1 + guests
    if rsvp.status == RSVP.Status.GOING:
        if bus is not None and _seats_taken(event, bus, exclude=rsvp) + seats > bus.seats:
            left = max(bus.seats - _seats_taken(event, bus, exclude=rsvp), 0)
            if left == 0:
                raise ValidationError({"bus": _("That bus is full. Choose another bus.")})
            raise ValidationError({"bus": ngettext(
                "That bus has room for only %(left)d person, you included. Choose another bus or fewer guests.",
                "That bus has room for only %(left)d people, you included. Choose another bus or fewer guests.",
                left) % {"left": left}})
        if event.capacity is not None and _seats_taken(event, exclude=rsvp) + seats > event.capacity:
            raise ValidationError({"guests": _("The event has no room for that many guests.")})
    freed = rsvp.bus_id != wanted["bus"] or guests < rsvp.guests
    rsvp.bus, rsvp.guests, rsvp.access_needs = bus, guests, access_needs
    rsvp.full_clean(exclude=["person", "event"])
    rsvp.save(update_fields=["bus", "guests", "access_needs", "updated_at"])
    _audit(rsvp, _("Changed their own RSVP through their private link"), changed)
    if "bus" in changed:
        notices.reminders_schedule(rsvp=rsvp)  # their reminders count from the new bus's departure
    if freed:
        _promote(event)
        rsvp.refresh_from_db(fields=["status", "waitlisted_at", "updated_at"])
    return SelfChange(rsvp=rsvp, changed=tuple(changed))


@transaction.atomic
def rsvp_self_cancel(*, rsvp: RSVP, now: datetime | None = None) -> SelfChange:
    """Cancel one's own RSVP through the manage link (whoever holds it), after its confirmation step. Frees the
    seats and moves the waitlist, as `rsvp_cancel` does; audited. Idempotent: cancelling again changes nothing.
    """
    return _cancel_own(rsvp=rsvp, now=now or timezone.now(), via=SELF_VIA_LINK,
                       summary=_("Cancelled their own RSVP through their private link"))


@transaction.atomic
def rsvp_text_cancel(*, rsvp: RSVP, now: datetime | None = None) -> SelfChange:
    """Cancel one's own RSVP by answering NO to the day-before question from the phone it went to (the inbound
    handler in events/confirm_ask.py has checked that). The same cancel as through the manage link: seats freed,
    waitlist moved, audited with `via: text_reply`. Idempotent."""
    return _cancel_own(rsvp=rsvp, now=now or timezone.now(), via=SELF_VIA_TEXT,
                       summary=_("Cancelled their own RSVP by answering NO to a text"))


def _cancel_own(*, rsvp: RSVP, now: datetime, via: str, summary: str) -> SelfChange:
    event, _bus = _lock(rsvp.event, None)
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    rsvp.event = event
    if rsvp.status == RSVP.Status.CANCELLED:
        return SelfChange(rsvp=rsvp, changed=())
    _check_changeable(rsvp, now=now)
    rsvp.status, rsvp.waitlisted_at = RSVP.Status.CANCELLED, None
    rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
    _audit(rsvp, summary, ["status"], via=via)
    _promote(event)
    return SelfChange(rsvp=rsvp, changed=("status",))
