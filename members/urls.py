"""People URLs, one per action. Each has a row in tests/members/permissions.py."""

from __future__ import annotations

from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export/", views.person_export, name="person_export"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_update, name="person_update"),
    path("<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("<int:pk>/consent/<str:channel>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/phones/new/", views.phone_add, name="phone_add"),
    path("<int:pk>/phones/<int:phone_pk>/stopped/", views.phone_stopped, name="phone_stopped"),
    path("<int:pk>/phones/<int:phone_pk>/primary/", views.phone_primary, name="phone_primary"),
    path("<int:pk>/sensitive/", views.sensitive_update, name="sensitive_update"),
    path("<int:pk>/log/", views.interaction_create, name="interaction_create"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/start/", views.import_start, name="import_start"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("merge/<int:pk>/<int:other_pk>/", views.person_merge, name="person_merge"),
    # Leadership development
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/<slug:region>/", views.pipeline, name="pipeline_region"),
    path("suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path("suggestions/<int:pk>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("my-development/", views.development_mine, name="development_mine"),
    path("me/", views.contact_mine, name="contact_mine"),
    path("me/phones/<int:phone_pk>/stopped/", views.phone_mine_stopped, name="phone_mine_stopped"),
    path("<int:pk>/development/", views.development_detail, name="development_detail"),
    path("<int:pk>/development/move/", views.development_move, name="development_move"),
    path("<int:pk>/development/training/", views.training_completion_create, name="training_completion_create"),
    path("<int:pk>/development/milestone/", views.milestone_create, name="milestone_create"),
    path("<int:pk>/development/mentor/", views.mentorship_create, name="mentorship_create"),
    path("mentorships/<int:pk>/check-in/", views.mentorship_check_in, name="mentorship_check_in"),
    path("mentorships/<int:pk>/end/", views.mentorship_end, name="mentorship_end"),
]
