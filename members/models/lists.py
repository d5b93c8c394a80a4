"""Saved lists: a saved filter of the people page (smart) or a chosen set of people (fixed), with sharing."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.models import TimeStampedModel


class SavedList(TimeStampedModel):
    """A list of people to reach. A smart list keeps the people page's filter and search as a query string, read
    again every time it is opened; a fixed list holds the people added to it (ListMembership). What a list holds
    for a viewer is always cut by the viewer's reach (coalition.access.saved_list_scope and the people scopes)."""

    class Kind(models.TextChoices):
        SMART = "smart", _("Smart (a saved filter)")
        FIXED = "fixed", _("Fixed (chosen people)")

    class Sharing(models.TextChoices):
        PRIVATE = "private", _("Only me")
        REGION = "region", _("Organizers of a region, and staff")
        STAFF = "staff", _("All staff")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="saved_lists")
    sharing = models.CharField(_("shared with"), max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE)
    shared_region = models.ForeignKey("coalition.Region", verbose_name=_("region shared with"),
                                      on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # A smart list's filter: the people page's query string as a dict (only its filter fields).
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # Bumped by every saved edit: an edit form drawn at an older version is refused (someone changed it since).
    version = models.PositiveIntegerField(_("version"), default=1)
    # The form's key: a double submit saves one list (coalition.idempotency).
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        indexes = [models.Index(fields=["owner", "archived_at"], name="savedlist_owner_archived"),
                   models.Index(fields=["sharing", "shared_region"], name="savedlist_sharing")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["smart", "fixed"]), name="savedlist_kind"),
            models.CheckConstraint(
                condition=(Q(sharing="region", shared_region__isnull=False)
                           | (Q(sharing__in=["private", "staff"]) & Q(shared_region__isnull=True))),
                name="savedlist_region_when_shared_with_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.sharing == self.Sharing.REGION and self.shared_region_id is None:
            raise ValidationError({"shared_region": _("Choose the region whose organizers see this list.")})
        if self.sharing != self.Sharing.REGION:
            self.shared_region = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def smart(self) -> bool:
        return self.kind == self.Kind.SMART

    @property
    def shared_with(self) -> str:
        """Who the list is shared with, in words (the region is joined by the selectors that list lists)."""
        if self.sharing == self.Sharing.REGION and self.shared_region is not None:
            return _("the organizers of %(region)s, and staff") % {"region": self.shared_region.name}
        if self.sharing == self.Sharing.STAFF:
            return str(_("all staff"))
        return str(_("only its owner"))


class ListMembership(models.Model):
    """A person on a fixed list: who added them and when. Once per list (a unique constraint)."""

    saved_list = models.ForeignKey(SavedList, verbose_name=_("list"), on_delete=models.CASCADE,
                                   related_name="memberships")
    person = models.ForeignKey("members.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="list_memberships")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["saved_list", "id"]
        verbose_name = _("person on a list")
        verbose_name_plural = _("people on lists")
        constraints = [models.UniqueConstraint(fields=["saved_list", "person"], name="list_membership_once")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.saved_list_id}"
