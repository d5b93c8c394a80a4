"""Back-office pages for people."""

from __future__ import annotations

from django.contrib import admin

from members.models import Person, Theme


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "preferred_name", "county", "region", "assigned_organizer"]
    list_filter = ["region", "preferred_language"]
    search_fields = ["first_name", "last_name", "preferred_name", "email"]
    raw_id_fields = ["assigned_organizer", "county"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
