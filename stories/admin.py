"""Back-office pages for stories: the theme list (stories themselves are recorded, with consent, in the app)."""

from __future__ import annotations

from django.contrib import admin

from stories.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
