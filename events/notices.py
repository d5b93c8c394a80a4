"""What the events app tells people through the outbox: confirmations, reminders, change and cancellation notices,
off-the-waitlist notices. Registered with the outbox's kind registry when the app starts (EventsConfig.ready).

Every event message is about one RSVP (its subject) and grouped under its event (`topic`, "events.event:42", the
event's outbox page). What each says, and whether it still goes out, is decided here at the moment of sending,
from the database: the event deleted, cancelled (or, for a cancellation notice, no longer cancelled), the RSVP
cancelled, or for a reminder the RSVP waitlisted, the event moved or already started, stop it.

Reminders follow the person's plan (events/calendar.py `plan_for`): their offsets count from the bus's departure
when the person rides one, else from the event's start. They are scheduled set-wise as RSVPs, buses and events
change (`reminders_schedule`, `reminders_schedule_bus`, `reminders_schedule_event`, in the services'
transactions), and a periodic safety net (`reminders_schedule_upcoming`) fills any gap, inserting only missing
keys. The dedupe key is RSVP + offset + planned start, so a new departure, a change of bus or a new event time
wants new rows; the pending rows of the old plan are skipped at once, with the reason. A reminder whose time
has already passed when it is planned is recorded as skipped, with the reason, rather than sent late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from events.calendar import event_ics, plan_for
from events.manage_links import manage_url
from events.models import RSVP, Event
from messaging import kinds
from messaging import services as outbox
from messaging.content import Attachment, Content, one_line
from messaging.models import Message

CHICAGO = ZoneInfo("America/Chicago")
ACTIVE = (RSVP.Status.GOING, RSVP.Status.MAYBE)


class Kind:
    """The keys of the events app's message kinds, as stored on the outbox rows."""

    CONFIRMATION = "confirmation"
    REMINDER = "reminder"
    CHANGE = "change"
    CANCELLATION = "cancellation"
    PROMOTION = "promotion"
    MANAGE_LINK = "manage_link"


LABELS = {
    Kind.CONFIRMATION: gettext_lazy("Confirmation"),
    Kind.REMINDER: gettext_lazy("Reminder"),
    Kind.CHANGE: gettext_lazy("Change notice"),
    Kind.CANCELLATION: gettext_lazy("Cancellation notice"),
    Kind.PROMOTION: gettext_lazy("Off the waitlist"),
    Kind.MANAGE_LINK: gettext_lazy("Link to change an RSVP"),
}
# The kinds that carry the person's private manage link (events/manage_links.py): not a cancellation.
_WITH_MANAGE_LINK = (Kind.CONFIRMATION, Kind.REMINDER, Kind.CHANGE, Kind.PROMOTION, Kind.MANAGE_LINK)


_TOPIC = "events.event:"

# Why a reminder was skipped, as stored on the outbox row (in English, the record's language) and shown translated
# on the outbox pages (Message.note): marked here so the translators see them.
REPLANNED = gettext_noop("Replaced: the event's time, the bus or the reminder times changed.")
PASSED = gettext_noop("Its time had passed when it was planned (a late RSVP or a change of time or bus).")
BUS_LEFT = gettext_noop("The bus has already left.")
STARTED = gettext_noop("The event has already started.")


def event_topic(event: Event | int) -> str:
    """The outbox topic of one event's messages: "events.event:<id>"."""
    return f"{_TOPIC}{event if isinstance(event, int) else event.pk}"


def _event_id(topic: str) -> int | None:
    rest = topic.removeprefix(_TOPIC)
    return int(rest) if topic.startswith(_TOPIC) and rest.isdigit() else None


@dataclass(frozen=True)
class EventNotice:
    """What an event message is about, read at sending: the event (None once deleted) and the RSVP (None once
    gone with its event)."""

    event: Event | None
    rsvp: RSVP | None


# At sending --------------------------------------------------------------------------------------------------

def _load(message: Message) -> EventNotice:
    """The RSVP with its event, venue, bus and pickup point in one query; without the RSVP, the event itself."""
    rsvp = (RSVP.objects.select_related("event__venue", "bus__pickup_point").filter(pk=message.subject_id).first()
            if message.subject_id is not None else None)
    if rsvp is not None:
        return EventNotice(rsvp.event, rsvp)
    event_id = _event_id(message.topic)
    event = Event.objects.select_related("venue").filter(pk=event_id).first() if event_id is not None else None
    return EventNotice(event, None)


