"""Recurring series: each date is its own Event with its own RSVPs (`dateutil.rrule` makes the dates, in
Chicago wall-clock time, so a 10 a.m. clinic stays at 10 a.m. across daylight saving).

Editing the series changes its future events that nobody edited on their own; past events never change.
"This and later" from one event changes that event and the later ones; cancelling the rest cancels every
future date, and each date's RSVPs are told as for any cancelled event.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry
from coalition.services import audit_record
from events.models import Event, EventSeries
from events.services.planning import EVENT_FIELDS, event_cancel, event_update

if TYPE_CHECKING:
    from coalition.models import User

MAX_DATES = 60
# What a series' events share with it; everything else (the public address, the RSVP deadline, reminders,
# whether RSVPs are open) belongs to each date.
SHARED_FIELDS = ("title", "title_es", "kind", "region", "campaign", "description", "description_es", "venue",
                 "online_url", "capacity", "access_info", "is_public")
SERIES_FIELDS = (*SHARED_FIELDS, "frequency", "count", "until")
RULES = {
    EventSeries.Frequency.WEEKLY: (rrule.WEEKLY, 1),
    EventSeries.Frequency.MONTHLY: (rrule.MONTHLY, 1),
    EventSeries.Frequency.QUARTERLY: (rrule.MONTHLY, 3),
}


def series_dates(*, frequency: str, first_starts_at: datetime, count: int | None = None,
                 until: date | None = None) -> list[datetime]:
    """The start of every date of a series, aware, at the first date's Chicago wall-clock time. Pure."""
    freq, interval = RULES[EventSeries.Frequency(frequency)]
    local = timezone.localtime(first_starts_at).replace(tzinfo=None)
    rule = rrule.rrule(freq, dtstart=local, interval=interval, count=count or None,
                       until=datetime.combine(until, time.max) if until else None)
    # One more than allowed, so a caller can tell "too many" from "exactly the most".
    starts = list(islice(rule, MAX_DATES + 1))
    return [timezone.make_aware(start) for start in starts]


def _check_series(series: EventSeries, *, starts_at: datetime, ends_at: datetime) -> list[datetime]:
    """Bad input, each message next to its field; the dates when all is well."""
    errors: dict[str, str] = {}
    if series.count is None and series.until is None:
        errors["count"] = _("Say how many dates, or give a last date below: a series needs an end.")
        errors["until"] = _("Give a last date, or say how many dates above.")
    if series.count is not None and not 1 <= series.count <= MAX_DATES:
        errors["count"] = _("A series has between 1 and %(max)s dates.") % {"max": MAX_DATES}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if series.until and series.until < timezone.localdate(starts_at):
        errors["until"] = _("The last date comes before the first one.")
    if not series.venue_id and not series.online_url:
        errors["venue"] = _("Choose a venue or give an online link.")
    if errors:
        raise ValidationError(errors)
    dates = series_dates(frequency=series.frequency, first_starts_at=starts_at, count=series.count,
                         until=series.until)
    if len(dates) > MAX_DATES:
        raise ValidationError({"until": _("That makes more than %(max)s dates: choose an earlier last date.")
                               % {"max": MAX_DATES}})
    return dates


def _free_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken or Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@transaction.atomic
def series_create(*, actor: User, starts_at: datetime, ends_at: datetime,
                  reminder_minutes: list[int] | None = None, idempotency_key: uuid.UUID | None = None,
                  **fields: Any) -> EventSeries:
    """Create a recurring series and one Event per date (staff anywhere; organizers in their own region).
    Every date gets its own public address and RSVPs. All or nothing; the same form submitted twice
    (`idempotency_key`) makes one series. Audited."""
    series = EventSeries(**{k: v for k, v in fields.items() if k in SERIES_FIELDS}, created_by=actor,
                         idempotency_key=idempotency_key)
    if not access.may_create_event(actor) or not access.may_manage_series(actor, series):
        raise OutOfReach("series")
    if idempotency_key is not None and (done := EventSeries.objects.filter(
            idempotency_key=idempotency_key, created_by=actor).first()) is not None:
        return done  # the same form submitted twice
    dates = _check_series(series, starts_at=starts_at, ends_at=ends_at)
    series.full_clean()
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError:
        # A concurrent submit of the same form won the race: its series is the one.
        return EventSeries.objects.get(idempotency_key=idempotency_key)
    length, taken = ends_at - starts_at, set[str]()
    base = slugify(series.title)[:80] or "event"
    for start in dates:
        event = Event(**{name: getattr(series, name) for name in SHARED_FIELDS}, series=series, created_by=actor,
                      starts_at=start, ends_at=start + length,
                      slug=_free_slug(f"{base}-{timezone.localdate(start).isoformat()}", taken))
        if reminder_minutes is not None:
            event.reminder_minutes = reminder_minutes
        event.full_clean()
        event.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=series,
                 summary=gettext_noop("Created series %(title)s (%(count)s dates)"),
                 values={"title": series.title, "count": len(dates)})
    return series


