"""Every write to events, buses, RSVPs and attendance.

Seats are scarce: `rsvp_record`, `rsvp_cancel` and `rsvp_move_bus` lock the event row (and the bus row) with
`select_for_update()` inside their transaction, so two hundred people pressing RSVP at once for the last ten
seats give exactly ten seats and an ordered waitlist. One RSVP per person and event is a unique constraint.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumbers import NumberParseException, is_valid_number
from phonenumbers import parse as parse_phone

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, Region
from coalition.services import audit_record
from events.models import RSVP, Bus, Event, PickupPoint, Venue
from members.models import Person, PersonPhone, SensitiveFacts
from messaging import services as outbox
from messaging.models import Message

if TYPE_CHECKING:
    from coalition.models import User

ACTIVE = (RSVP.Status.GOING, RSVP.Status.MAYBE, RSVP.Status.WAITLISTED)
EVENT_FIELDS = (
    "title", "slug", "kind", "region", "description", "starts_at", "ends_at", "venue", "online_url", "capacity",
    "rsvp_deadline", "access_info", "is_public", "reminder_minutes",
)
# A change to any of these is a change people must hear about (new calendar file, change notice).
NOTICE_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


class PlacementWarning(ValidationError):
    """Placing this person here needs a staff confirmation (a flagged venue or pickup point)."""


# People: match by phone or email, or create -------------------------------------------------------------

def phone_digits(number: str) -> str:
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def person_match(*, phone: str = "", email: str = "") -> Person | None:
    """The existing person with this working phone, else with this email (case-insensitive), oldest first."""
    if phone:
        found = (
            Person.objects.filter(phones__digits=phone_digits(phone), phones__stopped_working_on__isnull=True)
            .order_by("created_at", "id").first()
        )
        if found is not None:
            return found
    if email:
        return Person.objects.filter(email__iexact=email.strip()).order_by("created_at", "id").first()
    return None


def person_match_or_create(
    *, name: str, phone: str = "", email: str = "", language: str = "en", region: Region | None = None,
    source: str = Person.Source.PUBLIC_RSVP,
) -> tuple[Person, bool]:
    """Find the person by phone or email, or create them with that phone. Never overwrites a found record."""
    if phone:
        try:
            valid = is_valid_number(parse_phone(str(phone), "US"))
        except NumberParseException:
            valid = False
        if not valid:
            raise ValidationError({"phone": _("Enter a phone number with its area code, like 312-555-0142.")})
    if not phone and not email:
        raise ValidationError(_("Give a phone number or an email address, so we can reach you."))
    found = person_match(phone=phone, email=email)
    if found is not None:
        return found, False
    first, _sep, last = name.strip().partition(" ")
    person = Person(
        first_name=first[:100] or "?", last_name=last[:100], email=(email or "").strip(), preferred_language=language,
        region=region, source=source, joined_on=timezone.localdate(),
        preferred_channel=Message.Channel.SMS if phone else Message.Channel.EMAIL,
    )
    person.full_clean()
    person.save()
    if phone:
        number = PersonPhone(person=person, number=str(phone), is_primary=True, valid_since=timezone.localdate())
        number.full_clean()
        number.save()
    return person, True


def _record_consent(person: Person, *, phone: bool, email: bool, how: str) -> None:
    now = timezone.now()
    fields = []
    if phone and not person.sms_consent:
        person.sms_consent, person.sms_consent_at, person.sms_consent_how = True, now, how[:200]
        fields += ["sms_consent", "sms_consent_at", "sms_consent_how"]
    if email and person.email and not person.email_consent:
        person.email_consent, person.email_consent_at, person.email_consent_how = True, now, how[:200]
        fields += ["email_consent", "email_consent_at", "email_consent_how"]
    if fields:
        person.save(update_fields=[*fields, "updated_at"])


# Events -------------------------------------------------------------------------------------------------

@transaction.atomic
def event_create(*, actor: User, **fields: Any) -> Event:
    """Create an event (staff anywhere; organizers only in their own region)."""
    event = Event(**{k: v for k, v in fields.items() if k in EVENT_FIELDS}, created_by=actor)
    if not access.may_create_event(actor) or not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    event.full_clean()
    event.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, summary=f"Created event {event.title}", target=event)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, **fields: Any) -> Event:
    """Change an event. A new time or place marks it changed, raises the calendar SEQUENCE and sends every
    active RSVP a change notice with the updated calendar file. A new time or new reminder offsets schedule
    the new reminders at once (set-wise); reminders for the old time are skipped at send time.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    changed = [name for name, value in fields.items() if name in EVENT_FIELDS and getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    if not access.may_manage_event(actor, event):
        raise ValidationError({"region": _("Organizers keep events in their own region.")})
    noticed = any(name in NOTICE_FIELDS for name in changed)
    if noticed and event.status != Event.Status.CANCELLED:
        event.status = Event.Status.CHANGED
        event.sequence += 1
        changed += ["status", "sequence"]
    event.full_clean()
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, summary=f"Changed event {event.title}",
                     target=event, detail={"fields": changed})
    if noticed and event.status != Event.Status.CANCELLED:
        for rsvp in event.rsvps.filter(status__in=ACTIVE).select_related("event"):
            outbox.notice_queue(rsvp=rsvp, kind=Message.Kind.CHANGE)
    if {"starts_at", "reminder_minutes"} & set(changed):
        outbox.reminders_schedule_event(event=event)
    if "capacity" in changed:
        _promote(event)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    """Cancel an event: everyone with an active RSVP gets a cancellation notice (METHOD:CANCEL calendar file);
    pending reminders are skipped at send time. Idempotent.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not access.may_manage_event(actor, event):
        raise OutOfReach("event")
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, summary=f"Cancelled event {event.title}", target=event)
    for rsvp in event.rsvps.filter(status__in=ACTIVE).select_related("event"):
        outbox.notice_queue(rsvp=rsvp, kind=Message.Kind.CANCELLATION)
    return event


@transaction.atomic
def bus_create(*, actor: User, event: Event, pickup_point: PickupPoint, departs_at: datetime, seats: int) -> Bus:
    """Add a bus to an event (staff and admins)."""
    if not access.may_manage_transport(actor):
        raise OutOfReach("bus")
    bus = Bus(event=event, pickup_point=pickup_point, departs_at=departs_at, seats=seats)
    bus.full_clean()
    bus.save()
    return bus


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
    return warnings


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
    if not staff_side and event.rsvp_deadline is not None and event.rsvp_deadline < now:
        raise ValidationError(_("RSVPs for this event closed on %(date)s.") % {
            "date": timezone.localtime(event.rsvp_deadline).strftime("%Y-%m-%d %H:%M")})


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
        outbox.notice_queue(rsvp=rsvp, kind=Message.Kind.CONFIRMATION)
        outbox.reminders_schedule(rsvp=rsvp, now=now)
    return rsvp, existing is None


@transaction.atomic
def rsvp_public_submit(
    *, event: Event, name: str, phone: str = "", email: str = "", language: str = "en", bus: Bus | None = None,
    access_needs: str = "", guests: int = 0, consent: bool = False,
) -> RSVP:
    """The public form: match or create the person, record explicit consent if given, record the RSVP."""
    _check_open(event, now=timezone.now(), staff_side=False)
    region = bus.pickup_point.region if bus is not None else event.region
    person, _created = person_match_or_create(name=name, phone=phone, email=email, language=language, region=region)
    if consent:
        _record_consent(person, phone=bool(phone), email=bool(email),
                        how=f"Ticked the reminder box on the public RSVP form for {event.title}")
    rsvp, _new = rsvp_record(event=event, person=person, guests=guests, bus=bus, access_needs=access_needs,
                             language=language, source=RSVP.Source.PUBLIC)
    return rsvp


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
        outbox.notice_queue(rsvp=rsvp, kind=Message.Kind.PROMOTION)
        outbox.reminders_schedule(rsvp=rsvp)
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
        if rsvp.status != RSVP.Status.GOING:
            rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
    rsvp.save(update_fields=["checked_in_at", "checked_in_by", "status", "waitlisted_at", "updated_at"])
    return rsvp


@transaction.atomic
def walk_in_record(*, actor: User, event: Event, name: str, phone: str = "", email: str = "") -> RSVP:
    """A walk-in at the door: matched or created, RSVPed and checked in at once (they are here)."""
    if not access.works_with_people(actor):
        raise OutOfReach("event")
    region = actor.region if access.is_organizer(actor) else event.region
    if not phone and not email:
        if not name.strip():
            raise ValidationError({"name": _("Write the person's name.")})
        first, _sep, last = name.strip().partition(" ")
        person = Person(first_name=first[:100], last_name=last[:100], region=region, source=Person.Source.EVENT)
        person.full_clean()
        person.save()
    else:
        person, _created = person_match_or_create(name=name, phone=phone, email=email, region=region,
                                                  source=Person.Source.EVENT)
    now = timezone.now()
    rsvp = RSVP.objects.filter(event=event, person=person).first()
    if rsvp is None:
        rsvp = RSVP(event=event, person=person, source=RSVP.Source.WALK_IN, language=person.preferred_language,
                    status=RSVP.Status.GOING, recorded_by=actor)
    rsvp.status, rsvp.waitlisted_at = RSVP.Status.GOING, None
    if rsvp.checked_in_at is None:
        rsvp.checked_in_at, rsvp.checked_in_by = now, actor
    rsvp.full_clean(exclude=["person", "event"])
    rsvp.save()
    return rsvp

