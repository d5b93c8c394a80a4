"""The day-before question, "Are you still coming tomorrow? Reply YES to confirm or NO to cancel", and the one
short answer to a reply. Two message kinds of the outbox, both about an RSVP and grouped under its event:

- `rsvp_confirm_ask`: one per going RSVP and planned start (events/calendar.py `plan_for`), due 24 hours before
  it. Planned with the reminders, in the same set-wise pass (`confirm_asks_insert_missing`, called from
  events/notices.py), so every service that schedules reminders and the periodic safety net plan it too. At
  sending it is skipped when the RSVP is no longer going, already confirmed, the event cancelled or started, or
  the plan changed. In quiet hours it waits for 08:00 (it has no cut-off: a question is no reason to wake
  anyone), and is skipped if the event has started by then.
- `rsvp_confirm_reply`: "Thanks, see you tomorrow." or "Your RSVP is cancelled.", queued by the inbound handler
  (events/confirm_replies.py), one per question. It answers a text the person has just sent, so it is not held
  for quiet hours; consent is checked at sending as for every kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from events import notices
from events.calendar import plan_for
from events.manage_links import manage_url
from events.models import RSVP, Event
from messaging import kinds
from messaging import services as outbox
from messaging.content import Content, one_line
from messaging.models import Message

CHICAGO = ZoneInfo("America/Chicago")
ASK = "rsvp_confirm_ask"
REPLY = "rsvp_confirm_reply"
ASK_BEFORE = timedelta(hours=24)

LABELS = {
    ASK: gettext_lazy("Day-before question (YES/NO)"),
    REPLY: gettext_lazy("Answer to a YES/NO reply"),
}

ALREADY_CONFIRMED = gettext_noop("The person has already confirmed.")
NOT_GOING = gettext_noop("The RSVP is not going (cancelled, declined, maybe or waitlisted).")


def ask_key(rsvp_id: int, starts_at: datetime) -> str:
    """The question's dedupe key: one per RSVP and planned start."""
    return f"{ASK}:{rsvp_id}:{int(starts_at.timestamp())}"


def reply_key(ask: Message) -> str:
    """The answer's dedupe key: one per question, so a second YES or NO gets no second text."""
    return f"{REPLY}:{ask.pk}"


# At sending --------------------------------------------------------------------------------------------------

def _load(message: Message) -> RSVP | None:
    if message.subject_id is None:
        return None
    return RSVP.objects.select_related("event__venue", "bus__pickup_point").filter(pk=message.subject_id).first()


def _load_many(messages: Sequence[Message]) -> dict[int, RSVP | None]:
    """`_load` for a chunk of messages, in one query. By message id."""
    ids = {m.subject_id for m in messages if m.subject_id is not None}
    rsvps = RSVP.objects.select_related("event__venue", "bus__pickup_point").in_bulk(ids) if ids else {}
    return {m.pk: rsvps.get(m.subject_id) if m.subject_id is not None else None for m in messages}


def _why_not(message: Message, rsvp: RSVP | None, now: datetime) -> str | None:
    if rsvp is None:
        return gettext_noop("The event was deleted.")
    if message.kind == REPLY:
        return None  # the answer says what the RSVP is now, whatever that is
    event = rsvp.event
    if event.status == Event.Status.CANCELLED:
        return gettext_noop("The event is cancelled.")
    if rsvp.status != RSVP.Status.GOING:
        return NOT_GOING
    if rsvp.confirmed_at is not None:
        return ALREADY_CONFIRMED
    plan = plan_for(event, rsvp)
    if message.planned_for != plan.starts_at:
        notices.reminders_schedule(rsvp=rsvp, now=now)  # normally done already by the service that changed the plan
        return notices.REPLANNED
    if event.starts_at <= now or plan.starts_at <= now:
        return notices.STARTED
    return None


def _language(message: Message, rsvp: RSVP | None) -> str:
    return rsvp.language if rsvp is not None else ""


