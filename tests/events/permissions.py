"""Permission-matrix rows for events: the app's pages, and the public pages (200 for everyone)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from coalition.models import Organization, Region
from coalition.undo import undo_token
from events.manage_links import manage_token
from events.models import RSVP, EventHost, EventSeries, RSVPReview
from events.selectors import rsvp_receipt_token
from events.services import host_link_create
from events.undo_views import CANCEL, CHECK_IN, NO_SHOW
from tests.events.factories import BusFactory, EventFactory, PickupPointFactory, RSVPFactory, VenueFactory
from tests.matrix import OK, PEOPLE_WORKERS, STAFF, Row, everyone, only
from tests.members.factories import PersonFactory


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A statewide advocacy day with a Central bus and a Central person's RSVP; a Chicago event."""
    central = Region.objects.get(slug="central")
    event = EventFactory(slug="matrix-day", region=None)
    chicago_event = EventFactory(slug="matrix-chicago", region=Region.objects.get(slug="chicago"),
                                 starts_at=timezone.now() + timedelta(days=10))
    bus = BusFactory(event=event)
    person = PersonFactory(county=central.counties.first(), region=central)
    rsvp = RSVPFactory(event=event, person=person, bus=bus, status=RSVP.Status.GOING)
    # A stranger's RSVP with the Central person's email under another name, waiting for staff.
    review = RSVPReview.objects.create(event=event, match=person, name="Someone Else", email="x@example.org",
                                       fingerprint="someone else||x@example.org")
    # A Chicago series of one date, co-hosted by an organization; a venue and a pickup point to edit.
    chicago = Region.objects.get(slug="chicago")
    series = EventSeries.objects.create(title="Matrix clinic", kind="clinic", frequency="quarterly", count=1,
                                        region=chicago, venue=chicago_event.venue)
    chicago_event.series = series
    chicago_event.save(update_fields=["series"])
    host_org = Organization.objects.create(name="Matrix Co-host Legal Aid", kind="legal_aid")
    EventHost.objects.create(event=chicago_event, organization=host_org, role=EventHost.Role.CO_HOST)
    member_event = EventFactory(slug="matrix-members", region=None, is_public=False)
    RSVPFactory(event=member_event, person=base["accounts"]["member"].person, status=RSVP.Status.GOING)
    return {"event": event, "chicago_event": chicago_event, "member_event": member_event,
            "bus": bus, "rsvp": rsvp, "central_person": person,
            "review": review, "series": series, "host_org": host_org, "venue": VenueFactory(),
            "pickup_point": PickupPointFactory(),
            "token": rsvp_receipt_token(event=event, bus_id=bus.pk, guests=0, waitlisted=False),
            "manage_token": manage_token(rsvp),
            "chicago_host_link": host_link_create(actor=base["accounts"]["staff"], event=chicago_event,
                                                  label="Matrix clinic host")[0],
            "host_token": host_link_create(actor=base["accounts"]["staff"], event=event, bus=bus,
                                           label="Matrix bus captain")[1]}


CENTRAL_REACH = ("admin", "staff", "organizer_central")


def _token(w: dict[str, Any], action: str) -> str:
    return undo_token(user=w["accounts"]["staff"], action=action, pk=w["rsvp"].pk, state={})

