"""A person's plan for an event (events/calendar.py `plan_for`): the calendar entries and the reminders count from
the bus's departure and pickup point when they ride one; a change of bus or departure re-plans the reminders."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from events import notices
from events import services as event_services
from events.calendar import google_calendar_url, plan_for
from events.models import RSVP
from events.selectors import rsvp_receipt_token
from messaging import services as outbox
from messaging.backends import LocmemSmsBackend
from messaging.models import Message
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, person_with_phone
from tests.members.factories import PersonFactory
from tests.messaging.outbox_fixtures import about

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
TEN = datetime(2030, 3, 7, 10, 0, tzinfo=CHICAGO)  # a Thursday
HALF_SEVEN = datetime(2030, 3, 7, 7, 30, tzinfo=CHICAGO)


def _day(**kwargs):  # type: ignore[no-untyped-def]
    """A 10:00 advocacy day with one two-hour reminder and a 07:30 bus from Peoria."""
    event = EventFactory(starts_at=TEN, ends_at=TEN + timedelta(hours=6), reminder_minutes=[120], **kwargs)
    bus = BusFactory(event=event, departs_at=HALF_SEVEN,
                     pickup_point=PickupPointFactory(name="Peoria church lot", city="Peoria"))
    return event, bus


def _rider(event, bus, consent: bool = True) -> RSVP:  # type: ignore[no-untyped-def]
    person = person_with_phone()
    person.sms_consent = consent
    person.save()
    return event_services.rsvp_record(event=event, person=person, bus=bus, source="proxy")[0]


def _reminders(rsvp: RSVP) -> list[Message]:
    return list(Message.objects.filter(**about(rsvp), kind=notices.Kind.REMINDER).order_by("due_at", "id"))


def _ics(content: bytes):  # type: ignore[no-untyped-def]
    return next(c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT")


def test_the_plan_is_the_bus_when_there_is_one_else_the_event(regions) -> None:
    event, bus = _day()
    rider = RSVPFactory(event=event, bus=bus)
    walker = RSVPFactory(event=event)
    plan = plan_for(event, rider)
    assert (plan.starts_at, plan.ends_at, plan.bus) == (HALF_SEVEN, event.ends_at, bus)
    assert plan.location == f"Peoria church lot, {bus.pickup_point.address}"
    alone = plan_for(event, walker)
    assert (alone.starts_at, alone.bus) == (TEN, None)
    assert alone.location == f"{event.venue.name}, {event.venue.address}"
    assert plan_for(event, bus=bus) == plan


def test_a_two_hour_reminder_for_a_ten_oclock_event_is_due_two_hours_before_the_730_bus(regions) -> None:
    event, bus = _day()
    rider = _rider(event, bus)
    [reminder] = _reminders(rider)
    assert reminder.due_at.astimezone(CHICAGO) == datetime(2030, 3, 7, 5, 30, tzinfo=CHICAGO)
    assert reminder.planned_for == HALF_SEVEN and reminder.status == Message.Status.PENDING
    walker = event_services.rsvp_record(event=event, person=PersonFactory(), source="proxy")[0]
    assert _reminders(walker)[0].due_at.astimezone(CHICAGO) == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO)


@pytest.mark.quiet_hours
def test_quiet_hours_do_not_hold_a_text_past_the_bus(regions) -> None:
    """05:30 is inside the quiet hours (21:00-08:00); held until 08:00 the text would come after the 07:30 bus
    has left, so it goes at 05:30. A 09:00 bus's reminder due at 07:00 waits for 08:00."""
    event, bus = _day()
    rider = _rider(event, bus)
    [reminder] = _reminders(rider)
    LocmemSmsBackend.outbox = []
    assert outbox.message_send(message_id=reminder.pk, now=reminder.due_at) == Message.Status.SENT
    assert "7:30" in LocmemSmsBackend.outbox[0]["body"]

    later_bus = BusFactory(event=event, departs_at=datetime(2030, 3, 7, 9, 0, tzinfo=CHICAGO))
    late = event_services.rsvp_record(event=event, person=person_with_phone("+13125550160", sms_consent=True),
                                      bus=later_bus, source="proxy")[0]
    [held] = _reminders(late)
    assert outbox.message_send(message_id=held.pk, now=held.due_at) == Message.Status.PENDING
    held.refresh_from_db()
    assert held.due_at == datetime(2030, 3, 7, 8, 0, tzinfo=CHICAGO)


