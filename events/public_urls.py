"""Public event pages: no account needed."""

from __future__ import annotations

from django.urls import path

from events import public_views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", public_views.event_page, name="event"),
    path("<slug:slug>/calendar.ics", public_views.event_calendar, name="event_ics"),
    path("<slug:slug>/thanks/<str:token>/", public_views.rsvp_done, name="rsvp_done"),
    path("<slug:slug>/thanks/<str:token>/calendar.ics", public_views.rsvp_done_calendar, name="rsvp_done_ics"),
]