def _load_many(messages: Sequence[Message]) -> dict[int, EventNotice]:
    """`_load` for a chunk of messages: their RSVPs with events, venues, buses and pickup points in one query;
    the events of those whose RSVP is gone in one more, only when there are some. By message id."""
    rsvp_ids = {m.subject_id for m in messages if m.subject_id is not None}
    rsvps = RSVP.objects.select_related("event__venue", "bus__pickup_point").in_bulk(rsvp_ids) if rsvp_ids else {}
    orphans = {m.pk: _event_id(m.topic) for m in messages if m.subject_id is None or m.subject_id not in rsvps}
    event_ids = {pk for pk in orphans.values() if pk is not None}
    events = Event.objects.select_related("venue").in_bulk(event_ids) if event_ids else {}
    notices = {}
    for message in messages:
        if message.pk in orphans:
            event_id = orphans[message.pk]
            notices[message.pk] = EventNotice(events.get(event_id) if event_id is not None else None, None)
        else:
            rsvp = rsvps[message.subject_id]
            notices[message.pk] = EventNotice(rsvp.event, rsvp)
    return notices


def _why_not(message: Message, notice: EventNotice, now: datetime) -> str | None:
    event, rsvp = notice.event, notice.rsvp
    if event is None:
        return gettext_noop("The event was deleted.")
    if message.kind == Kind.CANCELLATION:
        return None if event.status == Event.Status.CANCELLED else gettext_noop("The event is no longer cancelled.")
    if event.status == Event.Status.CANCELLED:
        return gettext_noop("The event is cancelled.")
    if rsvp is None or rsvp.status in (RSVP.Status.CANCELLED, RSVP.Status.DECLINED):
        return gettext_noop("The RSVP was cancelled.")
    if message.kind == Kind.MANAGE_LINK and event.ends_at <= now:
        return gettext_noop("The event is over.")
    if message.kind == Kind.REMINDER:
        if rsvp.status == RSVP.Status.WAITLISTED:
            return gettext_noop("The person is on the waitlist.")
        plan = plan_for(event, rsvp)
        if message.planned_for != plan.starts_at:
            # Normally the service that changed the time or the bus has scheduled the new ones already.
            reminders_schedule(rsvp=rsvp, now=now)
            return REPLANNED
        if plan.starts_at <= now:
            return BUS_LEFT if plan.bus is not None else STARTED
    return None


def _language(message: Message, notice: EventNotice) -> str:
    return notice.rsvp.language if notice.rsvp is not None else ""


def _quiet_cutoff(message: Message, notice: EventNotice) -> datetime | None:
    """A text may go out in quiet hours when the person's plan starts before they end: held until 08:00, a
    reminder for a 07:30 bus would arrive after the bus has left."""
    if notice.event is None:
        return None
    return plan_for(notice.event, notice.rsvp).starts_at


def _when(starts_at: datetime) -> str:
    return formats.date_format(starts_at.astimezone(CHICAGO), "DATETIME_FORMAT")


def _compose(message: Message, notice: EventNotice, language: str, now: datetime) -> Content:
    """Subject, email body and SMS text (in the active language); notices other than reminders carry the calendar
    file (METHOD:REQUEST, or CANCEL for a cancellation)."""
    event, rsvp = notice.event, notice.rsvp
    if event is None:
        raise ValueError(f"Message {message.pk} ({message.kind}) is about no event.")
    where = ""
    if event.venue is not None:
        where = f"{event.venue.name}, {event.venue.address}"
    elif event.online_url:
        where = event.online_url
    link = settings.SITE_URL.rstrip("/") + reverse("public:event", kwargs={"slug": event.slug})
    # Composed inside the person's language (messaging.content.compose): the Spanish title when there is one.
    title = event.localized("title")
    values = {"title": title, "when": _when(event.starts_at), "where": where, "link": link}
    if message.kind == Kind.CONFIRMATION:
        if rsvp is not None and rsvp.status == RSVP.Status.WAITLISTED:
            lead = _("You are on the waitlist for %(title)s on %(when)s. We will tell you if a seat opens.")
        else:
            lead = _("You are signed up for %(title)s on %(when)s.")
    elif message.kind == Kind.REMINDER:
        lead = _("Reminder: %(title)s is on %(when)s.")
    elif message.kind == Kind.CHANGE:
        lead = _("%(title)s has changed. It is now on %(when)s.")
    elif message.kind == Kind.CANCELLATION:
        lead = _("%(title)s on %(when)s is cancelled. We are sorry.")
    elif message.kind == Kind.MANAGE_LINK:
        lead = _("Someone sent an RSVP again for %(title)s on %(when)s with your phone or email. Your RSVP did "
                 "not change.")
    else:
        lead = _("Good news: a seat opened. You are now going to %(title)s on %(when)s.")
    lead = lead % values
    bus = ""
    if rsvp is not None and rsvp.bus is not None and message.kind != Kind.CANCELLATION:
        bus = _("Your bus leaves from %(place)s at %(time)s.") % {
            "place": rsvp.bus.pickup_point.address,
            "time": formats.time_format(rsvp.bus.departs_at.astimezone(CHICAGO), "TIME_FORMAT"),
        }
    where_line = (_("Where: %(where)s") % values) if where else ""
    stop = _("Reply STOP to stop texts.")
    manage = ""
    if rsvp is not None and message.kind in _WITH_MANAGE_LINK:
        manage = _("Change or cancel: %(url)s") % {"url": manage_url(rsvp)}
    # A text carries one link: the manage page shows the event too, so it replaces the event page's link.
    sms = " ".join(part for part in (lead, bus, manage or link, stop) if part)
    body = "\n\n".join(part for part in (lead, bus, where_line, _("Details: %(link)s") % values, manage) if part)
    subject = one_line(lead if len(lead) < 120 else title)
    attachments: tuple[Attachment, ...] = ()
    if message.kind not in (Kind.REMINDER, Kind.MANAGE_LINK):
        method = "CANCEL" if message.kind == Kind.CANCELLATION else "REQUEST"
        ics = event_ics(event, method=method, plan=plan_for(event, rsvp))
        attachments = (Attachment("event.ics", ics, f"text/calendar; method={method}"),)
    return Content(subject=subject, body=body + "\n", sms=sms, attachments=attachments)