def test_a_new_departure_re_plans_the_riders_and_skips_the_old_reminders_at_once(regions, staff) -> None:
    event, bus = _day()
    rider = _rider(event, bus)
    walker = event_services.rsvp_record(event=event, person=PersonFactory(), source="proxy")[0]
    [old] = _reminders(rider)
    seven = datetime(2030, 3, 7, 7, 0, tzinfo=CHICAGO)
    event_services.bus_update(actor=staff, bus=bus, pickup_point=bus.pickup_point, departs_at=seven, seats=bus.seats)
    old.refresh_from_db()
    assert old.status == Message.Status.SKIPPED and "Replaced" in old.skip_reason
    new = Message.objects.get(**about(rider), kind=notices.Kind.REMINDER, status=Message.Status.PENDING)
    assert new.planned_for == seven and new.due_at == seven - timedelta(hours=2)
    assert new.dedupe_key != old.dedupe_key
    assert len(_reminders(walker)) == 1  # not on the bus: untouched
    # The same departure saved again changes nothing.
    event_services.bus_update(actor=staff, bus=bus, pickup_point=bus.pickup_point, departs_at=seven, seats=bus.seats)
    assert len(_reminders(rider)) == 2


def test_moving_to_another_bus_re_plans_that_persons_reminders(regions, staff) -> None:
    event, bus = _day()
    rider = _rider(event, bus)
    nine = BusFactory(event=event, departs_at=datetime(2030, 3, 7, 9, 0, tzinfo=CHICAGO))
    event_services.rsvp_move_bus(actor=staff, rsvp=rider, bus=nine)
    pending = [m for m in _reminders(rider) if m.status == Message.Status.PENDING]
    assert [m.due_at.astimezone(CHICAGO).hour for m in pending] == [7]
    event_services.rsvp_move_bus(actor=staff, rsvp=rider, bus=None)  # no bus: the event's start again
    pending = [m for m in _reminders(rider) if m.status == Message.Status.PENDING]
    assert [m.due_at.astimezone(CHICAGO).hour for m in pending] == [8]
    assert Message.objects.filter(**about(rider), kind=notices.Kind.REMINDER).count() == 3


def test_a_person_changing_their_own_bus_through_their_link_re_plans_their_reminders(regions) -> None:
    from events.selectors import rsvp_manage_stamp

    event, bus = _day()
    rider = _rider(event, bus)
    nine = BusFactory(event=event, departs_at=datetime(2030, 3, 7, 9, 0, tzinfo=CHICAGO))
    event_services.rsvp_self_update(rsvp=rider, bus=nine, guests=0, access_needs="", seen=rsvp_manage_stamp(rider))
    pending = [m for m in _reminders(rider) if m.status == Message.Status.PENDING]
    assert [(m.planned_for, m.due_at.astimezone(CHICAGO).hour) for m in pending] == [(nine.departs_at, 7)]


def test_a_reminder_already_past_when_planned_is_recorded_as_skipped_with_the_reason(regions) -> None:
    event, bus = _day()
    six = datetime(2030, 3, 7, 6, 0, tzinfo=CHICAGO)  # after 05:30, before the bus
    rider = RSVPFactory(event=event, bus=bus, status=RSVP.Status.GOING)
    assert notices.reminders_schedule(rsvp=rider, now=six) == 1
    [reminder] = _reminders(rider)
    assert reminder.status == Message.Status.SKIPPED and "had passed" in reminder.skip_reason
    assert notices.reminders_schedule(rsvp=rider, now=six) == 0  # idempotent


def test_a_reminder_claimed_after_the_bus_left_is_skipped(regions) -> None:
    event, bus = _day()
    rider = _rider(event, bus)
    [reminder] = _reminders(rider)
    assert outbox.message_send(message_id=reminder.pk, now=HALF_SEVEN + timedelta(minutes=5)) == "skipped"
    reminder.refresh_from_db()
    assert reminder.skip_reason == notices.BUS_LEFT


def test_the_outbox_page_shows_a_skipped_reminder_and_why_in_the_readers_language(regions, staff) -> None:
    event, bus = _day()
    rider = RSVPFactory(event=event, bus=bus, status=RSVP.Status.GOING)
    notices.reminders_schedule(rsvp=rider, now=datetime(2030, 3, 7, 6, 0, tzinfo=CHICAGO))
    client = Client()
    client.force_login(staff)
    url = reverse("events:event_outbox", kwargs={"pk": event.pk})
    page = client.get(url).content.decode()
    assert "Skipped" in page and "Its time had passed when it was planned" in page
    client.cookies["django_language"] = "es"
    page = client.get(url).content.decode()
    assert "Omitido" in page and "Ya había pasado su hora" in page


