"""RSVPs, seats and attendance.

Seats are scarce: `rsvp_record`, `rsvp_cancel` and `rsvp_move_bus` lock the event row (and the bus row) with
`select_for_update()` inside their transaction, so two hundred people pressing RSVP at once for the last ten
seats give exactly ten seats and an ordered waitlist. One RSVP per person and event is a unique constraint.

The public form locks the event row before it looks anyone up, so identical submits at once find what the
first one made. It never edits a person it finds, and never attaches anything to someone whose phone or email
it carries under another name: that waits for staff (`RSVPReview`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry
from coalition.phones import phone_digits
from coalition.services import audit_record, audit_record_many
from coalition.undo import UndoRefused
from events import notices
from events.models import RSVP, Bus, Event, HostLink, PickupPoint, RSVPReview, Venue
from events.services.people import _check_contact, _name_key, _person_add, person_match_or_create
from members.consent import consent_request_public
from members.models import Person, SensitiveFacts

if TYPE_CHECKING:
    from coalition.models import User

ACTIVE = (RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED)


class PlacementWarning(ValidationError):
    """Placing this person here needs a staff confirmation (a flagged venue or pickup point)."""


# Seats --------------------------------------------------------------------------------------------------

def _seats_taken(event: Event, bus: Bus | None = None, exclude: RSVP | None = None) -> int:
    qs = RSVP.objects.filter(event=event, status=RSVP.Status.GOING)
    if bus is not None:
        qs = qs.filter(bus=bus)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    taken = qs.aggregate(n=Sum("guests"))["n"] or 0
    return taken + qs.count()


def _fits(event: Event, bus: Bus | None, seats: int, exclude: RSVP | None = None) -> bool:
    if event.capacity is not None and _seats_taken(event, exclude=exclude) + seats > event.capacity:
        return False
    return bus is None or _seats_taken(event, bus, exclude=exclude) + seats <= bus.seats


def placement_warnings(person: Person, *, bus: Bus | None = None, event: Event | None = None) -> list[str]:
    """Staff-only warnings: a person on a registry or under supervision placed at a flagged place."""
    facts = SensitiveFacts.objects.filter(person=person).first()
    if facts is None or not (facts.registry_status == SensitiveFacts.Registry.CURRENT or facts.under_supervision):
        return []
    warnings = []
    places: list[PickupPoint | Venue] = []
    if bus is not None:
        places.append(bus.pickup_point)
    if event is not None and event.venue is not None:
        places.append(event.venue)
    for place in places:
        if place.near_school_park_daycare:
            warnings.append(_("%(place)s is near a school, park or day care.") % {"place": place})
        if place.on_public_transit:
            warnings.append(_("%(place)s is on public transit.") % {"place": place})
        if place.requires_id:
            warnings.append(_("People must show ID to get into %(place)s.") % {"place": place})
        if place.law_enforcement_site:
            warnings.append(_("%(place)s is at or next to a police station, courthouse or jail.") % {"place": place})
        if place.presence_note.strip():
            warnings.append(_("%(place)s: %(note)s") % {"place": place, "note": place.presence_note.strip()})
    return warnings


def travel_permissions_viewed(*, actor: Any, event: Event, rsvps: Iterable[RSVP], page: str) -> None:
    """Write that a page showed the actor these RSVPs' travel-permission flags (they reveal supervision): one
    audit entry per person whose flag is set and theirs to see, all in one query (roster, manifest)."""
    saw = _("Saw the travel permission of %(name)s")  # translated once for the page, not once per row
    entries = [(rsvp.person, saw % {"name": rsvp.person})
               for rsvp in rsvps if rsvp.travel_permission and access.may_view_sensitive(actor, rsvp.person)]
    audit_record_many(actor=actor, action=AuditEntry.Action.VIEW, entries=entries,
                      detail={"page": page, "event": event.pk})


def placement_warnings_viewed(*, actor: Any, person: Person, event: Event, page: str) -> None:
    """Write that the actor was shown placement warnings for this person (they reveal a registry or supervision
    status): RSVP by proxy, moving a bus. Only for those who may see them."""
    if not access.may_view_sensitive(actor, person):
        raise OutOfReach("sensitive facts")
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, target=person,
                 summary=_("Saw placement warnings for %(name)s") % {"name": person},
                 detail={"page": page, "event": event.pk})


def _lock(event: Event, bus: Bus | None) -> tuple[Event, Bus | None]:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if bus is not None:
        bus = Bus.objects.select_for_update().filter(pk=bus.pk, event=event).first()
        if bus is None:
            raise ValidationError({"bus": _("That bus is no longer running. Choose another one.")})
    return event, bus


def _check_open(event: Event, *, now: datetime, staff_side: bool) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is cancelled, so it takes no more RSVPs."))
    if event.ends_at <= now:
        raise ValidationError(_("This event is over."))
    if event.archived_at is not None:
        raise ValidationError(_("This event is archived, so it takes no more RSVPs."))
    if not staff_side and not event.registration_open:
        raise ValidationError(_("RSVPs for this event are closed."))
    if not staff_side and event.rsvp_deadline is not None and event.rsvp_deadline < now:
        raise ValidationError(_("RSVPs for this event closed on %(date)s.") % {
            "date": date_format(timezone.localtime(event.rsvp_deadline), "SHORT_DATETIME_FORMAT")})


@transaction.atomic
def rsvp_record(
    *, event: Event, person: Person, status: str = RSVP.Status.GOING, guests: int = 0, bus: Bus | None = None,
    access_needs: str = "", language: str = "", source: str, actor: User | None = None,
    travel_permission: str = "", staff_side: bool = False,
) -> tuple[RSVP, bool]:
    """Record a person's RSVP: going while seats last, else waitlisted in order. Returns (rsvp, created).

    A repeat (a double click) returns the existing active RSVP unchanged. Queues the confirmation and the
    reminders after commit. Locks the event and bus rows.
    """
    now = timezone.now()
    event, bus = _lock(event, bus)
    _check_open(event, now=now, staff_side=staff_side)
    if guests < 0 or guests > 10:
        raise ValidationError({"guests": _("Bring at most ten guests.")})
    existing = RSVP.objects.filter(event=event, person=person).first()
    if existing is not None and existing.status in ACTIVE:
        return existing, False
    seats = 1 + guests
    if status == RSVP.Status.GOING and not _fits(event, bus, seats):
        status = RSVP.Status.WAITLISTED
    rsvp = existing or RSVP(event=event, person=person, source=source)
    rsvp.status = status
    rsvp.guests = guests
    rsvp.bus = bus
    rsvp.access_needs = access_needs
    rsvp.language = language or person.preferred_language or "en"
    rsvp.recorded_by = actor
    rsvp.waitlisted_at = now if status == RSVP.Status.WAITLISTED else None
    if travel_permission:
        rsvp.travel_permission = travel_permission
    rsvp.full_clean(exclude=["person", "event"])
    try:
        with transaction.atomic():
            rsvp.save()
    except IntegrityError:
        return RSVP.objects.get(event=event, person=person), False
    if status != RSVP.Status.DECLINED:
        notices.notice_queue(rsvp=rsvp, kind=notices.Kind.CONFIRMATION)
        notices.reminders_schedule(rsvp=rsvp, now=now)
    return rsvp, existing is None


@dataclass(frozen=True)
class PublicSubmission:
    """What came of a public RSVP. Its confirmation page says only what was just submitted (`bus_id`, `guests`,
    `waitlisted` for these seats now), the same whatever became of it: a new RSVP, one the person already had,
    or one waiting for staff (`review`). `rsvp` is for the services and tests, never for the page."""

    bus_id: int | None
    guests: int
    waitlisted: bool
    rsvp: RSVP | None = None
    review: RSVPReview | None = None


@transaction.atomic
def rsvp_public_submit(
    *, event: Event, name: str, phone: str = "", email: str = "", language: str = "en", bus: Bus | None = None,
    access_needs: str = "", guests: int = 0, consent: bool = False,
) -> PublicSubmission:
    """The public form (anyone). Same phone or email and same name: the RSVP goes on that record, nothing else
    about the person changes; when they already have an active RSVP it stays as it was and its manage link is
    sent to them on file (events/manage_links.py). Nobody with that phone or email: a new person. Someone under
    another name: the submission waits for staff (RSVPReview) and touches nobody. Locks the event row first, so
    identical concurrent submits make one person, one RSVP or one review. The reminder box gives consent only to
    a record the form has just created; an existing person is asked to confirm by text (members.consent).
    """
    event, bus = _lock(event, bus)
    _check_open(event, now=timezone.now(), staff_side=False)
    if guests < 0 or guests > 10:
        raise ValidationError({"guests": _("Bring at most ten guests.")})
    seats = 1 + guests
    region = bus.pickup_point.region if bus is not None else event.region
    found = person_match_or_create(name=name, phone=phone, email=email, language=language, region=region)
    if found.person is None:
        review = _review_hold(event=event, match=found.conflict, name=name, phone=phone, email=email,
                              language=language, bus=bus, guests=guests, access_needs=access_needs, consent=consent)
        return PublicSubmission(bus_id=bus.pk if bus else None, guests=guests, waitlisted=not _fits(event, bus, seats),
                                review=review)
    person = found.person
    if consent:
        consent_request_public(person=person, created=found.created, phone=phone, email=email, language=language,
                               how=f"Ticked the reminder box on the public RSVP form for {event.title}")
    had = RSVP.objects.filter(event=event, person=person, status__in=ACTIVE).first()
    if had is not None:
        # Whoever typed her name and phone may not be her: her RSVP stays as it was, and its manage link goes to
        # the phone or email on file (the outbox checks consent at sending). The page says the same to everyone.
        notices.manage_link_queue(rsvp=had, day=timezone.localdate().isoformat())
        return PublicSubmission(bus_id=bus.pk if bus else None, guests=guests,
                                waitlisted=not _fits(event, bus, seats, exclude=had), rsvp=had)
    rsvp, _new = rsvp_record(event=event, person=person, guests=guests, bus=bus, access_needs=access_needs,
                             language=language, source=RSVP.Source.PUBLIC)
    waitlisted = rsvp.status == RSVP.Status.WAITLISTED
    return PublicSubmission(bus_id=bus.pk if bus else None, guests=guests, waitlisted=waitlisted, rsvp=rsvp)


@transaction.atomic
def rsvp_member_join(*, actor: User, event: Event) -> tuple[RSVP, bool]:
    """A signed-in member joins an event from their home page in one tap: the public page's RSVP
    (`rsvp_record`, source public, the same checks: open, deadline, seats, then the waitlist) on their own
    record. Like the public form without its reminder box, it gives no consent: reminders go only where the
    person has already said yes (checked at sending). A second tap returns the first RSVP. Returns
    (rsvp, created)."""
    person = access.own_person_scope(actor).first()
    if person is None or not access.member_event_scope(actor).filter(pk=event.pk).exists():
        raise OutOfReach("event")
    return rsvp_record(event=event, person=person, language=person.preferred_language, source=RSVP.Source.PUBLIC,
                       actor=actor)


def _review_hold(
    *, event: Event, match: Person | None, name: str, phone: str, email: str, language: str, bus: Bus | None,
    guests: int, access_needs: str, consent: bool, host_link: HostLink | None = None,
) -> RSVPReview:
    """Keep a submission for staff; the same submission again (a double click, a race) is the same row.
    The caller holds the event lock."""
    fingerprint = "|".join((_name_key(name), phone_digits(phone) if phone else "", (email or "").strip().lower()))
    waiting = RSVPReview.objects.filter(event=event, fingerprint=fingerprint, status=RSVPReview.Status.PENDING)
    if (existing := waiting.first()) is not None:
        return existing
    review = RSVPReview(
        event=event, match=match, name=name.strip()[:200], phone=str(phone or ""), email=(email or "").strip(),
        language=language, bus=bus, guests=guests, access_needs=access_needs, consent=consent,
        fingerprint=fingerprint[:400], host_link=host_link,
    )
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def rsvp_review_decide(*, actor: Any, review: RSVPReview, same_person: bool) -> RSVPReview:
    """Staff decide a waiting public RSVP: the same person as the match (the RSVP goes on their record, their
    details unchanged) or a different person (a new record from what was typed, with the consent they ticked).
    Audited. A second decision of the same review changes nothing.
    """
    if not access.may_review_public_rsvps(actor):
        raise OutOfReach("review")
    review = (RSVPReview.objects.select_for_update(of=("self",))
              .select_related("event", "bus__pickup_point", "match", "rsvp__person").get(pk=review.pk))
    if review.status != RSVPReview.Status.PENDING:
        return review
    event = review.event
    if same_person:
        if review.match is None:
            raise ValidationError(_("That person is no longer on record: choose “A different person”."))
        person = review.match
        if review.consent:
            # She is known: her consent is only ever asked for (a "reply YES" text), never set by the form.
            consent_request_public(person=person, created=False, phone=str(review.phone or ""),
                                   email=review.email, language=review.language,
                                   how=f"Ticked the reminder box on the public RSVP form for {event.title}")
    else:
        region = review.bus.pickup_point.region if review.bus is not None else event.region
        phone = str(review.phone or "")
        _check_contact(phone, review.email)
        person = _person_add(name=review.name, phone=phone, email=review.email, language=review.language,
                             region=region, source=Person.Source.PUBLIC_RSVP)
        if review.consent:
            consent_request_public(person=person, created=True, phone=phone, email=review.email,
                                   language=review.language,
                                   how=f"Ticked the reminder box on the public RSVP form for {event.title}")
    if review.host_link_id is not None:
        # A walk-in a host wrote down at the door: they were there, whatever the event's state now.
        rsvp = _walk_in_rsvp(event=event, person=person, actor=actor, at=review.created_at, bus=review.bus)
    else:
        rsvp, _created = rsvp_record(
            event=event, person=person, guests=review.guests, bus=review.bus, access_needs=review.access_needs,
            language=review.language, source=RSVP.Source.PUBLIC, actor=actor, staff_side=True,
        )
    rsvp.person = person
    review.status = RSVPReview.Status.SAME_PERSON if same_person else RSVPReview.Status.NEW_PERSON
    review.decided_by, review.decided_at, review.rsvp = actor, timezone.now(), rsvp
    review.save(update_fields=["status", "decided_by", "decided_at", "rsvp", "updated_at"])
    summary = (_("Public RSVP to %(event)s attached to %(name)s (the same person)") if same_person
               else _("Public RSVP to %(event)s: added %(name)s (a different person)"))
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE if same_person else AuditEntry.Action.CREATE,
                 summary=summary % {"event": event.title, "name": person}, target=person,
                 detail={"review": review.pk, "event": event.pk, "rsvp": rsvp.pk, "decision": review.status})
    return review


@transaction.atomic
def rsvp_proxy(
    *, actor: User, event: Event, person: Person, status: str = RSVP.Status.GOING, guests: int = 0,
    bus: Bus | None = None, access_needs: str = "", travel_permission: str = "", confirmed: bool = False,
) -> RSVP:
    """An organizer RSVPs for a person they may see. Flagged places need `confirmed=True` (PlacementWarning)."""
    if not access.may_change_person(actor, person) or not access.event_scope(actor).filter(pk=event.pk).exists():
        raise OutOfReach("person")
    if not access.may_view_sensitive(actor, person):
        travel_permission = ""
    warnings = placement_warnings(person, bus=bus, event=event) if access.may_view_sensitive(actor, person) else []
    if warnings and not confirmed:
        raise PlacementWarning(warnings, code="flagged")
    rsvp, _created = rsvp_record(
        event=event, person=person, status=status, guests=guests, bus=bus, access_needs=access_needs,
        language=person.preferred_language, source=RSVP.Source.PROXY, actor=actor,
        travel_permission=travel_permission, staff_side=True,
    )
    return rsvp


def _promote(event: Event) -> list[RSVP]:
    """Move waitlisted RSVPs to going, in order, while they fit; tell each (caller holds the event lock)."""
    promoted = []
    for rsvp in event.rsvps.filter(status=RSVP.Status.WAITLISTED).order_by("waitlisted_at", "id").select_related("bus"):
        bus = Bus.objects.select_for_update().get(pk=rsvp.bus_id) if rsvp.bus_id else None
        if not _fits(event, bus, rsvp.seats):
            continue
        rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        rsvp.event = event
        notices.notice_queue(rsvp=rsvp, kind=notices.Kind.PROMOTION)
        notices.reminders_schedule(rsvp=rsvp)
        promoted.append(rsvp)
    return promoted


@transaction.atomic
def rsvp_cancel(*, actor: User, rsvp: RSVP) -> RSVP:
    """Cancel an RSVP and promote the next people on the waitlist who fit (they are told). Idempotent."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    event, _bus = _lock(rsvp.event, None)
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.status == RSVP.Status.CANCELLED:
        return rsvp
    rsvp.status, rsvp.waitlisted_at = RSVP.Status.CANCELLED, None
    rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
    # Its pending reminders stay: skipped at sending while it is cancelled, and due again (same RSVP row, same
    # dedupe keys) if the person RSVPs again.
    _promote(event)
    return rsvp


