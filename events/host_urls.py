"""A host's check-in pages, /h/<token>/: no account, the token is the key (events/host_views.py)."""

from __future__ import annotations

from django.urls import path

from events import host_views

app_name = "host"

urlpatterns = [
    path("<str:token>/", host_views.host_page, name="page"),
    path("<str:token>/check-in/<int:pk>/", host_views.host_check_in, name="check_in"),
    path("<str:token>/walk-in/", host_views.host_walk_in, name="walk_in"),
    path("<str:token>/sync/", host_views.host_sync, name="sync"),
]
