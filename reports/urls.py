from django.urls import URLPattern, path

from reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("map/", views.county_map, name="county_map"),
    path("map/export.csv", views.county_map_export, name="county_map_export"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.csv", views.dashboard_export, name="dashboard_export"),
    path("funder/", views.funder_report, name="funder_report"),
    path("funder/export.csv", views.funder_report_export, name="funder_report_export"),
]