@transaction.atomic
def rsvp_move_bus(*, actor: User, rsvp: RSVP, bus: Bus | None, confirmed: bool = False) -> RSVP:
    """Move someone to another bus of the same event (staff), if it has seats; flagged places need confirming."""
    if not access.may_manage_transport(actor):
        raise OutOfReach("rsvp")
    event, bus = _lock(rsvp.event, bus)
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    old_bus_id = rsvp.bus_id
    if bus is not None and rsvp.status == RSVP.Status.GOING and not _fits(event, bus, rsvp.seats, exclude=rsvp):
        raise ValidationError({"bus": _("%(bus)s is full.") % {"bus": bus}})
    warnings = placement_warnings(rsvp.person, bus=bus) if bus is not None else []
    if warnings and not confirmed:
        raise PlacementWarning(warnings, code="flagged")
    rsvp.bus = bus
    rsvp.save(update_fields=["bus", "updated_at"])
    notices.reminders_schedule(rsvp=rsvp)  # their reminders count from the new bus's departure
    if old_bus_id and old_bus_id != (bus.pk if bus else None):
        _promote(event)
    return rsvp


@transaction.atomic
def rsvp_set_travel_permission(*, actor: User, rsvp: RSVP, travel_permission: str) -> RSVP:
    """Set the private travel-permission flag (only those who may see the person's sensitive facts). Audited."""
    if not access.may_change_sensitive(actor, rsvp.person):
        raise OutOfReach("rsvp")
    rsvp.travel_permission = travel_permission
    rsvp.full_clean(exclude=["person", "event"])
    rsvp.save(update_fields=["travel_permission", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, summary="Changed travel permission", target=rsvp)
    return rsvp


@transaction.atomic
def rsvp_check_in(*, actor: User, rsvp: RSVP, undo: bool = False) -> RSVP:
    """Record (or undo) attendance at the door or the bus. Idempotent: a second tap keeps the first time."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    if undo:
        rsvp.checked_in_at, rsvp.checked_in_by = None, None
    elif rsvp.checked_in_at is None:
        rsvp.checked_in_at, rsvp.checked_in_by = timezone.now(), actor
        rsvp.no_show_at = None  # they came after all
        if rsvp.status != RSVP.Status.GOING:
            rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
    rsvp.save(update_fields=["checked_in_at", "checked_in_by", "status", "waitlisted_at", "no_show_at",
                             "updated_at"])
    return rsvp


@transaction.atomic
def walk_in_record(*, actor: User, event: Event, name: str, phone: str = "", email: str = "") -> RSVP:
    """A walk-in at the door: matched or created, RSVPed and checked in at once (they are here)."""
    if not access.may_work_with_people(actor):
        raise OutOfReach("event")
    # An organizer's walk-ins join their own region, so the people they check in stay on their turf.
    region = access.organizer_region(actor) or event.region
    if not phone and not email:
        if not name.strip():
            raise ValidationError({"name": _("Write the person's name.")})
        first, _sep, last = name.strip().partition(" ")
        person = Person(first_name=first[:100], last_name=last[:100], region=region, source=Person.Source.EVENT)
        person.full_clean()
        person.save()
    else:
        found = person_match_or_create(name=name, phone=phone, email=email, region=region,
                                       source=Person.Source.EVENT)
        # At the door the organizer sees the person: the holder of the phone is taken even under another name.
        holder = found.person or found.conflict
        if holder is None:  # person_match_or_create makes one when nobody holds the phone or email
            raise ValidationError(_("Give a name, a phone number or an email address."))
        person = holder
    return _walk_in_rsvp(event=event, person=person, actor=actor, at=timezone.now())


def _walk_in_rsvp(*, event: Event, person: Person, actor: User | None, at: datetime, bus: Bus | None = None) -> RSVP:
    """The person's RSVP to the event, going and checked in at `at` (kept if they were checked in already)."""
    rsvp = RSVP.objects.filter(event=event, person=person).first()
    if rsvp is None:
        rsvp = RSVP(event=event, person=person, source=RSVP.Source.WALK_IN, language=person.preferred_language,
                    status=RSVP.Status.GOING, recorded_by=actor, bus=bus)
    rsvp.status, rsvp.waitlisted_at, rsvp.no_show_at = RSVP.Status.GOING, None, None
    if rsvp.checked_in_at is None:
        rsvp.checked_in_at, rsvp.checked_in_by = at, actor
    rsvp.full_clean(exclude=["person", "event"])
    rsvp.save()
    return rsvp



# One-tap actions with an undo (coalition/undo.py) -------------------------------------------------------

def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def rsvp_check_in_tap(*, actor: User, rsvp: RSVP) -> tuple[RSVP, dict[str, Any] | None]:
    """Check someone in at the door (one tap) and return the state an undo needs, or None when they were
    already checked in (nothing happened, nothing to undo). Locks the RSVP row."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.checked_in_at is not None:
        return rsvp, None
    before = {"status": rsvp.status, "waitlisted_at": _stamp(rsvp.waitlisted_at), "no_show_at": _stamp(rsvp.no_show_at)}
    rsvp = rsvp_check_in(actor=actor, rsvp=rsvp)
    return rsvp, {**before, "at": _stamp(rsvp.checked_in_at)}


@transaction.atomic
def rsvp_check_in_revert(*, actor: User, rsvp: RSVP, state: dict[str, Any]) -> RSVP:
    """Undo a check-in made by `rsvp_check_in_tap`: back to not checked in, with the status it had. Refused
    (UndoRefused) when the check-in is not the one the token names (undone already, or changed). Audited."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    rsvp = RSVP.objects.select_for_update().select_related("person").get(pk=rsvp.pk)
    if rsvp.checked_in_at is None or _stamp(rsvp.checked_in_at) != state.get("at"):
        raise UndoRefused(_("Nothing to undo: this check-in was already undone or changed since."), code="changed")
    status = str(state.get("status")) if state.get("status") in RSVP.Status.values else rsvp.status
    waitlisted_at = state.get("waitlisted_at")
    rsvp.checked_in_at, rsvp.checked_in_by = None, None
    rsvp.status = status
    rsvp.waitlisted_at = datetime.fromisoformat(waitlisted_at) if waitlisted_at else None
    no_show_at = state.get("no_show_at")
    rsvp.no_show_at = datetime.fromisoformat(no_show_at) if no_show_at else None
    rsvp.save(update_fields=["checked_in_at", "checked_in_by", "status", "waitlisted_at", "no_show_at",
                             "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=rsvp,
                 summary=_("Undid the check-in of %(name)s") % {"name": rsvp.person},
                 detail={"event": rsvp.event_id, "undo": "check_in"})
    return rsvp


@transaction.atomic
def rsvp_no_show_tap(*, actor: User, rsvp: RSVP) -> tuple[RSVP, dict[str, Any] | None]:
    """Mark at the door that someone expected did not come (one tap), returning the state its undo needs, or
    None when there is nothing to mark (checked in, or marked already). Locks the RSVP row."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    rsvp = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.checked_in_at is not None or rsvp.no_show_at is not None:
        return rsvp, None
    rsvp.no_show_at = timezone.now()
    rsvp.save(update_fields=["no_show_at", "updated_at"])
    return rsvp, {"at": _stamp(rsvp.no_show_at)}


@transaction.atomic
def rsvp_no_show_revert(*, actor: User, rsvp: RSVP, state: dict[str, Any]) -> RSVP:
    """Undo `rsvp_no_show_tap`: expected again. Refused when the mark is not the one the token names. Audited."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    rsvp = RSVP.objects.select_for_update().select_related("person").get(pk=rsvp.pk)
    if rsvp.no_show_at is None or _stamp(rsvp.no_show_at) != state.get("at"):
        raise UndoRefused(_("Nothing to undo: this no-show was already undone or changed since."), code="changed")
    rsvp.no_show_at = None
    rsvp.save(update_fields=["no_show_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=rsvp,
                 summary=_("Undid the no-show of %(name)s") % {"name": rsvp.person},
                 detail={"event": rsvp.event_id, "undo": "no_show"})
    return rsvp


@transaction.atomic
def rsvp_cancel_tap(*, actor: User, rsvp: RSVP) -> tuple[RSVP, dict[str, Any] | None]:
    """Cancel an RSVP (staff, organizers) and return the state an undo needs, or None when it was cancelled
    already. The waitlist moves up as with `rsvp_cancel`."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    _lock(rsvp.event, None)  # the event row first, as rsvp_cancel and every seat-taking service lock it
    current = RSVP.objects.select_for_update().get(pk=rsvp.pk)
    if current.status == RSVP.Status.CANCELLED:
        return current, None
    before = {"status": current.status, "bus": current.bus_id}
    rsvp = rsvp_cancel(actor=actor, rsvp=current)
    return rsvp, {**before, "at": _stamp(rsvp.updated_at)}


@transaction.atomic
def rsvp_cancel_revert(*, actor: User, rsvp: RSVP, state: dict[str, Any]) -> RSVP:
    """Undo a cancellation made by `rsvp_cancel_tap`: the RSVP is active again with its status and bus if the
    seats are still free, else on the waitlist (a seat the waitlist took is not taken back: that person was
    told). Refused when the RSVP changed since. Locks the event and bus rows. Audited."""
    if not access.rsvp_scope(actor).filter(pk=rsvp.pk).exists():
        raise OutOfReach("rsvp")
    bus_id = state.get("bus")
    bus = Bus.objects.filter(pk=int(bus_id), event_id=rsvp.event_id).first() if bus_id else None
    event, bus = _lock(rsvp.event, bus)
    rsvp = RSVP.objects.select_for_update().select_related("person").get(pk=rsvp.pk)
    if rsvp.status != RSVP.Status.CANCELLED or _stamp(rsvp.updated_at) != state.get("at"):
        raise UndoRefused(_("Nothing to undo: this RSVP was already brought back or changed since."), code="changed")
    status = str(state.get("status")) if state.get("status") in ACTIVE else str(RSVP.Status.GOING)
    if status == RSVP.Status.GOING and not _fits(event, bus, rsvp.seats, exclude=rsvp):
        status = RSVP.Status.WAITLISTED
    rsvp.status, rsvp.bus = status, bus
    rsvp.waitlisted_at = timezone.now() if status == RSVP.Status.WAITLISTED else None
    rsvp.save(update_fields=["status", "bus", "waitlisted_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=rsvp,
                 summary=_("Undid the cancellation of the RSVP of %(name)s") % {"name": rsvp.person},
                 detail={"event": rsvp.event_id, "undo": "rsvp_cancel", "status": status})
    return rsvp
