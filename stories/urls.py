"""Story URLs, one per action, under /people/ as before they had an app of their own. Each has a row in
tests/stories/permissions.py."""

from __future__ import annotations

from django.urls import path

from stories import views

app_name = "stories"

urlpatterns = [
    path("stories/", views.story_list, name="story_list"),
    path("stories/export/", views.story_export, name="story_export"),
    path("stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("stories/<int:pk>/edit/", views.story_update, name="story_update"),
    path("stories/<int:pk>/revoke/", views.story_revoke, name="story_revoke"),
    path("stories/<int:pk>/appearances/new/", views.story_appearance_create, name="story_appearance_create"),
    path("<int:pk>/stories/new/", views.story_create, name="story_create"),
]
