"""Back-office pages for venues, pickup points, events, series, hosts, buses and RSVPs (staff keep them in the
app; these are the admins' view)."""

from __future__ import annotations

from django.contrib import admin

from events.models import RSVP, Bus, Event, EventHost, EventSeries, PickupPoint, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "near_school_park_daycare", "on_public_transit", "requires_id",
                    "law_enforcement_site", "archived_at"]


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "near_school_park_daycare", "on_public_transit", "requires_id",
                    "law_enforcement_site", "archived_at"]
    list_filter = ["region"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "starts_at", "status", "is_public"]
    list_filter = ["kind", "status", "region"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Bus)
class BusAdmin(admin.ModelAdmin):
    list_display = ["event", "pickup_point", "departs_at", "seats"]


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "status", "bus", "checked_in_at"]
    list_filter = ["status", "source"]
    raw_id_fields = ["person", "event", "bus"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "frequency", "count", "until", "region", "cancelled_at"]
    list_filter = ["kind", "frequency"]


@admin.register(EventHost)
class EventHostAdmin(admin.ModelAdmin):
    list_display = ["event", "organization", "role"]
    raw_id_fields = ["event", "organization"]
