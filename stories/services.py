"""Every write to stories: recording one with its consent, changing it, revoking it, its media appearances.

Each service checks the policy again (tasks and commands run without a request) and owns its transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from members import signals
from members.models import Person, StorySharing
from members.services import USED_FORM
from stories.models import STORY_LEVEL_RANK, MediaAppearance, Story, Theme


def _check_consent_reach(person: Person, consent_level: str) -> None:
    if STORY_LEVEL_RANK[StorySharing(consent_level)] > STORY_LEVEL_RANK[StorySharing(person.story_sharing)]:
        raise ValidationError({"consent_level": _(
            "%(person)s agreed to share their story with “%(agreed)s” at most; “%(asked)s” is wider. Ask them "
            "first, and change their story-sharing consent on their record."
        ) % {"person": person, "agreed": StorySharing(person.story_sharing).label,
             "asked": StorySharing(consent_level).label}})


@transaction.atomic
def story_create(
    *, actor: User, person: Person, title: str, text: str, consent_level: str, themes: Iterable[Theme] = (),
    media_readiness: str = Story.Readiness.NOT_READY, expires_on: date | None = None,
    idempotency_key: uuid.UUID | None = None, campaigns: Iterable[Any] = (),
) -> Story:
    """Record a person's story with the consent they gave (never wider than their story-sharing level). Audited.
    Idempotent by the form's key: a double post records one story."""
    if not access.may_manage_stories(actor, person):
        raise OutOfReach("person")
    _check_consent_reach(person, consent_level)

    def create() -> Story:
        story = Story(person=person, title=title.strip(), text=text.strip(), consent_level=consent_level,
                      media_readiness=media_readiness, expires_on=expires_on, consent_obtained_by=actor,
                      consent_obtained_at=timezone.now(), idempotency_key=idempotency_key)
        story.full_clean()
        story.save()
        story.themes.set(themes)
        story.campaigns.set(campaigns)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=story,
                     summary=_("Recorded a story (%(level)s)") % {"level": story.get_consent_level_display()})
        return story

    story, created = create_once(Story, idempotency_key, create)
    if not created and story.person_id != person.pk:
        raise ValidationError(USED_FORM)
    return story


@transaction.atomic
def story_update(*, actor: User, story: Story, themes: Iterable[Theme] | None = None,
                 campaigns: Iterable[Any] | None = None, **fields: Any) -> Story:
    """Change a story; a new consent level is checked against the person's and its obtainer recorded. Audited."""
    if not access.may_manage_stories(actor, story.person):
        raise OutOfReach("story")
    if story.revoked_at is not None:
        raise ValidationError(_("Consent for this story was revoked: record a new story with new consent."))
    changed = [name for name, value in fields.items() if getattr(story, name) != value]
    for name, value in fields.items():
        setattr(story, name, value)
    if "consent_level" in changed or "expires_on" in changed:
        _check_consent_reach(story.person, story.consent_level)
        story.consent_obtained_by = actor
        story.consent_obtained_at = timezone.now()
        changed += ["consent_obtained_by", "consent_obtained_at"]
    story.full_clean()
    story.save(update_fields=[*changed, "updated_at"])
    if themes is not None:
        story.themes.set(themes)
    if campaigns is not None:
        campaigns = list(campaigns)
        if {c.pk for c in campaigns} != set(story.campaigns.values_list("pk", flat=True)):
            story.campaigns.set(campaigns)
            changed.append("campaigns")
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=story, summary=_("Changed a story"),
                 detail={"fields": sorted(set(changed))})
    return story


@transaction.atomic
def story_revoke(*, actor: User, story: Story) -> Story:
    """Consent was withdrawn: the story disappears from every list and export at once. Revoking twice keeps
    the first time. Audited."""
    if not access.may_manage_stories(actor, story.person):
        raise OutOfReach("story")
    if Story.objects.filter(pk=story.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    ):
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=story, summary=_("Revoked story consent"))
    story.refresh_from_db()
    return story


@transaction.atomic
def media_appearance_add(
    *, actor: User, story: Story, outlet: str, appeared_on: date, link: str = ""
) -> MediaAppearance:
    """Note where a story appeared; the ladder hears of it (members.signals) and records the "told their story
    to media" milestone once per appearance."""
    if not access.may_manage_stories(actor, story.person):
        raise OutOfReach("story")
    appearance = MediaAppearance(story=story, outlet=outlet.strip(), appeared_on=appeared_on, link=link)
    appearance.full_clean()
    appearance.save()
    signals.media_appearance_added.send(sender=MediaAppearance, appearance=appearance)
    return appearance


def story_export_audit(*, actor: User, audience: str, count: int) -> None:
    """Write the audit entry for a story export (who exported how many, for which audience)."""
    audit_record(actor=actor, action=AuditEntry.Action.EXPORT, summary=_("Exported %(count)d stories for %(audience)s")
                 % {"count": count, "audience": audience}, detail={"audience": audience, "count": count})


def theme_get_or_create(*, names: list[str]) -> list[Theme]:
    """The themes with these names, creating the missing ones (free tags typed on the story form)."""
    themes = []
    for name in {n.strip()[:60] for n in names if n.strip()}:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        themes.append(theme)
    return themes
