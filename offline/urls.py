"""Offline use: the sync endpoint, the pages a device saves, the service worker (at the site's root)."""

from __future__ import annotations

from django.urls import path

from offline import views

app_name = "offline"

urlpatterns = [
    path("offline/sync/", views.sync, name="sync"),
    path("offline/pages.json", views.saved_pages, name="saved_pages"),
    path("sw.js", views.service_worker, name="service_worker"),
]
