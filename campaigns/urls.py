"""Campaigns, bills and whip counts: one URL per action. Included under /campaigns/ in coalition.urls."""

from __future__ import annotations

from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("goals/<int:pk>/edit/", views.goal_update, name="goal_update"),
    path("goals/<int:pk>/retire/", views.goal_retire, name="goal_retire"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_update, name="session_update"),
    path("bills/", views.bill_list, name="bill_list"),
    path("bills/new/", views.bill_create, name="bill_create"),
    path("bills/<str:kind>/<int:number>/", views.bill_detail, name="bill_detail"),
    path("bills/<str:kind>/<int:number>/edit/", views.bill_update, name="bill_update"),
    path("bills/<str:kind>/<int:number>/positions/new/", views.position_create, name="position_create"),
    path("bills/<str:kind>/<int:number>/drives/new/", views.drive_create, name="drive_create"),
    path("positions/<int:pk>/edit/", views.position_update, name="position_update"),
    path("drives/<int:pk>/", views.drive_detail, name="drive_detail"),
    path("drives/<int:pk>/filed/", views.drive_mark_filed, name="drive_mark_filed"),
    path("lobby-visits/new/", views.lobby_visit_create, name="lobby_visit_create"),
    path("legislators/", views.legislator_list, name="legislator_list"),
    path("legislators/new/", views.legislator_create, name="legislator_create"),
    path("legislators/import/", views.legislator_import, name="legislator_import"),
    path("legislators/<int:pk>/", views.legislator_detail, name="legislator_detail"),
    path("legislators/<int:pk>/edit/", views.legislator_update, name="legislator_update"),
    path("legislators/<int:pk>/leave/", views.legislator_leave_office, name="legislator_leave_office"),
    path("positions/import/", views.position_import, name="position_import"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views.resource_update, name="resource_update"),
    path("resources/<int:pk>/replace/", views.resource_replace, name="resource_replace"),
    path("resources/<int:pk>/file/", views.resource_file, name="resource_file"),
    path("resources/versions/<int:pk>/file/", views.resource_version_file, name="resource_version_file"),
    path("resources/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:slug>/edit/", views.campaign_update, name="campaign_update"),
    path("<slug:slug>/close/", views.campaign_close, name="campaign_close"),
    path("<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("<slug:slug>/participants/new/", views.participation_create, name="participation_create"),
    path("<slug:slug>/actions/new/", views.action_create, name="action_create"),
]
