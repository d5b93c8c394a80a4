"""Recurring series: one Event per date, edits that reach only future dates nobody changed on their own,
"this and later", cancelling the rest; and the bad input a staff member can type."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.access import OutOfReach
from events import services
from events.models import RSVP, Event, EventSeries
from tests.events.factories import RSVPFactory, VenueFactory

CHICAGO = ZoneInfo("America/Chicago")


def _clinic(actor, venue, *, count=4, until=None, region=None, first=None):
    first = first or datetime(timezone.localdate().year + 1, 1, 16, 10, 0, tzinfo=CHICAGO)
    return services.series_create(
        actor=actor, title="Record-clearing clinic", kind=Event.Kind.CLINIC, frequency="quarterly", count=count,
        until=until, region=region, venue=venue, capacity=40, is_public=True, starts_at=first,
        ends_at=first + timedelta(hours=3), reminder_minutes=[1440])


def test_a_quarterly_series_makes_one_event_per_date_at_the_same_chicago_time(regions, staff) -> None:
    series = _clinic(staff, VenueFactory())
    events = list(series.events.order_by("starts_at"))
    assert len(events) == 4
    assert [timezone.localtime(e.starts_at).month for e in events] == [1, 4, 7, 10]
    # January is standard time and April daylight time: the clinic still starts at 10:00 Chicago time.
    assert {timezone.localtime(e.starts_at).hour for e in events} == {10}
    assert {e.ends_at - e.starts_at for e in events} == {timedelta(hours=3)}
    assert len({e.slug for e in events}) == 4
    assert all(e.series_id == series.pk and e.capacity == 40 and e.reminder_minutes == [1440] for e in events)


def test_a_series_until_a_date_stops_at_that_date(regions, staff) -> None:
    year = timezone.localdate().year + 1
    series = _clinic(staff, VenueFactory(), count=None, until=date(year, 8, 1))
    assert series.events.count() == 3  # January, April, July


@pytest.mark.parametrize(("change", "field"), [
    ({"count": None, "until": None}, "count"),
    ({"count": 0}, "count"),
    ({"count": 500}, "count"),
    ({"count": None, "until": date(2020, 1, 1)}, "until"),
])
def test_bad_series_input_is_refused_next_to_its_field_and_nothing_is_saved(regions, staff, change, field) -> None:
    first = datetime(timezone.localdate().year + 1, 1, 16, 10, 0, tzinfo=CHICAGO)
    values = {"actor": staff, "title": "Clinic", "kind": Event.Kind.CLINIC, "frequency": "quarterly", "count": 4,
              "until": None, "venue": VenueFactory(), "starts_at": first, "ends_at": first + timedelta(hours=2)}
    with pytest.raises(ValidationError) as caught:
        services.series_create(**{**values, **change})
    assert field in caught.value.message_dict
    assert not EventSeries.objects.exists() and not Event.objects.exists()


def test_a_series_without_a_place_or_ending_before_it_starts_is_refused(regions, staff) -> None:
    first = datetime(timezone.localdate().year + 1, 1, 16, 10, 0, tzinfo=CHICAGO)
    with pytest.raises(ValidationError) as caught:
        services.series_create(actor=staff, title="Clinic", kind=Event.Kind.CLINIC, frequency="weekly", count=2,
                               starts_at=first, ends_at=first - timedelta(hours=1))
    assert {"venue", "ends_at"} <= set(caught.value.message_dict)


def test_an_organizer_makes_series_only_in_their_region(regions, organizer_chicago, region_central) -> None:
    with pytest.raises(OutOfReach):
        _clinic(organizer_chicago, VenueFactory(), region=region_central)
    assert _clinic(organizer_chicago, VenueFactory(), region=organizer_chicago.region).events.count() == 4


def test_editing_the_series_changes_future_dates_nobody_changed_and_never_past_ones(regions, staff) -> None:
    series = _clinic(staff, VenueFactory())
    first, second, third, fourth = series.events.order_by("starts_at")
    # The first date is already over; the third was changed on its own.
    Event.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(days=2),
                                             ends_at=timezone.now() - timedelta(days=2, hours=-3))
    services.event_update(actor=staff, event=third, capacity=12)
    third.refresh_from_db()
    assert third.series_edited
    rsvp = RSVPFactory(event=second, status=RSVP.Status.GOING)
    new_venue = VenueFactory(name="Chicago Public Library, Harold Washington")

    changed = services.series_update(actor=staff, series=series, venue=new_venue, capacity=60,
                                     start_time=time(13, 0),
                                     end_time=time(16, 0))

    assert {e.pk for e in changed} == {second.pk, fourth.pk}
    for event in (first, second, third, fourth):
        event.refresh_from_db()
    assert first.venue_id != new_venue.pk and first.capacity == 40
    assert third.venue_id != new_venue.pk and third.capacity == 12
    for event in (second, fourth):
        assert event.venue_id == new_venue.pk and event.capacity == 60
        assert timezone.localtime(event.starts_at).hour == 13 and timezone.localtime(event.ends_at).hour == 16
        assert not event.series_edited
    # The person who RSVPed to the second date hears about the new time and place.
    assert second.status == Event.Status.CHANGED
    assert rsvp.event_id == second.pk


def test_this_and_later_from_one_date_leaves_the_earlier_dates(regions, staff) -> None:
    series = _clinic(staff, VenueFactory())
    first, second, third, fourth = series.events.order_by("starts_at")
    services.event_update(actor=staff, event=fourth, description="Bring ID if you have it")
    services.event_update_this_and_later(
        actor=staff, event=second, title="Clear Your Record clinic", description="", venue=second.venue,
        capacity=40, slug="cyr-clinic-april", starts_at=second.starts_at, ends_at=second.ends_at,
        rsvp_deadline=None, registration_open=False, kind=Event.Kind.CLINIC, region=None, campaign=None,
        online_url="", access_info="", is_public=True, reminder_minutes=[1440])
    for event in (first, second, third, fourth):
        event.refresh_from_db()
    assert first.title == "Record-clearing clinic"
    assert second.title == third.title == "Clear Your Record clinic"
    assert fourth.title == "Record-clearing clinic"  # changed on its own, so it keeps its details
    # Its own address and RSVPs belong to the date alone.
    assert second.slug == "cyr-clinic-april" and not second.registration_open
    assert third.slug != "cyr-clinic-april" and third.registration_open
    series.refresh_from_db()
    assert series.title == "Clear Your Record clinic"


def test_cancelling_the_rest_cancels_future_dates_tells_their_rsvps_and_is_idempotent(regions, staff) -> None:
    series = _clinic(staff, VenueFactory())
    first, second, *_rest = series.events.order_by("starts_at")
    Event.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(days=2),
                                             ends_at=timezone.now() - timedelta(days=2, hours=-3))
    RSVPFactory(event=second, status=RSVP.Status.GOING)
    cancelled = services.series_cancel_rest(actor=staff, series=series)
    assert len(cancelled) == 3
    first.refresh_from_db()
    assert first.status == Event.Status.SCHEDULED
    assert set(series.events.exclude(pk=first.pk).values_list("status", flat=True)) == {Event.Status.CANCELLED}
    series.refresh_from_db()
    assert series.cancelled_at is not None
    assert services.series_cancel_rest(actor=staff, series=series) == []
    with pytest.raises(ValidationError):
        services.series_update(actor=staff, series=series, capacity=10)


def test_editing_a_series_from_another_region_is_out_of_reach(regions, staff, organizer_central,
                                                             region_chicago) -> None:
    series = _clinic(staff, VenueFactory(), region=region_chicago)
    with pytest.raises(OutOfReach):
        services.series_update(actor=organizer_central, series=series, capacity=10)
    with pytest.raises(OutOfReach):
        services.series_cancel_rest(actor=organizer_central, series=series)


def test_this_and_later_moves_this_date_to_its_new_day_and_the_later_ones_to_the_new_time(regions, staff) -> None:
    series = _clinic(staff, VenueFactory())
    first, second, third, fourth = series.events.order_by("starts_at")
    new_start = timezone.localtime(second.starts_at).replace(hour=13) + timedelta(days=1)
    services.event_update_this_and_later(
        actor=staff, event=second, title=second.title, kind=second.kind, region=None, campaign=None,
        description="", venue=second.venue, online_url="", capacity=40, access_info="", is_public=True,
        slug=second.slug, starts_at=new_start, ends_at=new_start + timedelta(hours=2), rsvp_deadline=None,
        registration_open=True, reminder_minutes=[1440])
    old_days = {e.pk: timezone.localdate(e.starts_at) for e in (first, third, fourth)}
    for event in (first, second, third, fourth):
        event.refresh_from_db()
    assert timezone.localtime(second.starts_at) == new_start
    assert timezone.localtime(first.starts_at).hour == 10
    for event in (third, fourth):
        assert timezone.localdate(event.starts_at) == old_days[event.pk]
        assert timezone.localtime(event.starts_at).hour == 13
        assert event.ends_at - event.starts_at == timedelta(hours=2)
