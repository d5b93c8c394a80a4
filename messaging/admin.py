"""Back-office page for the outbox (read-only: the services own every write)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from messaging.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["due_at", "person", "kind", "channel", "status", "attempts", "sent_at", "delivery_status"]
    list_filter = ["status", "kind", "channel", "delivery_status"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
