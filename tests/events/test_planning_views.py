"""Planning pages through the client: a series form's bad input, the bus capacity warning, flags only staff
see, co-hosts on the public and organization pages, "this and later", and constant queries for the new lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Bus, Event, EventHost, EventSeries
from tests.coalition.factories import OrganizationFactory
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, VenueFactory

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _local(dt: Any) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _series_form(venue: Any, **overrides: Any) -> dict[str, Any]:
    first = timezone.localtime(timezone.now() + timedelta(days=30)).replace(hour=10, minute=0)
    return {"title": "Quarterly record-clearing clinic", "kind": "clinic", "frequency": "quarterly", "count": "4",
            "until": "", "venue": str(venue.pk), "starts_at": _local(first),
            "ends_at": _local(first + timedelta(hours=3)), "reminders": "7d, 1d", "description": "",
            "online_url": "", "capacity": "40", "access_info": "", "is_public": "on", **overrides}


def test_a_series_without_an_end_is_refused_next_to_the_field_keeping_what_was_typed(regions, staff) -> None:
    client = _signed_in(staff)
    response = client.post(reverse("events:series_create"), _series_form(VenueFactory(), count=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_count_error"' in html and "a series needs an end" in html
    assert 'value="Quarterly record-clearing clinic"' in html
    assert not EventSeries.objects.exists() and not Event.objects.exists()


def test_a_series_is_created_from_its_page_with_four_dates(regions, staff) -> None:
    client = _signed_in(staff)
    response = client.post(reverse("events:series_create"), _series_form(VenueFactory()))
    series = EventSeries.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("events:series_detail",
                                                                         kwargs={"pk": series.pk})
    assert series.events.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert page.count('class="card"') == 4


def test_editing_one_date_this_and_later_from_its_page(regions, staff) -> None:
    client = _signed_in(staff)
    client.post(reverse("events:series_create"), _series_form(VenueFactory()))
    first, second, third, fourth = EventSeries.objects.get().events.order_by("starts_at")
    form = {"title": "Clear Your Record clinic", "slug": second.slug, "kind": "clinic", "region": "",
            "campaign": "", "description": "", "starts_at": _local(second.starts_at),
            "ends_at": _local(second.ends_at), "venue": str(second.venue_id), "online_url": "", "capacity": "40",
            "rsvp_deadline": "", "access_info": "", "is_public": "on", "registration_open": "on",
            "reminders": "1d", "scope": "later"}
    response = client.post(reverse("events:event_update", kwargs={"pk": second.pk}), form)
    assert response.status_code == 302
    titles = [e.title for e in EventSeries.objects.get().events.order_by("starts_at")]
    assert titles == ["Quarterly record-clearing clinic"] + ["Clear Your Record clinic"] * 3
    # "This event only" changes one date and marks it as changed on its own.
    response = client.post(reverse("events:event_update", kwargs={"pk": fourth.pk}),
                           {**form, "slug": fourth.slug, "starts_at": _local(fourth.starts_at),
                            "ends_at": _local(fourth.ends_at), "title": "Expungement Week clinic", "scope": "this"})
    fourth.refresh_from_db()
    third.refresh_from_db()
    assert fourth.title == "Expungement Week clinic" and fourth.series_edited
    assert third.title == "Clear Your Record clinic"


def test_a_bus_over_capacity_asks_to_confirm_then_saves(regions, staff) -> None:
    event = EventFactory(capacity=40)
    bus = BusFactory(event=event, seats=30)
    client = _signed_in(staff)
    url = reverse("events:bus_update", kwargs={"pk": bus.pk})
    data = {"pickup_point": str(bus.pickup_point_id), "departs_at": _local(bus.departs_at), "seats": "45"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "more than the 40 people this event holds" in html and 'name="confirm" value="on"' in html
    bus.refresh_from_db()
    assert bus.seats == 30
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    bus.refresh_from_db()
    assert bus.seats == 45


def test_a_bus_leaving_after_the_start_is_refused_next_to_the_field(regions, staff) -> None:
    event = EventFactory()
    client = _signed_in(staff)
    point = PickupPointFactory()
    response = client.post(reverse("events:bus_create", kwargs={"pk": event.pk}),
                           {"pickup_point": str(point.pk), "departs_at": _local(event.starts_at + timedelta(hours=1)),
                            "seats": "50"})
    assert response.status_code == 200
    assert 'id="id_departs_at_error"' in response.content.decode()
    assert not Bus.objects.filter(event=event).exists()


def test_presence_flags_show_to_staff_and_never_on_the_public_page(regions, staff, organizer_chicago) -> None:
    venue = VenueFactory(requires_id=True, presence_note="Across from Jefferson Elementary")
    event = EventFactory(venue=venue, is_public=True)
    staff_page = _signed_in(staff).get(reverse("events:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert "ID at the door" in staff_page and "Jefferson Elementary" in staff_page
    organizer_page = _signed_in(organizer_chicago).get(
        reverse("events:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert "Jefferson Elementary" not in organizer_page
    public = Client().get(reverse("public:event", kwargs={"slug": event.slug})).content.decode()
    assert "Jefferson Elementary" not in public and "ID at the door" not in public


def test_co_hosts_are_named_on_the_public_page_and_the_organization_page(regions, staff, partner_rep) -> None:
    event = EventFactory(is_public=True, title="Chicago 400 quarterly conference")
    private = EventFactory(is_public=False, title="Alliance strategy meeting")
    org = partner_rep.organization
    for each in (event, private):
        services.event_host_add(actor=staff, event=each, organization=org, role=EventHost.Role.CO_HOST)
    public = Client().get(reverse("public:event", kwargs={"slug": event.slug})).content.decode()
    assert "Hosted by" in public and org.name in public
    staff_view = _signed_in(staff).get(reverse("coalition:organization_detail", kwargs={"pk": org.pk}))
    assert "Chicago 400 quarterly conference" in staff_view.content.decode()
    assert "Alliance strategy meeting" in staff_view.content.decode()
    # The partner sees the public events their organization hosts, not the coalition's private ones.
    partner_view = _signed_in(partner_rep).get(reverse("coalition:organization_detail", kwargs={"pk": org.pk}))
    assert "Chicago 400 quarterly conference" in partner_view.content.decode()
    assert "Alliance strategy meeting" not in partner_view.content.decode()


def test_archived_events_have_their_own_list(regions, staff) -> None:
    event = EventFactory(title="Last year's advocacy day", starts_at=timezone.now() - timedelta(days=300))
    services.event_archive(actor=staff, event=event)
    client = _signed_in(staff)
    assert "Last year" not in client.get(reverse("events:event_list") + "?when=past").content.decode()
    assert "Last year" in client.get(reverse("events:event_list") + "?when=archived").content.decode()


def _rows(page: str, n: int) -> str:
    """Make `n` rows for the list page and return its URL."""
    if page == "events:venue_list":
        for _ in range(n):
            EventFactory(venue=VenueFactory(requires_id=True))
        return reverse(page)
    if page == "events:pickup_point_list":
        for _ in range(n):
            BusFactory(pickup_point=PickupPointFactory(law_enforcement_site=True))
        return reverse(page)
    if page == "events:series_detail":
        series = EventSeries.objects.create(title=f"Series {n}", kind="clinic", frequency="weekly", count=n)
        for _ in range(n):
            RSVPFactory(event=EventFactory(series=series))
        return reverse(page, kwargs={"pk": series.pk})
    organization = OrganizationFactory()
    for _ in range(n):
        EventHost.objects.create(event=EventFactory(), organization=organization)
    return reverse(page, kwargs={"pk": organization.pk})


@pytest.mark.parametrize("page", ["events:venue_list", "events:pickup_point_list", "events:series_detail",
                                  "coalition:organization_detail"])
def test_new_lists_make_the_same_number_of_queries_for_1_and_20_rows(regions, staff, page,
                                                                     django_assert_num_queries) -> None:
    url = _rows(page, 1)
    client = _signed_in(staff)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    one_row = len(captured)
    url = _rows(page, 20)
    client = _signed_in(staff)
    client.get(url)
    with django_assert_num_queries(one_row):
        response = client.get(url)
    assert response.status_code == 200
    if page == "coalition:organization_detail":
        assert len(response.context["panels"][0].context["hosts"]) == 10
    else:  # the series is a new one; the venues and pickup points of both calls are listed
        assert len(response.context["page"].object_list) == (20 if page == "events:series_detail" else 21)


def test_a_double_submit_makes_one_series_and_one_bus(regions, staff) -> None:
    client = _signed_in(staff)
    page = client.get(reverse("events:series_create"))
    key = str(page.context["form"].initial["idempotency_key"])
    form = {**_series_form(VenueFactory()), "idempotency_key": key}
    first = client.post(reverse("events:series_create"), form)
    second = client.post(reverse("events:series_create"), form)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert EventSeries.objects.count() == 1 and Event.objects.count() == 4
    event = EventFactory(capacity=None)
    key = str(client.get(reverse("events:bus_create", kwargs={"pk": event.pk})).context["form"]
              .initial["idempotency_key"])
    data = {"pickup_point": str(PickupPointFactory().pk), "departs_at": _local(event.starts_at - timedelta(hours=3)),
            "seats": "50", "idempotency_key": key}
    for _ in range(2):
        assert client.post(reverse("events:bus_create", kwargs={"pk": event.pk}), data).status_code == 302
    assert Bus.objects.filter(event=event).count() == 1