ROWS: dict[str, Row] = {
    "events:event_list": Row(expect=only(*PEOPLE_WORKERS)),
    "events:event_create": Row(expect=only(*PEOPLE_WORKERS)),
    "events:event_detail": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*PEOPLE_WORKERS)),
    # Organizers edit only events of their own region (a statewide event is staff's).
    "events:event_update": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk},
                               expect=only(*STAFF, "organizer_chicago")),
    "events:event_cancel": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk}, method="post",
                               expect=only(*STAFF, "organizer_chicago", status=302)),
    "events:bus_create": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*STAFF)),
    "events:rsvp_proxy": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*PEOPLE_WORKERS)),
    "events:checkin": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*PEOPLE_WORKERS)),
    "events:attendance_import": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*PEOPLE_WORKERS)),
    "events:walk_in": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*PEOPLE_WORKERS)),
    # The outbox is staff's: an organizer gets 404 even for an event they may see.
    "events:event_outbox": Row(kwargs=lambda w: {"pk": w["event"].pk}, expect=only(*STAFF)),
    # The RSVP is a Central person's: the Chicago organizer does not see it.
    "events:rsvp_cancel": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                              expect=only(*CENTRAL_REACH, status=302)),
    "events:rsvp_move": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, expect=only(*STAFF)),
    "events:rsvp_travel": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                              data=lambda w: {"travel_permission": "needed"},
                              expect=only(*CENTRAL_REACH, status=302)),
    "events:checkin_toggle": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                                 expect=only(*CENTRAL_REACH, status=302)),
    # An undo token is its maker's: staff's token answers staff (refused here: nothing to undo, back to the
    # page); everyone else, even with the RSVP in reach, gets 404.
    "events:checkin_undo": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                               data=lambda w: {"token": _token(w, CHECK_IN)}, expect=only("staff", status=302)),
    "events:no_show": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                          expect=only(*CENTRAL_REACH, status=302)),
    "events:no_show_undo": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                               data=lambda w: {"token": _token(w, NO_SHOW)}, expect=only("staff", status=302)),
    "events:rsvp_cancel_undo": Row(kwargs=lambda w: {"pk": w["rsvp"].pk}, method="post",
                                   data=lambda w: {"token": _token(w, CANCEL)}, expect=only("staff", status=302)),
    # A member joins a public statewide event from their home page; nobody else joins there.
    "events:member_join": Row(kwargs=lambda w: {"pk": w["event"].pk}, method="post",
                              expect=only("member", status=302)),
    # A member's calendar file of an event they RSVPed to.
    "events:member_event_ics": Row(kwargs=lambda w: {"pk": w["member_event"].pk}, expect=only("member")),
    # Whose a public RSVP is: staff decide; organizers never see that such a submission came in.
    "events:review_list": Row(expect=only(*STAFF)),
    "events:review_decide": Row(kwargs=lambda w: {"pk": w["review"].pk}, method="post",
                                data=lambda w: {"decision": "new"}, expect=only(*STAFF, status=302)),
    "events:manifest": Row(kwargs=lambda w: {"pk": w["bus"].pk}, expect=only(*PEOPLE_WORKERS)),
    "events:manifest_csv": Row(kwargs=lambda w: {"pk": w["bus"].pk}, expect=only(*PEOPLE_WORKERS)),
    # Archiving an upcoming event is refused with a message (cancel first): the page still answers.
    "events:event_archive": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk}, method="post",
                                expect=only(*STAFF, "organizer_chicago", status=302)),
    "events:event_host_add": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk},
                                 expect=only(*STAFF, "organizer_chicago")),
    "events:event_host_remove": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk,
                                                      "organization_pk": w["host_org"].pk}, method="post",
                                    expect=only(*STAFF, "organizer_chicago", status=302)),
    "events:bus_update": Row(kwargs=lambda w: {"pk": w["bus"].pk}, expect=only(*STAFF)),
    "events:series_create": Row(expect=only(*PEOPLE_WORKERS)),
    "events:series_detail": Row(kwargs=lambda w: {"pk": w["series"].pk}, expect=only(*PEOPLE_WORKERS)),
    "events:series_update": Row(kwargs=lambda w: {"pk": w["series"].pk}, expect=only(*STAFF, "organizer_chicago")),
    "events:series_cancel": Row(kwargs=lambda w: {"pk": w["series"].pk}, method="post",
                                expect=only(*STAFF, "organizer_chicago", status=302)),
    # Venues and pickup points carry staff-only presence flags: their pages are staff's.
    "events:venue_list": Row(expect=only(*STAFF)),
    "events:venue_create": Row(expect=only(*STAFF)),
    "events:venue_update": Row(kwargs=lambda w: {"pk": w["venue"].pk}, expect=only(*STAFF)),
    "events:venue_archive": Row(kwargs=lambda w: {"pk": w["venue"].pk}, method="post",
                                expect=only(*STAFF, status=302)),
    "events:pickup_point_list": Row(expect=only(*STAFF)),
    "events:pickup_point_create": Row(expect=only(*STAFF)),
    "events:pickup_point_update": Row(kwargs=lambda w: {"pk": w["pickup_point"].pk}, expect=only(*STAFF)),
    "events:pickup_point_archive": Row(kwargs=lambda w: {"pk": w["pickup_point"].pk}, method="post",
                                       expect=only(*STAFF, status=302)),
    "public:event": Row(kwargs=lambda w: {"slug": w["event"].slug}, expect=everyone(OK, anon=OK)),
    "public:event_ics": Row(kwargs=lambda w: {"slug": w["event"].slug}, expect=everyone(OK, anon=OK)),
    "public:rsvp_done": Row(kwargs=lambda w: {"slug": w["event"].slug, "token": w["token"]},
                            expect=everyone(OK, anon=OK)),
    # The thank-you page's calendar file: the signed token is the key (it names no person and no RSVP).
    "public:rsvp_done_ics": Row(kwargs=lambda w: {"slug": w["event"].slug, "token": w["token"]},
                                expect=everyone(OK, anon=OK)),
    # The private manage link: whoever holds it, signed in or not, in any role (a forged token is 404 for all).
    "rsvp_self:manage": Row(kwargs=lambda w: {"token": w["manage_token"]}, expect=everyone(OK, anon=OK)),
    "rsvp_self:cancel": Row(kwargs=lambda w: {"token": w["manage_token"]}, expect=everyone(OK, anon=OK)),
    # Host links: anyone with the link, nothing else (a revoked or mistyped link is 404 for every role:
    # tests/events/test_host_links.py). Signed-in roles get no more through a link than a visitor.
    "host:page": Row(kwargs=lambda w: {"token": w["host_token"]}, expect=everyone(OK, anon=OK)),
    "host:check_in": Row(kwargs=lambda w: {"token": w["host_token"], "pk": w["rsvp"].pk}, method="post",
                         expect=everyone(302, anon=302)),
    "host:walk_in": Row(kwargs=lambda w: {"token": w["host_token"]}, method="post",
                        data=lambda w: {"first_name": "Rosa", "phone": "309-555-0199"}, expect=everyone(302, anon=302)),
    "host:sync": Row(kwargs=lambda w: {"token": w["host_token"]}, method="post", expect=everyone(OK, anon=OK)),
    # Making and revoking them: as managing the event (staff; organizers for their own region's events).
    "events:host_link_list": Row(kwargs=lambda w: {"pk": w["chicago_event"].pk},
                                 expect=only(*STAFF, "organizer_chicago")),
    "events:host_link_revoke": Row(kwargs=lambda w: {"pk": w["chicago_host_link"].pk}, method="post",
                                   expect=only(*STAFF, "organizer_chicago", status=302)),
}

