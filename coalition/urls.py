"""URLs: one per action. The URL x role matrix test (tests/test_permissions.py) needs a row for each."""

from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from coalition import table_undo_views, table_views, views

coalition_patterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/pick/", views.organization_pick, name="organization_pick"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization_update"),
    path("organizations/<int:pk>/archive/", views.organization_archive, name="organization_archive"),
    path("organizations/<int:pk>/restore/", views.organization_restore, name="organization_restore"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<slug:slug>/counties/", views.region_update, name="region_update"),
    path("accounts/invite/", views.user_invite, name="user_invite"),
    path("audit/", views.audit_list, name="audit_list"),
    path("retention/", views.retention, name="retention"),
    # Coalition tables and meetings
    path("tables/", table_views.table_list, name="table_list"),
    path("tables/new/", table_views.table_create, name="table_create"),
    path("tables/<slug:slug>/", table_views.table_detail, name="table_detail"),
    path("tables/<slug:slug>/edit/", table_views.table_update, name="table_update"),
    path("tables/<slug:slug>/roster.csv", table_views.table_roster_csv, name="table_roster_csv"),
    path("tables/<slug:slug>/seats/new/", table_views.table_seat_add, name="table_seat_add"),
    path("tables/<slug:slug>/meetings/new/", table_views.table_meeting_create, name="table_meeting_create"),
    path("tables/seats/<int:pk>/leave/", table_views.table_seat_end, name="table_seat_end"),
    path("tables/seats/<int:pk>/leave/undo/", table_undo_views.table_seat_end_undo, name="table_seat_end_undo"),
    path("tables/seats/<int:pk>/role/", table_views.table_seat_role, name="table_seat_role"),
    path("tables/representatives/<int:pk>/step-down/", table_views.table_representative_end,
         name="table_representative_end"),
    path("tables/representatives/<int:pk>/step-down/undo/", table_undo_views.table_representative_end_undo,
         name="table_representative_end_undo"),
    path("tables/seats/<int:pk>/representatives/new/", table_views.table_representative_add,
         name="table_representative_add"),
    path("tables/meetings/<int:pk>/", table_views.table_meeting_detail, name="table_meeting_detail"),
    path("tables/meetings/<int:pk>/edit/", table_views.table_meeting_update, name="table_meeting_update"),
    path("tables/meetings/<int:pk>/cancel/", table_views.table_meeting_cancel, name="table_meeting_cancel"),
    path("tables/meetings/<int:pk>/attendance/", table_views.table_meeting_attendance, name="table_meeting_attendance"),
    path("tables/meetings/<int:pk>/action-items/new/", table_views.table_action_item_create,
         name="table_action_item_create"),
    path("tables/action-items/<int:pk>/edit/", table_views.table_action_item_update, name="table_action_item_update"),
    path("tables/action-items/<int:pk>/done/", table_views.table_action_item_done, name="table_action_item_done"),
    path("tables/action-items/<int:pk>/reopen/", table_views.table_action_item_reopen, name="table_action_item_reopen"),
    path("campaigns/", include("campaigns.urls")),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("backoffice/", admin.site.urls),
    path("events/", include("events.urls")),
    path("messages/", include("messaging.urls")),
    path("calls/", include("calls.urls")),
    path("api/", include("api.urls")),
    path("reports/", include("reports.urls")),
    path("e/", include("events.public_urls")),
    path("r/", include("events.self_urls")),
    path("h/", include("events.host_urls")),
    path("", include("offline.urls")),
    path("toolkit/", include("campaigns.public_urls")),
    path("people/", include("stories.urls")),
    path("people/", include("members.urls")),
    path("people/", include("leadership.urls")),
    path("", include((coalition_patterns, "coalition"))),
]
