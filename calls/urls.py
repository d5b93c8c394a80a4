from django.urls import URLPattern, path

from calls import views

app_name = "calls"

urlpatterns: list[URLPattern] = [
    path("", views.call_list_list, name="call_list_list"),
    path("new/", views.call_list_create, name="call_list_create"),
    path("<int:pk>/", views.call_list_detail, name="call_list_detail"),
    path("<int:pk>/edit/", views.call_list_update, name="call_list_update"),
    path("<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("<int:pk>/questions/<int:question>/edit/", views.question_update, name="question_update"),
    path("<int:pk>/questions/<int:question>/move/", views.question_move, name="question_move"),
    path("<int:pk>/questions/<int:question>/remove/", views.question_remove, name="question_remove"),
    path("<int:pk>/callers/new/", views.caller_add, name="caller_add"),
    path("<int:pk>/callers/<int:user>/remove/", views.caller_remove, name="caller_remove"),
    path("<int:pk>/open/", views.call_list_open, name="call_list_open"),
    path("<int:pk>/pause/", views.call_list_pause, name="call_list_pause"),
    path("<int:pk>/close/", views.call_list_close, name="call_list_close"),
    path("<int:pk>/retry/", views.call_list_retry, name="call_list_retry"),
    path("<int:pk>/export.csv", views.call_list_export, name="call_list_export"),
    path("<int:pk>/call/", views.call_work, name="call_work"),
    path("<int:pk>/call/next/", views.call_next, name="call_next"),
    path("<int:pk>/call/<int:target>/save/", views.call_save, name="call_save"),
]
