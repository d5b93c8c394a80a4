"""Campaigns, bills and whip counts: one URL per action. Included under /campaigns/ in coalition.urls."""

from __future__ import annotations

from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("bills/", views.bill_list, name="bill_list"),
    path("bills/<str:kind>/<int:number>/", views.bill_detail, name="bill_detail"),
    path("bills/<str:kind>/<int:number>/positions/new/", views.position_create, name="position_create"),
    path("bills/<str:kind>/<int:number>/drives/new/", views.drive_create, name="drive_create"),
    path("drives/<int:pk>/", views.drive_detail, name="drive_detail"),
    path("drives/<int:pk>/filed/", views.drive_mark_filed, name="drive_mark_filed"),
    path("lobby-visits/new/", views.lobby_visit_create, name="lobby_visit_create"),
    path("legislators/", views.legislator_list, name="legislator_list"),
    path("legislators/import/", views.legislator_import, name="legislator_import"),
    path("positions/import/", views.position_import, name="position_import"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/file/", views.resource_file, name="resource_file"),
    path("resources/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("<slug:slug>/participants/new/", views.participation_create, name="participation_create"),
    path("<slug:slug>/actions/new/", views.action_create, name="action_create"),
]