def _moved(event: Event, start_time: time | None, end_time: time | None) -> dict[str, datetime]:
    """The event's new start and end on its own day at the series' new times of day."""
    if start_time is None or end_time is None:
        return {}
    day = timezone.localdate(event.starts_at)
    start = timezone.make_aware(datetime.combine(day, start_time))
    end = timezone.make_aware(datetime.combine(day, end_time))
    return {"starts_at": start, "ends_at": end if end > start else end + timedelta(days=1)}


@transaction.atomic
def series_update(*, actor: User, series: EventSeries, from_event: Event | None = None,
                  start_time: time | None = None, end_time: time | None = None, **fields: Any) -> list[Event]:
    """Change what a series' events share, and optionally their times of day. It reaches the future events
    nobody edited on their own, or, `from_event`, that event and the later ones nobody edited on their own.
    Past events never change. People who RSVPed to a changed date hear about a new time or place. Returns
    the events changed."""
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    if not access.may_manage_series(actor, series):
        raise OutOfReach("series")
    if series.cancelled_at is not None:
        raise ValidationError(_("The rest of this series is cancelled: it has no future dates to change."))
    if (start_time is None) != (end_time is None):
        raise ValidationError({"end_time" if end_time is None else "start_time":
                               _("Give both the start and the end time, or neither.")})
    changed = [name for name, value in fields.items() if name in SHARED_FIELDS and getattr(series, name) != value]
    for name in changed:
        setattr(series, name, fields[name])
    if not access.may_manage_series(actor, series):
        raise ValidationError({"region": _("Organizers keep events in their own region.")})
    if not series.venue_id and not series.online_url:
        raise ValidationError({"venue": _("Choose a venue or give an online link.")})
    series.full_clean()
    if changed:
        series.save(update_fields=[*changed, "updated_at"])
    now = timezone.now()
    cutoff = max(now, from_event.starts_at) if from_event is not None else now
    targets = series.events.filter(starts_at__gte=cutoff).exclude(status=Event.Status.CANCELLED)
    if from_event is not None:
        targets = targets.filter(Q(series_edited=False) | Q(pk=from_event.pk))
    else:
        targets = targets.filter(series_edited=False)
    updated = []
    for event in targets.order_by("starts_at", "id"):
        values = {name: getattr(series, name) for name in SHARED_FIELDS} | _moved(event, start_time, end_time)
        updated.append(event_update(actor=actor, event=event, from_series=True, **values))
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=series,
                 summary=gettext_noop("Changed series %(title)s"), values={"title": series.title},
                 detail={"fields": changed, "events": [event.pk for event in updated]})
    return updated


@transaction.atomic
def event_update_this_and_later(*, actor: User, event: Event, **fields: Any) -> list[Event]:
    """From one event's edit page, "this and later ones": the shared details and the times of day go to the
    series and to this and its later events nobody edited on their own; the rest (the public address, the
    RSVP deadline, reminders, RSVPs open, and its own day) to this event only."""
    if event.series is None:
        raise ValidationError(_("This event is not part of a series."))
    # This date takes everything it was given, its own day and times included; the later ones the shared
    # details and the new times of day, each on its own day.
    own = {name: value for name, value in fields.items() if name in EVENT_FIELDS and name not in SHARED_FIELDS}
    event_update(actor=actor, event=event, from_series=True, **own)
    times: dict[str, time] = {}
    if fields.get("starts_at") and fields.get("ends_at"):
        times = {"start_time": timezone.localtime(fields["starts_at"]).time(),
                 "end_time": timezone.localtime(fields["ends_at"]).time()}
    shared = {name: value for name, value in fields.items() if name in SHARED_FIELDS}
    event.refresh_from_db()
    return series_update(actor=actor, series=event.series, from_event=event, **shared, **times)


@transaction.atomic
def series_cancel_rest(*, actor: User, series: EventSeries, from_event: Event | None = None) -> list[Event]:
    """Cancel every future date of a series (or those from `from_event` on): each date's RSVPs get the
    cancellation notice. Past dates stay as they were. Idempotent; returns the events cancelled now."""
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    if not access.may_manage_series(actor, series):
        raise OutOfReach("series")
    cutoff = max(timezone.now(), from_event.starts_at) if from_event is not None else timezone.now()
    cancelled = [event_cancel(actor=actor, event=event)
                 for event in series.events.filter(starts_at__gte=cutoff)
                 .exclude(status=Event.Status.CANCELLED).order_by("starts_at", "id")]
    upcoming = series.events.filter(starts_at__gte=timezone.now()).exclude(status=Event.Status.CANCELLED)
    if series.cancelled_at is None and not upcoming.exists():
        series.cancelled_at = timezone.now()
        series.save(update_fields=["cancelled_at", "updated_at"])
    if cancelled:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=series,
                     summary=gettext_noop("Cancelled %(count)s dates of series %(title)s"),
                     values={"count": len(cancelled), "title": series.title})
    return cancelled
