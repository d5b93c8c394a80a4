"""Venues and bus pickup points: create, change, archive. Their presence flags and note are staff-only; they
feed the placement warnings (events.services.rsvps.placement_warnings) and never reach a public page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry
from coalition.services import audit_record
from events.models import PickupPoint, Venue

if TYPE_CHECKING:
    from coalition.models import User

FLAG_FIELDS = ("near_school_park_daycare", "on_public_transit", "requires_id", "law_enforcement_site",
               "presence_note")
VENUE_FIELDS = ("name", "street_address", "city", "postal_code", "region", *FLAG_FIELDS)
PICKUP_POINT_FIELDS = ("name", "region", "street_address", "city", *FLAG_FIELDS)

Place = TypeVar("Place", Venue, PickupPoint)


def _check(actor: User) -> None:
    if not access.may_manage_places(actor):
        raise OutOfReach("place")


def _create(actor: User, model: type[Place], allowed: tuple[str, ...], fields: dict[str, Any]) -> Place:
    _check(actor)
    place = model(**{name: value for name, value in fields.items() if name in allowed})
    place.full_clean()
    place.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=place,
                 summary=f"Added {model._meta.model_name} {place}")
    return place


def _update(actor: User, place: Place, allowed: tuple[str, ...], fields: dict[str, Any]) -> Place:
    _check(actor)
    place = type(place).objects.select_for_update().get(pk=place.pk)
    changed: list[str] = [name for name, value in fields.items()
                          if name in allowed and getattr(place, name) != value]
    for name in changed:
        setattr(place, name, fields[name])
    place.full_clean()
    if changed:
        place.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=place,
                     summary=f"Changed {place._meta.model_name} {place}", detail={"fields": changed})
    return place


def _archive(actor: User, place: Place, restore: bool) -> Place:
    _check(actor)
    place = type(place).objects.select_for_update().get(pk=place.pk)
    if (place.archived_at is None) == restore:
        return place
    place.archived_at = None if restore else timezone.now()
    place.save(update_fields=["archived_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=place,
                 summary=f"{'Restored' if restore else 'Archived'} {place._meta.model_name} {place}")
    return place


@transaction.atomic
def venue_create(*, actor: User, **fields: Any) -> Venue:
    """Add a venue with its staff-only presence flags (staff and admins). Audited."""
    return _create(actor, Venue, VENUE_FIELDS, fields)


@transaction.atomic
def venue_update(*, actor: User, venue: Venue, **fields: Any) -> Venue:
    """Change a venue or its flags (staff and admins); events already there keep pointing at it. Audited."""
    return _update(actor, venue, VENUE_FIELDS, fields)


@transaction.atomic
def venue_archive(*, actor: User, venue: Venue, restore: bool = False) -> Venue:
    """Archive a venue (no longer offered for new events; past events keep it), or restore it. Idempotent."""
    return _archive(actor, venue, restore)


@transaction.atomic
def pickup_point_create(*, actor: User, **fields: Any) -> PickupPoint:
    """Add a bus pickup point with its staff-only presence flags (staff and admins). Audited."""
    return _create(actor, PickupPoint, PICKUP_POINT_FIELDS, fields)


@transaction.atomic
def pickup_point_update(*, actor: User, pickup_point: PickupPoint, **fields: Any) -> PickupPoint:
    """Change a pickup point or its flags (staff and admins). Audited."""
    return _update(actor, pickup_point, PICKUP_POINT_FIELDS, fields)


@transaction.atomic
def pickup_point_archive(*, actor: User, pickup_point: PickupPoint, restore: bool = False) -> PickupPoint:
    """Archive a pickup point (offered for no new bus; buses that left from it keep it), or restore it.
    Idempotent."""
    return _archive(actor, pickup_point, restore)
