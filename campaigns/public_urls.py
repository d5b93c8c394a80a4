"""The public toolkit of each campaign: no account needed. Included under /toolkit/ in coalition.urls."""

from __future__ import annotations

from django.urls import path

from campaigns import public_views

app_name = "toolkit"

urlpatterns = [
    path("<slug:slug>/", public_views.toolkit, name="toolkit"),
    path("<slug:slug>/files/<int:pk>/", public_views.toolkit_file, name="toolkit_file"),
]
