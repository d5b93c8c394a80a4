"""URLs: one per action. The URL x role matrix test (tests/test_permissions.py) needs a row for each."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from coalition import views

coalition_patterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization_update"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<slug:slug>/counties/", views.region_update, name="region_update"),
    path("accounts/invite/", views.user_invite, name="user_invite"),
    path("audit/", views.audit_list, name="audit_list"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("backoffice/", admin.site.urls),
    path("people/", include("members.urls")),
    path("", include((coalition_patterns, "coalition"))),
]