def test_the_page_calendar_file_and_google_link_use_the_event_start(regions) -> None:
    event, _bus = _day()
    response = Client().get(reverse("public:event_ics", kwargs={"slug": event.slug}))
    entry = _ics(response.content)
    assert entry["DTSTART"].dt == TEN and str(entry["UID"]) == event.uid and int(entry["SEQUENCE"]) == event.sequence
    page = Client().get(reverse("public:event", kwargs={"slug": event.slug})).content.decode()
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in page
    query = parse_qs(urlsplit(google_calendar_url(event)).query)
    assert query["dates"] == ["20300307T160000Z/20300307T220000Z"] and query["text"] == [event.title]
    assert query["location"] == [f"{event.venue.name}, {event.venue.address}"]


def test_the_thank_you_calendar_starts_at_the_chosen_bus_by_its_signed_token(regions) -> None:
    event, bus = _day()
    event.sequence = 2
    event.save(update_fields=["sequence"])
    token = rsvp_receipt_token(event=event, bus_id=bus.pk, guests=0, waitlisted=False)
    done = Client().get(reverse("public:rsvp_done", kwargs={"slug": event.slug, "token": token})).content.decode()
    ics_url = reverse("public:rsvp_done_ics", kwargs={"slug": event.slug, "token": token})
    assert ics_url in done
    entry = _ics(Client().get(ics_url).content)
    assert entry["DTSTART"].dt == HALF_SEVEN and entry["DTEND"].dt == event.ends_at
    assert str(entry["LOCATION"]).startswith("Peoria church lot")
    assert str(entry["UID"]) == event.uid and int(entry["SEQUENCE"]) == 2  # the same entry as the page's file
    assert "20300307T133000Z%2F20300307T220000Z" in done  # the Google link: 07:30 Chicago is 13:30 UTC
    without_bus = rsvp_receipt_token(event=event, bus_id=None, guests=0, waitlisted=False)
    plain = Client().get(reverse("public:rsvp_done_ics", kwargs={"slug": event.slug, "token": without_bus}))
    assert _ics(plain.content)["DTSTART"].dt == TEN
    forged = reverse("public:rsvp_done_ics", kwargs={"slug": event.slug, "token": "1:forged"})
    assert Client().get(forged).status_code == 404


def test_the_confirmation_carries_the_riders_calendar_file(regions) -> None:
    event, bus = _day()
    rider = _rider(event, bus)
    confirmation = Message.objects.get(**about(rider), kind=notices.Kind.CONFIRMATION)
    content = notices._compose(confirmation, notices._load(confirmation), "en", TEN - timedelta(days=1))
    assert _ics(content.attachments[0].content)["DTSTART"].dt == HALF_SEVEN


def test_the_public_page_leads_with_the_facts_shares_no_name_and_says_full_before_anyone_types(regions) -> None:
    event, bus = _day(capacity=2, description="Meet your legislators in Springfield.")
    bus.seats = 12
    bus.save(update_fields=["seats"])
    full_bus = BusFactory(event=event, seats=1, departs_at=HALF_SEVEN)
    RSVPFactory(event=event, bus=full_bus, status=RSVP.Status.GOING,
                person=PersonFactory(first_name="Zebulon", last_name="Quartermaine"))
    url = reverse("public:event", kwargs={"slug": event.slug})
    page = Client().get(url).content.decode()
    assert f'<meta property="og:title" content="{event.title}">' in page
    assert '<meta property="og:site_name" content="Illinois Coalition to End Permanent Punishments">' in page
    assert '<meta property="og:type" content="website">' in page
    assert '<meta name="description" content="Advocacy day on' in page
    assert "Zebulon" not in page and "Quartermaine" not in page
    assert 'id="event-full"' not in page  # one seat of two is left
    assert "12 seats left" in page and 'class="bus-cards"' in page and 'type="radio"' in page
    assert page.index('href="#rsvp"') < page.index('aria-labelledby="rsvp-heading" tabindex')
    RSVPFactory(event=event, status=RSVP.Status.GOING)
    page = Client().get(url).content.decode()
    assert 'id="event-full"' in page and "Full: you can join the waitlist. We will tell you" in page
    form_at = page.index('aria-labelledby="rsvp-heading" tabindex')
    assert page.index('id="event-full"') < page.index('href="#rsvp"') < form_at
