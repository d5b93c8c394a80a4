"""Audiences: who a broadcast or a call list reaches, as one function, `audience_people(actor, audience)`.

An audience is a kind and a subject ("list:12", "rsvps:40:going"). Kinds are registered with `register(...)` by
the apps that know them, in the modules listed in settings.AUDIENCE_MODULES (members' own saved lists and table
representatives in members/audience_kinds.py; an event's RSVPs and a bus in events/audiences.py; a campaign's
participants and a witness-slip drive's non-filers in campaigns/audiences.py), so members imports none of the
apps above it. Whatever a kind answers, the people are cut here by the actor's people scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise

from coalition import access
from coalition.access import OutOfReach
from members.models import Person

if TYPE_CHECKING:
    from coalition.access import Actor


@dataclass(frozen=True)
class Audience:
    """One audience: a registered kind and its subject (an id, or an id and a status: "40:going")."""

    kind: str
    subject: str

    @classmethod
    def parse(cls, value: str) -> Audience:
        """"kind:subject" as an Audience; OutOfReach when it is not one (a bad value answers like a gone one)."""
        kind, sep, subject = str(value).partition(":")
        if not sep or not kind or not subject:
            raise OutOfReach("audience")
        return cls(kind=kind, subject=subject)

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject}"


@dataclass(frozen=True)
class AudienceKind:
    """A kind of audience. `people(actor, subject)` answers a queryset of the person ids it holds (a values
    queryset of one column) and raises OutOfReach for a subject the actor may not see; `choices(actor)` lists the
    subjects the actor may pick, as (subject, label); `describe(actor, subject)` names one subject."""

    key: str
    label: str | Promise
    people: Callable[[Any, str], QuerySet[Any]]
    choices: Callable[[Any], list[tuple[str, str]]]
    describe: Callable[[Any, str], str]


KINDS: dict[str, AudienceKind] = {}
_loaded: list[bool] = []


def register(key: str, label: str | Promise, *, people: Callable[[Any, str], QuerySet[Any]],
             choices: Callable[[Any], list[tuple[str, str]]], describe: Callable[[Any, str], str]) -> AudienceKind:
    """Add a kind of audience; registering the same key again replaces it (safe on reload)."""
    kind = AudienceKind(key=key, label=label, people=people, choices=choices, describe=describe)
    KINDS[key] = kind
    return kind


def audience_kinds() -> dict[str, AudienceKind]:
    """Every registered kind, importing the modules of settings.AUDIENCE_MODULES the first time."""
    if not _loaded:
        for module in settings.AUDIENCE_MODULES:
            import_module(module)
        _loaded.append(True)
    return KINDS


def _kind(audience: Audience) -> AudienceKind:
    kind = audience_kinds().get(audience.kind)
    if kind is None:
        raise OutOfReach("audience")
    return kind


def audience_people(actor: Actor | None, audience: Audience) -> QuerySet[Any]:
    """The ids of the people an audience holds for this actor (a `values_list("pk", flat=True)` queryset), always
    inside the actor's people scope. OutOfReach for an unknown kind or a subject the actor may not see."""
    ids = _kind(audience).people(actor, audience.subject)
    return access.people_work_scope(actor).filter(pk__in=ids).values_list("pk", flat=True)


def audience_label(actor: Actor | None, audience: Audience) -> str:
    """What the audience is called for this actor: the kind and its subject ("A list: Springfield riders")."""
    kind = _kind(audience)
    return f"{kind.label}: {kind.describe(actor, audience.subject)}"


def audience_size(actor: Actor | None, audience: Audience) -> int:
    """How many people the audience holds for this actor (one count query)."""
    return audience_people(actor, audience).count()


def audience_first_people(actor: Actor | None, audience: Audience, limit: int = 10) -> list[Person]:
    """The audience's first people by name, for a preview. One query."""
    ids = audience_people(actor, audience)
    return list(Person.objects.filter(pk__in=ids).select_related("county").only(
        "first_name", "last_name", "preferred_name", "forgotten_at", "county__name",
    ).order_by("last_name", "first_name", "id")[:limit])


def audience_choices(actor: Actor | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every audience the actor may pick, grouped by kind: [(kind label, [("kind:subject", label), ...])]."""
    groups = []
    for key, kind in audience_kinds().items():
        options = [(f"{key}:{subject}", label) for subject, label in kind.choices(actor)]
        if options:
            groups.append((str(kind.label), options))
    return groups


def subject_id(subject: str) -> int:
    """The id a subject starts with ("40" or "40:going"); OutOfReach when it is not a number."""
    head = subject.split(":", 1)[0]
    if not head.isdigit():
        raise OutOfReach("audience")
    return int(head)
