"""Development URLs, one per action. Each has a row in tests/leadership/permissions.py.

They live under /people/ beside the people app's, with the paths they had there, so bookmarks keep working.
"""

from __future__ import annotations

from django.urls import path

from leadership import catalogue_views, views

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
    path("trainings/", catalogue_views.training_list, name="training_list"),
    path("trainings/new/", catalogue_views.training_create, name="training_create"),
    path("trainings/<int:pk>/edit/", catalogue_views.training_update, name="training_update"),
    path("trainings/<int:pk>/retire/", catalogue_views.training_retire, name="training_retire"),
    path("ladder/", catalogue_views.stage_list, name="stage_list"),
    path("ladder/new/", catalogue_views.stage_create, name="stage_create"),
    path("ladder/<int:pk>/edit/", catalogue_views.stage_update, name="stage_update"),
    path("ladder/<int:pk>/move/", catalogue_views.stage_move, name="stage_move"),
    path("ladder/<int:pk>/retire/", catalogue_views.stage_retire, name="stage_retire"),
]
