"""What the events app tells people through the outbox: confirmations, reminders, change and cancellation notices,
off-the-waitlist notices. Registered with the outbox's kind registry when the app starts (EventsConfig.ready).

Every event message is about one RSVP (its subject) and grouped under its event (`topic`, "events.event:42", the
event's outbox page). What each says, and whether it still goes out, is decided here at the moment of sending,
from the database: the event deleted, cancelled (or, for a cancellation notice, no longer cancelled), the RSVP
cancelled, or for a reminder the RSVP waitlisted, the event moved or already started, stop it.

Reminders are scheduled set-wise as RSVPs and events change (`reminders_schedule`, `reminders_schedule_event`,
in the services' transactions), and a periodic safety net (`reminders_schedule_upcoming`) fills any gap,
inserting only missing keys. The dedupe key is RSVP + offset + event start, so a changed time wants new rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from events.calendar import event_ics
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


LABELS = {
    Kind.CONFIRMATION: gettext_lazy("Confirmation"),
    Kind.REMINDER: gettext_lazy("Reminder"),
    Kind.CHANGE: gettext_lazy("Change notice"),
    Kind.CANCELLATION: gettext_lazy("Cancellation notice"),
    Kind.PROMOTION: gettext_lazy("Off the waitlist"),
}


_TOPIC = "events.event:"


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
    if message.kind == Kind.REMINDER:
        if rsvp.status == RSVP.Status.WAITLISTED:
            return gettext_noop("The person is on the waitlist.")
        if message.planned_for != event.starts_at:
            # Normally `event_update` has scheduled the new ones already; this makes sure of it.
            reminders_schedule(rsvp=rsvp, now=now)
            return gettext_noop("The event time changed; a new reminder was scheduled.")
        if event.starts_at <= now:
            return gettext_noop("The event has already started.")
    return None


def _language(message: Message, notice: EventNotice) -> str:
    return notice.rsvp.language if notice.rsvp is not None else ""


def _quiet_cutoff(message: Message, notice: EventNotice) -> datetime | None:
    """A text may go out in quiet hours when the event starts before they end."""
    return notice.event.starts_at if notice.event is not None else None


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
    sms = " ".join(part for part in (lead, bus, link, stop) if part)
    body = "\n\n".join(part for part in (lead, bus, where_line, _("Details: %(link)s") % values) if part)
    subject = one_line(lead if len(lead) < 120 else title)
    attachments: tuple[Attachment, ...] = ()
    if message.kind != Kind.REMINDER:
        method = "CANCEL" if message.kind == Kind.CANCELLATION else "REQUEST"
        attachments = (Attachment("event.ics", event_ics(event, method=method), f"text/calendar; method={method}"),)
    return Content(subject=subject, body=body + "\n", sms=sms, attachments=attachments)


def _listing() -> QuerySet[RSVP]:
    return RSVP.objects.select_related("event")


def _about(rsvp: RSVP) -> str:
    return rsvp.event.localized("title")


def _register() -> None:
    for key, label in LABELS.items():
        kinds.register(kinds.MessageKind(
            key=key, label=label, subject_model="events.rsvp", load=_load, why_not=_why_not, compose=_compose,
            language=_language, quiet_cutoff=_quiet_cutoff, listing=_listing, about=_about,
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


def _off_reporting_day(due: datetime, reporting_day: int | None, starts_at: datetime) -> datetime:
    """Move a reminder that would land on the person's private reporting day to the day before."""
    local = due.astimezone(CHICAGO)
    if reporting_day is None or local.weekday() != reporting_day:
        return due
    if starts_at.astimezone(CHICAGO).date() == local.date():
        return due  # a same-day reminder cannot move off the day of the event
    return due - timedelta(days=1)


# One row of `_REMINDER_FACTS` per active RSVP: what its reminders are computed from.
_REMINDER_FACTS = ("pk", "person_id", "event_id", "event__starts_at", "event__reminder_minutes",
                   "person__sensitive_facts__reporting_day")
# RSVPs per round trip of the set-wise scheduler (one read, one lookup of existing keys, one insert).
_SCHEDULE_BATCH = 500


def _reminders_wanted(
    rsvp_id: int, person_id: int, event_id: int, starts_at: datetime, minutes_list: list[int] | None,
    reporting_day: int | None, *, now: datetime,
) -> list[outbox.Planned]:
    """The future reminders one RSVP should have. The key is RSVP + offset + event start, so a changed time
    wants new rows (the old ones are skipped at send time)."""
    stamp = int(starts_at.timestamp())
    wanted = []
    for minutes in sorted({int(m) for m in minutes_list or []}, reverse=True):
        due = starts_at - timedelta(minutes=minutes)
        if minutes >= 24 * 60:
            due = _off_reporting_day(due, reporting_day, starts_at)
        if due <= now:
            continue
        wanted.append(outbox.Planned(
            dedupe_key=f"reminder:{rsvp_id}:{minutes}:{stamp}", person_id=person_id, subject_id=rsvp_id,
            topic=event_topic(event_id), due_at=due, planned_for=starts_at, offset_minutes=minutes,
        ))
    return wanted


def _reminders_insert_missing(rsvps: QuerySet[RSVP], *, now: datetime) -> int:
    """Insert the missing future reminders of the active RSVPs in `rsvps` (of events not cancelled), set-wise.

    Per batch of RSVPs: one read of their facts, then the outbox's set-wise insert (one read of the reminder
    keys they already have, one bulk insert of the rest). Safe to run concurrently (the unique dedupe key).
    Returns how many rows were missing.
    """
    facts = (
        rsvps.filter(status__in=ACTIVE, event__starts_at__gt=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .order_by("pk").values_list(*_REMINDER_FACTS)
    )
    missing_total, after = 0, 0
    while True:
        batch = list(facts.filter(pk__gt=after)[:_SCHEDULE_BATCH])
        if not batch:
            return missing_total
        after = batch[-1][0]
        wanted = [row for fact in batch for row in _reminders_wanted(*fact, now=now)]
        missing_total += outbox.messages_insert_missing(kind=Kind.REMINDER, subject_model=RSVP, planned=wanted)
        if len(batch) < _SCHEDULE_BATCH:
            return missing_total


def reminders_schedule(*, rsvp: RSVP, now: datetime | None = None) -> int:
    """Ensure the event's future reminders exist for this (saved) RSVP; none for an inactive RSVP or a cancelled
    event. Called by the events services when an RSVP is recorded or promoted, in their transaction, so the
    rows commit with the RSVP. Idempotent (the dedupe key). Returns how many rows were missing. Three queries.
    """
    return _reminders_insert_missing(RSVP.objects.filter(pk=rsvp.pk), now=now or timezone.now())


def reminders_schedule_event(*, event: Event, now: datetime | None = None) -> int:
    """Ensure every active RSVP of this (saved) event has its future reminders: called by `event_update` when
    the time or the reminder offsets change. Set-wise (three queries per 500 RSVPs). Idempotent.
    """
    return _reminders_insert_missing(RSVP.objects.filter(event_id=event.pk), now=now or timezone.now())


def reminders_schedule_upcoming(*, now: datetime | None = None) -> int:
    """The safety net (a periodic job, every few minutes, not on every dispatch tick): insert whatever reminder
    rows are missing for active RSVPs of upcoming events. The services schedule reminders as RSVPs and events
    change, so this normally inserts nothing. Set-wise; safe to run twice or concurrently (the unique dedupe
    key). Returns how many rows were missing.
    """
    return _reminders_insert_missing(RSVP.objects.all(), now=now or timezone.now())
