"""Tags: labels staff put on people to find them again, and the bulk jobs that put them on or take them off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.bilingual import Bilingual
from coalition.models import TimeStampedModel


class Tag(Bilingual, models.Model):
    """A label on people. Retired tags leave the pickers and filters but stay on the people who carry them; a tag
    merged into another is retired and points at it."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=60, blank=True,
                               help_text=_("Shown on Spanish pages; the English name when empty."))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )

    bilingual_fields = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["name_es"], condition=~Q(name_es=""), name="tag_unique_spanish_name"),
            models.CheckConstraint(condition=Q(merged_into__isnull=True) | Q(retired_at__isnull=False),
                                   name="tag_merged_is_retired"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the page's language."""
        return self.localized("name")

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class BulkTagJob(TimeStampedModel):
    """Tagging or untagging many people at once from the people list: the people chosen (ids, the filter of "all
    matching", or a saved list, re-read through the asker's reach when it runs), progress, and how many changed.
    The form's key makes a double submit the same job."""

    class Action(models.TextChoices):
        ADD = "add", _("Add the tag")
        REMOVE = "remove", _("Remove the tag")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Tagging")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    tag = models.ForeignKey(Tag, verbose_name=_("tag"), on_delete=models.PROTECT, related_name="bulk_jobs")
    action = models.CharField(_("add or remove"), max_length=10, choices=Action.choices)
    # The people list's filter as it was submitted ("all matching"), or empty when people were ticked one by one.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    person_ids = models.JSONField(_("people ticked"), default=list, blank=True)
    # Or everyone on a saved list, re-read through the asker's reach when it runs.
    saved_list = models.ForeignKey("members.SavedList", verbose_name=_("list"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("people"), default=0)
    processed = models.PositiveIntegerField(_("people done"), default=0)
    changed = models.PositiveIntegerField(_("people changed"), default=0)
    idempotency_key = models.UUIDField(_("submission key"), unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk tagging")
        verbose_name_plural = _("bulk taggings")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=["add", "remove"]), name="bulk_tag_action"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.tag} ({self.total})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.finished else 0)

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
