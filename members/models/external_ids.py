"""The ids another tool gave a person (Action Network's uuid, VAN's VANID, a partner's OSDI identifier), kept per
source so that the next import or API signup from that tool finds the same person before comparing phones,
emails or names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonExternalId(models.Model):
    """One id of one person in one outside tool. An id belongs to at most one person per source."""

    person = models.ForeignKey("members.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="external_ids")
    # A short lower-case name of the tool: "action_network", "van", "mobilize", or an OSDI identifier's prefix.
    source = models.SlugField(_("source"), max_length=40)
    external_id = models.CharField(_("id in that tool"), max_length=200)
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("id in another tool")
        verbose_name_plural = _("ids in other tools")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="external_id_unique_per_source"),
        ]
        indexes = [models.Index(fields=["person", "source"], name="external_id_person_source")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"
