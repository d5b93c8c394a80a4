"""Back-office pages for people."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest

from coalition import access
from members.models import ConsentChange, Person, Stage, StageCriterion, StageCriterionTraining, Training


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
    readonly_fields = [f"{channel}_consent{suffix}" for channel in ("sms", "email", "phone")
                       for suffix in ("", "_at", "_how")]
    inlines = [ConsentChangeInline]


# Leadership development: admins configure the ladder, its criteria and the training catalogue -------------

class StageCriterionTrainingInline(admin.TabularInline):
    model = StageCriterionTraining
    extra = 1
    autocomplete_fields = ["training"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "watch_for_quiet"]
    ordering = ["order"]


@admin.register(StageCriterion)
class StageCriterionAdmin(admin.ModelAdmin):
    list_display = ["stage", "events_attended", "events_window_days"]
    inlines = [StageCriterionTrainingInline]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    filter_horizontal = ["events"]

    def delete_model(self, request: HttpRequest, obj: Training) -> None:
        # Through the service: a training in a stage's criteria or in someone's record gets a plain message.
        from members.services import training_delete

        try:
            training_delete(actor=access.signed_in(request.user), training=obj)
        except (ValidationError, ProtectedError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error.args[0])
            self.message_user(request, text, level=messages.ERROR)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Training]) -> None:
        for training in queryset:
            self.delete_model(request, training)
