"""People URLs, one per action. Each has a row in tests/members/permissions.py."""

from __future__ import annotations

from django.urls import path

from members import phone_views, views, views_copy, views_lists, views_referrals, views_tags

app_name = "members"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export/", views.person_export, name="person_export"),
    path("pick/", views.person_pick, name="person_pick"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_update, name="person_update"),
    path("<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("<int:pk>/consent/<str:channel>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/phones/new/", views.phone_add, name="phone_add"),
    path("<int:pk>/phones/<int:phone_pk>/stopped/", phone_views.phone_stopped, name="phone_stopped"),
    path("<int:pk>/phones/<int:phone_pk>/stopped/undo/", phone_views.phone_stopped_undo, name="phone_stopped_undo"),
    path("<int:pk>/phones/<int:phone_pk>/primary/", views.phone_primary, name="phone_primary"),
    path("<int:pk>/sensitive/", views.sensitive_update, name="sensitive_update"),
    path("<int:pk>/copy/", views_copy.person_copy, name="person_copy"),
    path("<int:pk>/log/", views.interaction_create, name="interaction_create"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/start/", views.import_start, name="import_start"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("merge/<int:pk>/<int:other_pk>/", views.person_merge, name="person_merge"),
    path("me/", views.contact_mine, name="contact_mine"),
    path("me/copy/", views_copy.my_copy, name="my_copy"),
    path("me/phones/<int:phone_pk>/stopped/", phone_views.phone_mine_stopped, name="phone_mine_stopped"),
    path("me/phones/<int:phone_pk>/stopped/undo/", phone_views.phone_mine_stopped_undo,
         name="phone_mine_stopped_undo"),
    path("tags/", views_tags.tag_list, name="tag_list"),
    path("tags/new/", views_tags.tag_create, name="tag_create"),
    path("tags/<int:pk>/edit/", views_tags.tag_update, name="tag_update"),
    path("tags/<int:pk>/merge/", views_tags.tag_merge, name="tag_merge"),
    path("tags/<int:pk>/retire/", views_tags.tag_retire, name="tag_retire"),
    path("bulk-tag/review/", views_tags.bulk_tag_review, name="bulk_tag_review"),
    path("bulk-tag/start/", views_tags.bulk_tag_start, name="bulk_tag_start"),
    path("bulk-tag/<int:pk>/", views_tags.bulk_tag_detail, name="bulk_tag_detail"),
    path("lists/", views_lists.saved_list_list, name="saved_list_list"),
    path("lists/new/", views_lists.saved_list_create, name="saved_list_create"),
    path("lists/add/", views_lists.saved_list_add, name="saved_list_add"),
    path("lists/<int:pk>/", views_lists.saved_list_detail, name="saved_list_detail"),
    path("lists/<int:pk>/edit/", views_lists.saved_list_update, name="saved_list_update"),
    path("lists/<int:pk>/archive/", views_lists.saved_list_archive, name="saved_list_archive"),
    path("lists/<int:pk>/delete/", views_lists.saved_list_delete, name="saved_list_delete"),
    path("lists/<int:pk>/export/", views_lists.saved_list_export, name="saved_list_export"),
    path("lists/<int:pk>/remove/<int:person_pk>/", views_lists.saved_list_remove, name="saved_list_remove"),
    path("audiences/", views_lists.audience_pick, name="audience_pick"),
    path("referrals/", views_referrals.referral_list, name="referral_list"),
    path("referrals/report/", views_referrals.clinic_report, name="clinic_report"),
    path("referrals/<int:pk>/", views_referrals.referral_update, name="referral_update"),
    path("<int:pk>/referrals/new/", views_referrals.referral_create, name="referral_create"),
    path("<int:pk>/voting/", views_referrals.voting_update, name="voting_update"),
]
