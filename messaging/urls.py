"""The outbox, broadcasts and their unsubscribe link, the inbox of text replies and the SMS provider's
webhooks. One event's outbox is the events app's page."""

from __future__ import annotations

from django.urls import path

from messaging import broadcast_views, views

app_name = "messaging"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("sms/status/", views.sms_status, name="sms_status"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unknown/", views.inbox_unmatched, name="inbox_unmatched"),
    path("inbox/<int:pk>/", views.inbox_reply, name="inbox_reply"),
    path("inbox/<int:pk>/handled/", views.inbox_reply_handled, name="inbox_reply_handled"),
    path("broadcasts/", broadcast_views.broadcast_list, name="broadcast_list"),
    path("broadcasts/new/", broadcast_views.broadcast_create, name="broadcast_create"),
    path("broadcasts/preview/", broadcast_views.broadcast_preview, name="broadcast_preview"),
    path("broadcasts/<int:pk>/", broadcast_views.broadcast_detail, name="broadcast_detail"),
    path("broadcasts/<int:pk>/edit/", broadcast_views.broadcast_update, name="broadcast_update"),
    path("broadcasts/<int:pk>/progress/", broadcast_views.broadcast_progress, name="broadcast_progress"),
    path("broadcasts/<int:pk>/send/", broadcast_views.broadcast_send, name="broadcast_send"),
    path("broadcasts/<int:pk>/approve/", broadcast_views.broadcast_approve, name="broadcast_approve"),
    path("broadcasts/<int:pk>/pause/", broadcast_views.broadcast_pause, name="broadcast_pause"),
    path("broadcasts/<int:pk>/resume/", broadcast_views.broadcast_resume, name="broadcast_resume"),
    path("broadcasts/<int:pk>/cancel/", broadcast_views.broadcast_cancel, name="broadcast_cancel"),
    path("unsubscribe/<str:token>/", broadcast_views.unsubscribe, name="unsubscribe"),
]
