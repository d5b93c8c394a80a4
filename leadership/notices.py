"""What the leadership app tells people through the outbox, registered with its kind registry when the app
starts (LeadershipConfig.ready): mentor check-in reminders, with their hourly queue job (the task is
leadership.tasks').

A mentor check-in reminder names the mentee by first (or preferred) name only and says how long it has been
since the last check-in: nothing else about the mentee (no last name, notes, stage or circumstances) goes out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from leadership.models import Mentorship, MentorshipCheckIn
from leadership.selectors import mentorships_overdue_in
from messaging import kinds
from messaging import services as outbox
from messaging.content import Content, one_line
from messaging.models import Message

MENTOR_CHECKIN = "mentor_checkin"


class _Named(Protocol):
    preferred_name: str
    first_name: str


def _first_name(person: _Named) -> str:
    return person.preferred_name or person.first_name


def _load_mentorship(message: Message) -> Mentorship | None:
    if message.subject_id is None:
        return None
    return (Mentorship.objects.select_related("mentor__assigned_organizer", "mentee__assigned_organizer")
            .filter(pk=message.subject_id).first())


def _why_not_mentor_checkin(message: Message, mentorship: Mentorship | None, now: datetime) -> str | None:
    """A mentor reminder goes out only while its mentorship is current and its check-in still overdue, and
    no check-in was logged since it was queued. On the way, `mentorship.last_on` is set (the last check-in's
    date or the start, as the leadership selector counts it), which the content needs."""
    if mentorship is None:
        return gettext_noop("The mentorship was deleted.")
    if mentorship.ended_on is not None:
        return gettext_noop("The mentorship has ended.")
    logged_since = MentorshipCheckIn.objects.filter(
        mentorship=mentorship, interaction__created_at__gte=message.created_at
    )
    if logged_since.exists():
        return gettext_noop("A check-in was logged since this reminder was queued.")
    overdue = mentorships_overdue_in(Mentorship.objects.filter(pk=mentorship.pk), today=timezone.localdate(now))
    if not overdue:
        return gettext_noop("The check-in is no longer overdue.")
    mentorship.last_on = overdue[0].last_on
    return None


def _compose_mentor_checkin(message: Message, mentorship: Mentorship | None, language: str, now: datetime) -> Content:
    """The reminder to a mentor: their mentee's first name, the days since the last check-in, and whom to ask.

    `mentorship.last_on` is set by the send-time check (the leadership selector's last check-in date, or the
    start); without it the start date is used.
    """
    if mentorship is None:
        raise ValueError(f"Message {message.pk} ({message.kind}) is about no mentorship.")
    mentee = mentorship.mentee
    last_on = getattr(mentorship, "last_on", None) or mentorship.started_on
    days = max((timezone.localdate(now) - last_on).days, 0)
    organizer = mentee.assigned_organizer or mentorship.mentor.assigned_organizer
    organizer_name = organizer.get_full_name().strip() if organizer is not None else ""
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


def _mentorship_listing() -> QuerySet[Mentorship]:
    return Mentorship.objects.select_related("mentor", "mentee")


kinds.register(kinds.MessageKind(
    key=MENTOR_CHECKIN, label=gettext_lazy("Mentor check-in reminder"), subject_model="leadership.mentorship",
    load=_load_mentorship, why_not=_why_not_mentor_checkin, compose=_compose_mentor_checkin,
    listing=_mentorship_listing, about=str,
))


def mentor_checkin_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue a reminder to the mentor of every mentorship whose check-in is overdue (the periodic job).

    "Overdue" is the leadership selector's (`mentorships_overdue_in`), never re-derived here. One message per
    mentorship per overdue period: the dedupe key is the mentorship and the date the period started from (the
    last check-in, or the start), so running it every hour creates nothing new until a check-in is logged and
    the next period falls overdue. A new message is dispatched after commit; consent, quiet hours and whether
    it is still overdue are decided when it is sent. Returns how many messages were created.
    """
    now = now or timezone.now()
    created = 0
    for mentorship in mentorships_overdue_in(Mentorship.objects.all(), today=timezone.localdate(now)):
        _message, new = outbox.message_queue(
            kind=MENTOR_CHECKIN, person_id=mentorship.mentor_id, subject=mentorship, due_at=now,
            dedupe_key=f"mentor:{mentorship.pk}:{mentorship.last_on.isoformat()}",
        )
        created += new
    return created
