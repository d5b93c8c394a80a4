"""Back-office pages for venues, pickup points, events, buses and RSVPs."""

from __future__ import annotations

from django.contrib import admin

from events.models import RSVP, Bus, Event, PickupPoint, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "near_school_park_daycare", "on_public_transit"]


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "near_school_park_daycare", "on_public_transit"]
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
