"""The outbox, the inbox of text replies and the SMS provider's webhooks. One event's outbox is the events app's
page."""

from __future__ import annotations

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("sms/status/", views.sms_status, name="sms_status"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unknown/", views.inbox_unmatched, name="inbox_unmatched"),
    path("inbox/<int:pk>/", views.inbox_reply, name="inbox_reply"),
    path("inbox/<int:pk>/handled/", views.inbox_reply_handled, name="inbox_reply_handled"),
]
