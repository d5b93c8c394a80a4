"""Development URLs, one per action. Each has a row in tests/leadership/permissions.py.

They live under /people/ beside the people app's, with the paths they had there, so bookmarks keep working.
"""

from __future__ import annotations

from django.urls import path

from leadership import views

app_name = "leadership"

urlpatterns = [
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/<slug:region>/", views.pipeline, name="pipeline_region"),
    path("suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("my-development/", views.development_mine, name="development_mine"),
    path("<int:pk>/development/", views.development_detail, name="development_detail"),
    path("<int:pk>/development/move/", views.development_move, name="development_move"),
    path("<int:pk>/development/training/", views.training_completion_create, name="training_completion_create"),
    path("<int:pk>/development/milestone/", views.milestone_create, name="milestone_create"),
    path("<int:pk>/development/mentor/", views.mentorship_create, name="mentorship_create"),
    path("mentorships/<int:pk>/check-in/", views.mentorship_check_in, name="mentorship_check_in"),
    path("mentorships/<int:pk>/end/", views.mentorship_end, name="mentorship_end"),
]
