"""Reads for the API and its pages. Every query goes through the access policy with the token's own account as
the actor, so a token sees what a person in its role sees and nothing more."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from api.models import ApiToken, Webhook, WebhookDelivery
from coalition import access
from events.models import RSVP, Event
from members.models import Person, PersonExternalId, PersonPhone, Tag

if TYPE_CHECKING:
    from coalition.access import Actor

PersonTag = Person.tags.through


def _people(actor: Actor) -> QuerySet[Person]:
    return access.person_scope(actor).select_related("county").prefetch_related(
        Prefetch("phones", queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True)),
        Prefetch("external_ids", queryset=PersonExternalId.objects.order_by("source", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )


def api_person_list(*, actor: Actor, modified_after: datetime | None = None,
                    modified_before: datetime | None = None) -> QuerySet[Person]:
    """The people the actor may see, with their working phones, outside ids and tags, oldest first."""
    qs = _people(actor)
    if modified_after is not None:
        qs = qs.filter(updated_at__gt=modified_after)
    if modified_before is not None:
        qs = qs.filter(updated_at__lt=modified_before)
    return qs.order_by("id")


def api_person_get(*, actor: Actor, pk: int | str) -> Person:
    """One person the actor may see, or OutOfReach."""
    return access.get_in_scope(_people(actor), pk=pk)


def api_tag_list(*, actor: Actor) -> QuerySet[Tag]:
    """The tags the actor may read (none for those who may not)."""
    if not access.may_read_tags(actor):
        return Tag.objects.none()
    return access.tag_scope(actor).order_by("id")


def api_tag_get(*, actor: Actor, pk: int | str) -> Tag:
    """One tag the actor may read, or OutOfReach."""
    return access.get_in_scope(api_tag_list(actor=actor), pk=pk)


def api_tagging_list(*, actor: Actor, tag: Tag | None = None, person: Person | None = None) -> QuerySet[Any]:
    """Who carries which tag, among the people the actor may see."""
    qs = PersonTag.objects.filter(person__in=access.person_scope(actor)).select_related("tag")
    if tag is not None:
        qs = qs.filter(tag=tag)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("id")


def api_event_list(*, actor: Actor) -> QuerySet[Event]:
    """The events the actor may see, not archived, oldest first."""
    return access.event_scope(actor).filter(archived_at__isnull=True).select_related("venue").order_by("id")


def api_event_get(*, actor: Actor, pk: int | str) -> Event:
    """One event the actor may see, or OutOfReach."""
    return access.get_in_scope(api_event_list(actor=actor), pk=pk)


def api_attendance_list(*, actor: Actor, event: Event) -> QuerySet[RSVP]:
    """An event's RSVPs whose person the actor may see."""
    return access.rsvp_scope(actor, event).order_by("id")


def token_find(*, secret: str) -> ApiToken | None:
    """The live token whose secret this is, with its account; None for an unknown or revoked secret."""
    from api.services import secret_hash

    return (ApiToken.objects.select_related("user").filter(secret_hash=secret_hash(secret), revoked_at__isnull=True)
            .first())


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """Every token, newest first, for those who manage the API."""
    if not access.may_manage_api(actor):
        return ApiToken.objects.none()
    return ApiToken.objects.select_related("region", "organization").order_by("-created_at", "-id")


def token_get(*, actor: Actor, pk: int | str) -> ApiToken:
    return access.get_in_scope(token_list(actor=actor), pk=pk)


def webhook_list(*, actor: Actor) -> QuerySet[Webhook]:
    """Every webhook, for those who manage the API."""
    if not access.may_manage_api(actor):
        return Webhook.objects.none()
    return Webhook.objects.order_by("name", "id")


def webhook_get(*, actor: Actor, pk: int | str) -> Webhook:
    return access.get_in_scope(webhook_list(actor=actor), pk=pk)


def delivery_list(*, actor: Actor, hook: Webhook) -> QuerySet[WebhookDelivery]:
    """A hook's deliveries, newest first."""
    if not access.may_manage_api(actor):
        return WebhookDelivery.objects.none()
    return hook.deliveries.order_by("-id")


def delivery_get(*, actor: Actor, pk: int | str) -> WebhookDelivery:
    if not access.may_manage_api(actor):
        raise access.OutOfReach("delivery")
    return access.get_in_scope(WebhookDelivery.objects.select_related("hook"), pk=pk)
