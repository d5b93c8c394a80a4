"""Leaders' stories: a story with its themes, the consent it was told under and its media readiness; where it
appeared in the media.

Who may read a story is decided by `coalition.access.story_scope` and nothing else. The person's own
story-sharing level (`members.models.Person.story_sharing`) stays on the person: it caps every story they tell.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.models import TimeStampedModel
from members.models import Person, StorySharing

# How far a story may travel, narrowest first: a story reaches no wider than the narrower of its own consent
# level and its teller's story-sharing level.
STORY_LEVEL_RANK = {
    StorySharing.INTERNAL: 0,
    StorySharing.PARTNERS: 1,
    StorySharing.MEDIA_ANONYMOUS: 2,
    StorySharing.MEDIA_NAMED: 3,
    StorySharing.PUBLIC: 4,
}


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Story(TimeStampedModel):
    """A leader's story. Who may read it is decided by `coalition.access.story_scope` and nothing else."""

    class Readiness(models.TextChoices):
        NOT_READY = "not_ready", _("Not ready for media")
        WITH_SUPPORT = "with_support", _("Ready with support")
        READY = "ready", _("Media ready")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("story"))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="stories")
    # Stories stand above campaigns: a campaign's page reads them through coalition.home.CAMPAIGN_PANELS.
    campaigns = models.ManyToManyField("campaigns.Campaign", verbose_name=_("campaigns"), blank=True,
                                       related_name="stories")
    consent_level = models.CharField(
        _("who may hear it"), max_length=20, choices=StorySharing.choices, default=StorySharing.INTERNAL
    )
    media_readiness = models.CharField(
        _("media readiness"), max_length=14, choices=Readiness.choices, default=Readiness.NOT_READY
    )
    consent_obtained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consent obtained by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    consent_obtained_at = models.DateTimeField(_("consent obtained at"), null=True, blank=True)
    expires_on = models.DateField(_("consent expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("consent revoked at"), null=True, blank=True)
    # The form's key: a double post records one story.
    idempotency_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["consent_level", "revoked_at", "expires_on"], name="story_consent_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def teller_name(self) -> str:
        """Who told it, as the reader may see it. `show_name` comes from access.story_scope; a story loaded any
        other way has none, and names nobody."""
        return self.person.display_name if getattr(self, "show_name", False) else gettext("Anonymous")


class MediaAppearance(models.Model):
    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="appearances")
    outlet = models.CharField(_("outlet"), max_length=200)
    appeared_on = models.DateField(_("date"))
    link = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["-appeared_on", "-id"]
        verbose_name = _("media appearance")
        verbose_name_plural = _("media appearances")

    def __str__(self) -> str:
        return f"{self.outlet} · {self.appeared_on}"
