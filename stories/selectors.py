"""Every read of stories. The first argument is the actor; every query goes through access.story_scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from coalition import access
from coalition.access import OutOfReach
from stories.models import Story, Theme

if TYPE_CHECKING:
    from coalition.access import Actor
    from members.models import Person


def story_list(
    *, actor: Actor, audience: str = "internal", filters: dict[str, Any] | None = None
) -> QuerySet[Story]:
    """Stories the audience may hear, through access.story_scope (the one consent rule); filter by theme, media
    readiness and words in the title or text. Constant queries per page."""
    filters = filters or {}
    qs = access.story_scope(actor, audience).select_related("person").prefetch_related("themes").annotate(
        appearance_count=Count("appearances", distinct=True)
    )
    if filters.get("theme"):
        qs = qs.filter(themes__name__iexact=filters["theme"])
    if filters.get("readiness"):
        qs = qs.filter(media_readiness=filters["readiness"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(text__icontains=filters["q"]))
    return qs.order_by("-created_at", "-id")


def story_get(*, actor: Actor, pk: int | str, audience: str | None = None) -> Story:
    """One story the actor may read (for their widest audience unless one is given), or OutOfReach."""
    audiences = access.story_audiences(actor)
    audience = audience or (audiences[0] if audiences else "public")
    return access.get_in_scope(
        access.story_scope(actor, audience).select_related("person", "consent_obtained_by")
        .prefetch_related("themes", "appearances", "campaigns"), pk=pk
    )


def story_manage_get(*, actor: Actor, pk: int | str) -> Story:
    """A story the actor may change (revoked ones too: a revocation is shown to those who record it)."""
    story = access.get_in_scope(Story.objects.select_related("person"), pk=pk)
    if not access.may_manage_stories(actor, story.person):
        raise OutOfReach("story")
    return story


def story_export_rows(*, actor: Actor, audience: str) -> Iterator[Story]:
    """Stories for a CSV export, through the same consent rule as every list."""
    return story_list(actor=actor, audience=audience).iterator(chunk_size=500)


def person_stories(*, actor: Actor, person: Person) -> list[Story]:
    """A person's stories the actor may read inside the coalition (live consent only), with their themes: the
    stories section of the person's development page. Two queries."""
    return list(access.story_scope(actor, "internal").filter(person=person).prefetch_related("themes"))


def theme_names() -> list[str]:
    """All theme names, for the filter and the form's suggestions."""
    return list(Theme.objects.values_list("name", flat=True))


def campaign_stories(*, actor: Actor, campaign: Any, limit: int = 10) -> list[Story]:
    """The newest stories tied to a campaign that the actor may read inside the coalition (access.story_scope),
    with their tellers. One query."""
    return list(access.story_scope(actor, "internal").filter(campaigns=campaign).select_related("person")
                .order_by("-created_at", "-id")[:limit])


def public_campaign_stories(*, campaign: Any, limit: int = 6) -> list[Story]:
    """The newest stories tied to a campaign whose consent is public (access.public_story_scope), for a page anyone
    may open. One query."""
    return list(access.public_story_scope().filter(campaigns=campaign).select_related("person")
                .order_by("-created_at", "-id")[:limit])
