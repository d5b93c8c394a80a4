"""Event pages in the app. Public pages are in events/public_urls.py."""

from __future__ import annotations

from django.urls import path

from events import host_views, member_views, place_views, planning_views, undo_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_update, name="event_update"),
    path("<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/archive/", planning_views.event_archive, name="event_archive"),
    path("<int:pk>/hosts/", planning_views.event_host_add, name="event_host_add"),
    path("<int:pk>/hosts/<int:organization_pk>/remove/", planning_views.event_host_remove,
         name="event_host_remove"),
    path("<int:pk>/buses/new/", views.bus_create, name="bus_create"),
    path("buses/<int:pk>/edit/", planning_views.bus_update, name="bus_update"),
    path("series/new/", planning_views.series_create, name="series_create"),
    path("series/<int:pk>/", planning_views.series_detail, name="series_detail"),
    path("series/<int:pk>/edit/", planning_views.series_update, name="series_update"),
    path("series/<int:pk>/cancel/", planning_views.series_cancel, name="series_cancel"),
    path("venues/", place_views.venue_list, name="venue_list"),
    path("venues/new/", place_views.venue_create, name="venue_create"),
    path("venues/<int:pk>/edit/", place_views.venue_update, name="venue_update"),
    path("venues/<int:pk>/archive/", place_views.venue_archive, name="venue_archive"),
    path("pickup-points/", place_views.pickup_point_list, name="pickup_point_list"),
    path("pickup-points/new/", place_views.pickup_point_create, name="pickup_point_create"),
    path("pickup-points/<int:pk>/edit/", place_views.pickup_point_update, name="pickup_point_update"),
    path("pickup-points/<int:pk>/archive/", place_views.pickup_point_archive, name="pickup_point_archive"),
    path("<int:pk>/rsvp/", views.rsvp_proxy, name="rsvp_proxy"),
    path("<int:pk>/join/", member_views.member_join, name="member_join"),
    path("<int:pk>/my-calendar.ics", member_views.member_event_ics, name="member_event_ics"),
    path("<int:pk>/check-in/", views.checkin, name="checkin"),
    path("<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("<int:pk>/attendance/import/", views.attendance_import, name="attendance_import"),
    path("<int:pk>/outbox/", views.event_outbox, name="event_outbox"),
    path("rsvps/<int:pk>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("rsvps/<int:pk>/move/", views.rsvp_move, name="rsvp_move"),
    path("rsvps/<int:pk>/travel/", views.rsvp_travel, name="rsvp_travel"),
    path("rsvps/<int:pk>/check-in/", views.checkin_toggle, name="checkin_toggle"),
    path("rsvps/<int:pk>/check-in/undo/", undo_views.checkin_undo, name="checkin_undo"),
    path("rsvps/<int:pk>/no-show/", undo_views.no_show, name="no_show"),
    path("rsvps/<int:pk>/no-show/undo/", undo_views.no_show_undo, name="no_show_undo"),
    path("rsvps/<int:pk>/cancel/undo/", undo_views.rsvp_cancel_undo, name="rsvp_cancel_undo"),
    path("<int:pk>/host-links/", host_views.host_link_list, name="host_link_list"),
    path("host-links/<int:pk>/revoke/", host_views.host_link_revoke, name="host_link_revoke"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("buses/<int:pk>/", views.manifest, name="manifest"),
    path("buses/<int:pk>/manifest.csv", views.manifest_csv, name="manifest_csv"),
]
