"""The outbox and the inbound SMS webhook."""

from __future__ import annotations

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("events/<int:pk>/", views.event_outbox, name="event_outbox"),
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
]
