"""Back-office pages of the ladder: admins configure the stages, their criteria and the training catalogue."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest

from coalition import access
from leadership.models import Stage, StageCriterion, StageCriterionTraining, Training


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
        from leadership.services import training_delete

        try:
            training_delete(actor=access.signed_in(request.user), training=obj)
        except (ValidationError, ProtectedError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error.args[0])
            self.message_user(request, text, level=messages.ERROR)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Training]) -> None:
        for training in queryset:
            self.delete_model(request, training)
