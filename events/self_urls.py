"""The private "manage your RSVP" link: /r/<token>/ (no account; short, so a text stays short)."""

from __future__ import annotations

from django.urls import path

from events import self_views

app_name = "rsvp_self"

urlpatterns = [
    path("<str:token>/", self_views.rsvp_manage, name="manage"),
    path("<str:token>/cancel/", self_views.rsvp_manage_cancel, name="cancel"),
]