def _day_and_time(starts_at: datetime, now: datetime) -> str:
    """ "tomorrow at 7:30 a.m.", "today at ...", or the date and time when it is further off."""
    local, today = starts_at.astimezone(CHICAGO), now.astimezone(CHICAGO).date()
    time = formats.time_format(local, "TIME_FORMAT")
    if local.date() == today:
        return _("today at %(time)s") % {"time": time}
    if local.date() == today + timedelta(days=1):
        return _("tomorrow at %(time)s") % {"time": time}
    return _("on %(when)s") % {"when": formats.date_format(local, "DATETIME_FORMAT")}


def _compose(message: Message, rsvp: RSVP | None, language: str, now: datetime) -> Content:
    if rsvp is None:
        raise ValueError(f"Message {message.pk} ({message.kind}) is about no RSVP.")
    event = rsvp.event
    plan = plan_for(event, rsvp)
    if message.kind == ASK:
        text = _("Are you still coming to %(title)s %(when)s? Reply YES to confirm or NO to cancel. Change: "
                 "%(url)s") % {"title": event.title, "when": _day_and_time(plan.starts_at, now),
                               "url": manage_url(rsvp)}
    elif rsvp.status == RSVP.Status.CANCELLED:
        text = _("Your RSVP for %(title)s is cancelled. Thank you for telling us. You can RSVP again on the "
                 "event's page.") % {"title": event.title}
    else:
        day = plan.starts_at.astimezone(CHICAGO).date() - now.astimezone(CHICAGO).date()
        if day == timedelta(0):
            text = _("Thanks, see you today.")
        elif day == timedelta(days=1):
            text = _("Thanks, see you tomorrow.")
        else:
            text = _("Thanks, see you on %(date)s.") % {
                "date": formats.date_format(plan.starts_at.astimezone(CHICAGO), "DATE_FORMAT")}
    return Content(subject=one_line(text if len(text) < 120 else event.title), body=text + "\n", sms=text)


def _quiet_cutoff(message: Message, rsvp: RSVP | None) -> datetime | None:
    return None  # held for 08:00 always; skipped at sending if the event has started by then


def _listing() -> QuerySet[RSVP]:
    return RSVP.objects.select_related("event")


def _about(rsvp: RSVP) -> str:
    return rsvp.event.title


def _register() -> None:
    for key, label in LABELS.items():
        kinds.register(kinds.MessageKind(
            key=key, label=label, subject_model="events.rsvp", load=_load, why_not=_why_not, compose=_compose,
            language=_language, quiet_hours=key == ASK, quiet_cutoff=_quiet_cutoff, listing=_listing, about=_about,
            load_many=_load_many,
        ))


_register()


# Planning ----------------------------------------------------------------------------------------------------

def confirm_asks_insert_missing(batch: Sequence[RSVP], *, now: datetime, replaced_reason: str) -> int:
    """Insert the missing day-before questions of a batch of RSVPs read by the reminders' scheduler (with their
    event, bus and pickup point): one for each going RSVP, due 24 hours before its planned start; pending
    questions of an old plan (or of an RSVP no longer going) are skipped. None when its time has already passed
    (an RSVP made within the last day has just said yes). Set-wise, idempotent (the dedupe key)."""
    wanted = []
    for rsvp in batch:
        if rsvp.status != RSVP.Status.GOING:
            continue
        starts_at = plan_for(rsvp.event, rsvp).starts_at
        due = starts_at - ASK_BEFORE
        if due <= now:
            continue
        wanted.append(outbox.Planned(
            dedupe_key=ask_key(rsvp.pk, starts_at), person_id=rsvp.person_id, subject_id=rsvp.pk,
            topic=notices.event_topic(rsvp.event_id), due_at=due, planned_for=starts_at,
        ))
    return outbox.messages_insert_missing(kind=ASK, subject_model=RSVP, planned=wanted,
                                          replace_for=[rsvp.pk for rsvp in batch], replaced_reason=replaced_reason)
