"""What a broadcast needs to know of the apps above the outbox, registered by them (the outbox imports none).

- `register_audiences(...)`: the members app says who an audience ("kind:subject") holds for an actor, what it
  is called, which audiences an actor may pick, who of a set of people reports in person on a weekday, and how
  an unsubscribe link withdraws email consent.
- `register_merge_fields(...)`: an app fills merge fields for audiences of its kinds (the events app: {event},
  {bus}, {pickup_time} and {rsvp_link} for an event's RSVPs and a bus).

Registered from the apps' AppConfig.ready(). Until the members app registers, there is no audience at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


@dataclass(frozen=True)
class Audiences:
    """How the outbox reads audiences. `people(actor, audience)` is a one-column queryset of person ids, cut by
    the actor's reach, and raises coalition.access.OutOfReach for an audience the actor may not use;
    `reporting_on(person_ids, weekday)` the ids among them whose reporting day is that weekday (0 is Monday);
    `unsubscribe(person_id, reference)` withdraws email consent through the consent service (True if it was
    given)."""

    people: Callable[[Any, str], QuerySet[Any]]
    label: Callable[[Any, str], str]
    choices: Callable[[Any], list[tuple[str, list[tuple[str, str]]]]]
    reporting_on: Callable[[QuerySet[Any], int], set[int]]
    unsubscribe: Callable[[int, str], bool]


@dataclass(frozen=True)
class MergeFields:
    """Merge fields an app fills for audiences of some kinds: `values(subject, person_ids)` answers, per person
    id, the value of each of `fields` (in the active language), reading the subject once."""

    audience_kinds: Collection[str]
    fields: Collection[str]
    values: Callable[[str, Collection[int]], dict[int, dict[str, str]]]


_audiences: list[Audiences] = []
_merge_fields: list[MergeFields] = []


def register_audiences(audiences: Audiences) -> Audiences:
    """The one source of audiences; registering again replaces it (safe on reload)."""
    _audiences[:] = [audiences]
    return audiences


def audiences() -> Audiences:
    if not _audiences:
        raise ImproperlyConfigured("No app registers the audiences of broadcasts (the members app does).")
    return _audiences[0]


def register_merge_fields(merge_fields: MergeFields) -> MergeFields:
    """Add merge fields for some audience kinds; registering the same kinds and fields again replaces the first."""
    _merge_fields[:] = [m for m in _merge_fields
                        if (tuple(m.audience_kinds), tuple(m.fields)) != (tuple(merge_fields.audience_kinds),
                                                                          tuple(merge_fields.fields))]
    _merge_fields.append(merge_fields)
    return merge_fields


def merge_fields_for(audience: str) -> list[MergeFields]:
    """The registrations that fill fields for this audience ("rsvps:40:going" is of the kind "rsvps")."""
    kind = audience.partition(":")[0]
    return [m for m in _merge_fields if kind in m.audience_kinds]


def all_merge_fields() -> dict[str, list[str]]:
    """Every field some app fills, with the audience kinds it is filled for."""
    fields: dict[str, list[str]] = {}
    for m in _merge_fields:
        for name in m.fields:
            fields.setdefault(name, []).extend(m.audience_kinds)
    return fields
