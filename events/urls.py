"""Event pages in the app. Public pages are in events/public_urls.py."""

from __future__ import annotations

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_update, name="event_update"),
    path("<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/buses/new/", views.bus_create, name="bus_create"),
    path("<int:pk>/rsvp/", views.rsvp_proxy, name="rsvp_proxy"),
    path("<int:pk>/check-in/", views.checkin, name="checkin"),
    path("<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("<int:pk>/outbox/", views.event_outbox, name="event_outbox"),
    path("rsvps/<int:pk>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("rsvps/<int:pk>/move/", views.rsvp_move, name="rsvp_move"),
    path("rsvps/<int:pk>/travel/", views.rsvp_travel, name="rsvp_travel"),
    path("rsvps/<int:pk>/check-in/", views.checkin_toggle, name="checkin_toggle"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("buses/<int:pk>/", views.manifest, name="manifest"),
    path("buses/<int:pk>/manifest.csv", views.manifest_csv, name="manifest_csv"),
]