def _listing() -> QuerySet[RSVP]:
    return RSVP.objects.select_related("event")


def _about(rsvp: RSVP) -> str:
    return rsvp.event.localized("title")


def _register() -> None:
    for key, label in LABELS.items():
        kinds.register(kinds.MessageKind(
            key=key, label=label, subject_model="events.rsvp", load=_load, why_not=_why_not, compose=_compose,
            language=_language, quiet_cutoff=_quiet_cutoff, listing=_listing, about=_about, load_many=_load_many,
        ))


_register()


# Queueing ----------------------------------------------------------------------------------------------------

@transaction.atomic
def notice_queue(*, rsvp: RSVP, kind: str) -> Message:
    """Queue a confirmation, change, cancellation or promotion notice for one RSVP; sent after commit.

    Called by the events services. Idempotent: one notice per RSVP, kind, status and event version.
    """
    message, _created = outbox.message_queue(
        kind=kind, person_id=rsvp.person_id, subject=rsvp, topic=event_topic(rsvp.event_id),
        dedupe_key=f"{kind}:{rsvp.pk}:{rsvp.status}:{rsvp.event.sequence}",
    )
    return message


@transaction.atomic
def manage_link_queue(*, rsvp: RSVP, day: str) -> Message:
    """Queue the person's manage link for one RSVP (sent after commit, consent checked at sending). Called by
    the events services. Idempotent: at most one per RSVP and `day`, however often it is asked for."""
    message, _created = outbox.message_queue(
        kind=Kind.MANAGE_LINK, person_id=rsvp.person_id, subject=rsvp, topic=event_topic(rsvp.event_id),
        dedupe_key=f"{Kind.MANAGE_LINK}:{rsvp.pk}:{day}",
    )
    return message


def _off_reporting_day(due: datetime, reporting_day: int | None, starts_at: datetime) -> datetime:
    """Move a reminder that would land on the person's private reporting day to the day before."""
    local = due.astimezone(CHICAGO)
    if reporting_day is None or local.weekday() != reporting_day:
        return due
    if starts_at.astimezone(CHICAGO).date() == local.date():
        return due  # a same-day reminder cannot move off the day of the event
    return due - timedelta(days=1)


# What an active RSVP's reminders are computed from: its event's start, end, offsets and place, its bus's
# departure and pickup point (the plan), and the person's private reporting day.
_REMINDER_FIELDS = (
    "pk", "person_id", "event_id", "bus_id", "status", "event__starts_at", "event__ends_at", "event__reminder_minutes",
    "event__online_url", "event__venue__name", "event__venue__street_address", "event__venue__city",
    "event__venue__postal_code", "bus__departs_at", "bus__pickup_point__name",
    "bus__pickup_point__street_address", "bus__pickup_point__city",
)
# RSVPs per round trip of the set-wise scheduler (one read, one lookup of existing keys, one insert).
_SCHEDULE_BATCH = 500


