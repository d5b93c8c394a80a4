"""CSV imports of people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import TimeStampedModel


class ImportJob(TimeStampedModel):
    """One CSV import: the decoded file, the column mapping, progress, and what happened to each row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for the column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20)
    # The decoded text, kept so the worker and a re-run read exactly what was previewed.
    content = models.TextField(_("file content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The tool the file was exported from when its header says so ("action_network", "van", ...): the source of
    # the ids in its external id column and the name in "imported from ..." on the consent it carries.
    source = models.CharField(_("exported from"), max_length=40, blank=True)
    # New tag names in the file are created only once the person importing has agreed to them.
    create_tags = models.BooleanField(_("create the new tags"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("people added"), default=0)
    updated_count = models.PositiveIntegerField(_("people matched"), default=0)
    failed_count = models.PositiveIntegerField(_("rows failed"), default=0)
    results = models.JSONField(_("results per row"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
