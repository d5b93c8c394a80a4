"""Back-office pages for people."""

from __future__ import annotations

from django.contrib import admin

from members.models import ConsentChange, Person


class ConsentChangeInline(admin.TabularInline):
    """The consent history, to read: consent changes only through the person (members.consent)."""

    model = ConsentChange
    fields = ("at", "channel", "given", "method", "how", "phone_digits", "recorded_by", "reference")
    readonly_fields = ("at", "channel", "given", "method", "how", "phone_digits", "recorded_by", "reference")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "preferred_name", "county", "region", "assigned_organizer"]
    list_filter = ["region", "preferred_language"]
    search_fields = ["first_name", "last_name", "preferred_name", "email"]
    raw_id_fields = ["assigned_organizer", "county"]
    # Consent is the person's: it changes on their page, by their reply or on the consent form, with history.
    # Voting answers are the person's too: they change on their page or the voting form, with history.
    readonly_fields = [*(f"{channel}_consent{suffix}" for channel in ("sms", "email", "phone")
                         for suffix in ("", "_at", "_how")),
                       "voter_registration", "voting_plan", "jail_voting_note"]
    inlines = [ConsentChangeInline]