def _reminders_wanted(rsvp: RSVP, reporting_day: int | None, *, now: datetime) -> list[outbox.Planned]:
    """The reminders one RSVP's plan should have, counted from its planned start (the bus's departure, else the
    event's start). The key is RSVP + offset + planned start, so a new time or bus wants new rows. One whose
    time has passed is planned as skipped, with the reason, so the outbox page says why it never went."""
    starts_at = plan_for(rsvp.event, rsvp).starts_at
    stamp = int(starts_at.timestamp())
    wanted = []
    for minutes in sorted({int(m) for m in rsvp.event.reminder_minutes or []}, reverse=True):
        due = starts_at - timedelta(minutes=minutes)
        if minutes >= 24 * 60:
            due = _off_reporting_day(due, reporting_day, starts_at)
        wanted.append(outbox.Planned(
            dedupe_key=f"reminder:{rsvp.pk}:{minutes}:{stamp}", person_id=rsvp.person_id, subject_id=rsvp.pk,
            topic=event_topic(rsvp.event_id), due_at=due, planned_for=starts_at, offset_minutes=minutes,
            skip_reason=PASSED if due <= now else "",
        ))
    return wanted


def _reminders_insert_missing(rsvps: QuerySet[RSVP], *, now: datetime) -> int:
    """Insert the missing reminders of the active RSVPs in `rsvps` (of events not cancelled, not started), and
    skip their pending reminders of an old plan, set-wise.

    Per batch of RSVPs: one read of their facts, then the outbox's set-wise insert (one read of the reminder
    keys they already have, one bulk insert of the rest, one update only when an old plan's rows are pending).
    Safe to run concurrently (the unique dedupe key). Returns how many rows were missing.
    """
    facts = (
        rsvps.filter(status__in=ACTIVE, event__starts_at__gt=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event__venue", "bus__pickup_point").only(*_REMINDER_FIELDS)
        .annotate(reporting_day=F("person__sensitive_facts__reporting_day"))
        .order_by("pk")
    )
    missing_total, after = 0, 0
    while True:
        batch = list(facts.filter(pk__gt=after)[:_SCHEDULE_BATCH])
        if not batch:
            return missing_total
        after = batch[-1].pk
        wanted = [row for rsvp in batch
                  for row in _reminders_wanted(rsvp, getattr(rsvp, "reporting_day", None), now=now)]
        missing_total += outbox.messages_insert_missing(
            kind=Kind.REMINDER, subject_model=RSVP, planned=wanted,
            replace_for=[rsvp.pk for rsvp in batch], replaced_reason=REPLANNED)
        # The day-before YES/NO question is planned from the same plan, in the same pass (events/confirm_ask.py;
        # imported here, not at the top, because it builds on this module).
        from events.confirm_ask import confirm_asks_insert_missing

        confirm_asks_insert_missing(batch, now=now, replaced_reason=REPLANNED)
        if len(batch) < _SCHEDULE_BATCH:
            return missing_total


def reminders_schedule(*, rsvp: RSVP, now: datetime | None = None) -> int:
    """Ensure this (saved) RSVP's reminders exist for its plan; none for an inactive RSVP or a cancelled event.
    Called by the events services when an RSVP is recorded, promoted or moves to another bus, in their
    transaction, so the rows commit with the RSVP. Idempotent (the dedupe key). Returns how many rows were
    missing. Three queries, four when an old plan's reminders were pending.
    """
    return _reminders_insert_missing(RSVP.objects.filter(pk=rsvp.pk), now=now or timezone.now())


def reminders_schedule_event(*, event: Event, now: datetime | None = None) -> int:
    """Ensure every active RSVP of this (saved) event has its future reminders: called by `event_update` when
    the time or the reminder offsets change. Set-wise (three queries per 500 RSVPs). Idempotent.
    """
    return _reminders_insert_missing(RSVP.objects.filter(event_id=event.pk), now=now or timezone.now())


def reminders_schedule_bus(*, bus_id: int, now: datetime | None = None) -> int:
    """Re-plan the reminders of everyone riding this bus: called by `bus_update`, in its transaction, when the
    departure may have changed. Set-wise, idempotent; a departure that did not change changes nothing."""
    return _reminders_insert_missing(RSVP.objects.filter(bus_id=bus_id), now=now or timezone.now())


def reminders_schedule_upcoming(*, now: datetime | None = None) -> int:
    """The safety net (a periodic job, every few minutes, not on every dispatch tick): insert whatever reminder
    rows are missing for active RSVPs of upcoming events. The services schedule reminders as RSVPs and events
    change, so this normally inserts nothing. Set-wise; safe to run twice or concurrently (the unique dedupe
    key). Returns how many rows were missing.
    """
    return _reminders_insert_missing(RSVP.objects.all(), now=now or timezone.now())
