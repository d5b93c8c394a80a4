"""What a message says, in the person's language, composed at the moment of sending.

A mentor check-in reminder names the mentee by first (or preferred) name only and says how long it has been
since the last check-in: nothing else about the mentee (no last name, notes, stage or circumstances) goes out.
A consent confirmation names nobody: whoever holds the phone reads it, and the form that asked for it may
have been filled in by someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from messaging.models import Message

CHICAGO = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class Content:
    subject: str
    body: str
    sms: str


def one_line(value: object) -> str:
    """`value` with every line break and run of whitespace made one space: safe to put in an email header.

    A title typed with a line break would otherwise make the header invalid (and could inject another header).
    """
    return " ".join(str(value).split())


class _Named(Protocol):
    preferred_name: str
    first_name: str


def _when(starts_at: datetime) -> str:
    return formats.date_format(starts_at.astimezone(CHICAGO), "DATETIME_FORMAT")


def compose(message: Message, language: str, *, now: datetime | None = None) -> Content:
    """Subject, email body and SMS text for this message, in `language`."""
    if message.kind == Message.Kind.MENTOR_CHECKIN:
        return _compose_mentor_checkin(message, language, now or timezone.now())
    if message.kind == Message.Kind.CONSENT_CONFIRMATION:
        return _compose_consent_confirmation(language)
    event, rsvp = message.event, message.rsvp
    if event is None:
        raise ValueError(f"Message {message.pk} ({message.kind}) is about no event.")
    with translation.override(language):
        where = ""
        if event.venue is not None:
            where = f"{event.venue.name}, {event.venue.address}"
        elif event.online_url:
            where = event.online_url
        link = settings.SITE_URL.rstrip("/") + reverse("public:event", kwargs={"slug": event.slug})
        values = {"title": event.title, "when": _when(event.starts_at), "where": where, "link": link}
        if message.kind == Message.Kind.CONFIRMATION:
            if rsvp is not None and rsvp.status == rsvp.Status.WAITLISTED:
                lead = _("You are on the waitlist for %(title)s on %(when)s. We will tell you if a seat opens.")
            else:
                lead = _("You are signed up for %(title)s on %(when)s.")
        elif message.kind == Message.Kind.REMINDER:
            lead = _("Reminder: %(title)s is on %(when)s.")
        elif message.kind == Message.Kind.CHANGE:
            lead = _("%(title)s has changed. It is now on %(when)s.")
        elif message.kind == Message.Kind.CANCELLATION:
            lead = _("%(title)s on %(when)s is cancelled. We are sorry.")
        else:
            lead = _("Good news: a seat opened. You are now going to %(title)s on %(when)s.")
        lead = lead % values
        bus = ""
        if rsvp is not None and rsvp.bus is not None and message.kind != Message.Kind.CANCELLATION:
            bus = _("Your bus leaves from %(place)s at %(time)s.") % {
                "place": rsvp.bus.pickup_point.address,
                "time": formats.time_format(rsvp.bus.departs_at.astimezone(CHICAGO), "TIME_FORMAT"),
            }
        where_line = (_("Where: %(where)s") % values) if where else ""
        stop = _("Reply STOP to stop texts.")
        sms = " ".join(part for part in (lead, bus, link, stop) if part)
        body = "\n\n".join(part for part in (lead, bus, where_line, _("Details: %(link)s") % values) if part)
        subject = one_line(lead if len(lead) < 120 else event.title)
        return Content(subject=subject, body=body + "\n", sms=sms)


def _first_name(person: _Named) -> str:
    return person.preferred_name or person.first_name


def _compose_mentor_checkin(message: Message, language: str, now: datetime) -> Content:
    """The reminder to a mentor: their mentee's first name, the days since the last check-in, and whom to ask.

    `message.mentorship` carries `last_on` when it comes through the send-time check (the leadership selector's
    last check-in date, or the start); without it the start date is used.
    """
    mentorship = message.mentorship
    if mentorship is None:
        raise ValueError(f"Message {message.pk} ({message.kind}) is about no mentorship.")
    mentee = mentorship.mentee
    last_on = getattr(mentorship, "last_on", None) or mentorship.started_on
    days = max((timezone.localdate(now) - last_on).days, 0)
    organizer = mentee.assigned_organizer or mentorship.mentor.assigned_organizer
    organizer_name = organizer.get_full_name().strip() if organizer is not None else ""
    with translation.override(language):
        values = {"name": _first_name(mentee), "days": days, "mentor": _first_name(mentorship.mentor),
                  "organizer": organizer_name}
        lead = ngettext(
            "It has been %(days)d day since your last check-in with %(name)s.",
            "It has been %(days)d days since your last check-in with %(name)s.",
            days,
        ) % values
        ask = _("Please reach out to %(name)s when you can.") % values
        helper = (_("Questions? Ask %(organizer)s.") % values) if organizer_name else ""
        stop = _("Reply STOP to stop texts.")
        sms = " ".join(part for part in (lead, ask, helper, stop) if part)
        greeting = _("Hello %(mentor)s,") % values
        body = "\n\n".join(part for part in (greeting, lead, ask, helper) if part)
        subject = one_line(_("Time to check in with %(name)s") % values)
        return Content(subject=subject, body=body + "\n", sms=sms)


def _compose_consent_confirmation(language: str) -> Content:
    """The one text asking whoever holds the phone to confirm, by replying YES, that they want our texts."""
    with translation.override(language):
        sms = " ".join((
            _("Someone asked, on one of our event pages, that we text this number reminders."),
            _("Reply YES if you want texts from us."),
            _("Not you? Ignore this message, or reply STOP and we will not ask again."),
        ))
        subject = _("Do you want texts from us?")
        return Content(subject=subject, body=sms + "\n", sms=sms)
