"""The outbox and the inbound SMS webhook. One event's outbox is the events app's page."""

from __future__ import annotations

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
]
