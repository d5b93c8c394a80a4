"""The OSDI API (/api/v2/), its schema and docs, and the admins' token and webhook pages."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import page_views, views

app_name = "api"

urlpatterns = [
    path("v2/people/", views.PeopleView.as_view(), name="people"),
    path("v2/people/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("v2/people/<int:pk>/taggings/", views.PersonTaggingsView.as_view(), name="person_taggings"),
    path("v2/tags/", views.TagsView.as_view(), name="tags"),
    path("v2/tags/<int:pk>/", views.TagView.as_view(), name="tag"),
    path("v2/tags/<int:pk>/taggings/", views.TagTaggingsView.as_view(), name="tag_taggings"),
    path("v2/events/", views.EventsView.as_view(), name="events"),
    path("v2/events/<int:pk>/", views.EventView.as_view(), name="event"),
    path("v2/events/<int:pk>/attendances/", views.AttendancesView.as_view(), name="attendances"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", page_views.api_docs, name="docs"),
    path("tokens/", page_views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", page_views.token_revoke, name="token_revoke"),
    path("webhooks/", page_views.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", page_views.webhook_detail, name="webhook_detail"),
    path("deliveries/<int:pk>/send-again/", page_views.delivery_resend, name="delivery_resend"),
]
