"""Webhooks follow the domain's saves: a person added or changed, an RSVP made or changed, a check-in, consent
withdrawn. Receivers are connected here, on the domain's models, so the domain apps never import this one; the
deliveries are written in the same transaction and sent by the worker after it commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.signals import post_save

from api import osdi
from api.models import WebhookEvent
from events.models import RSVP
from members.models import ConsentChange, Person, PersonPhone


def _link(path: str) -> str:
    return f"{settings.API_PUBLIC_URL.rstrip('/')}/api/v2/{path}"


def _queue(event: str, person_id: int, body: Callable[[], dict[str, Any]]) -> None:
    from api.services import deliveries_queue

    deliveries_queue(event=event, person_id=person_id, body=lambda: {"event": event, **body()})


def _person_body(person: Person) -> dict[str, Any]:
    # Read again with what the shape needs (working phones, ids, tags), never the instance just saved.
    fresh = Person.objects.filter(pk=person.pk).select_related("county").prefetch_related(
        Prefetch("phones", queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True)),
        "external_ids", "tags").first()
    return {"person": osdi.person(fresh, _link) if fresh else {"identifiers": [f"{osdi.OWN_SOURCE}:{person.pk}"]}}


def person_saved(sender: Any, instance: Person, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.forgotten_at is not None:
        return
    event = WebhookEvent.PERSON_CREATED if created else WebhookEvent.PERSON_UPDATED
    _queue(event, instance.pk, lambda: _person_body(instance))


def rsvp_saved(sender: Any, instance: RSVP, created: bool, raw: bool = False,
               update_fields: Any = None, **kwargs: Any) -> None:
    if raw:
        return
    if created:
        event = WebhookEvent.RSVP_CREATED
    elif update_fields and "checked_in_at" in update_fields and instance.checked_in_at is not None:
        event = WebhookEvent.CHECK_IN
    else:
        event = WebhookEvent.RSVP_CHANGED
    _queue(event, instance.person_id, lambda: {"attendance": osdi.attendance(instance, _link)})


def consent_saved(sender: Any, instance: ConsentChange, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or instance.given:
        return
    _queue(WebhookEvent.UNSUBSCRIBE, instance.person_id, lambda: {
        "person": {"identifiers": [f"{osdi.OWN_SOURCE}:{instance.person_id}"],
                   "_links": {"self": {"href": _link(f"people/{instance.person_id}/")}}},
        "channel": instance.channel, "at": instance.at.isoformat(),
    })


def connect() -> None:
    post_save.connect(person_saved, sender=Person, dispatch_uid="api.webhooks.person")
    post_save.connect(rsvp_saved, sender=RSVP, dispatch_uid="api.webhooks.rsvp")
    post_save.connect(consent_saved, sender=ConsentChange, dispatch_uid="api.webhooks.consent")
