"""Reads for offline use: whether a person a queued action names was merged away, and what a device keeps."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from coalition import access
from coalition.models import AuditEntry
from members.models import FollowUp

if TYPE_CHECKING:
    from coalition.access.events import Actor

# How many of an organizer's own people a device keeps for offline use.
OWN_PEOPLE_LIMIT = 50
TODAYS_EVENTS_LIMIT = 10


def person_was_merged(*, person_id: int) -> bool:
    """True when the audit log says this record was merged into another (its row is gone). Any caller: it
    reveals nothing but that the id no longer exists."""
    return AuditEntry.objects.filter(action=AuditEntry.Action.MERGE, detail__dropped=person_id).exists()


def offline_urls(actor: Actor) -> list[str]:
    """The pages a device saves for offline use, for one who works with people: their own people (assigned to
    them or with a follow-up of theirs open, at most OWN_PEOPLE_LIMIT) with their log-a-contact pages, and
    today's events' check-in pages (their manifests are on them). Nothing when the actor works with nobody."""
    if not access.may_work_with_people(actor):
        return []
    own = (access.people_work_scope(actor).filter(assigned_organizer=actor)
           .order_by("-last_contact_at", "id").values_list("pk", flat=True)[:OWN_PEOPLE_LIMIT])
    followed = (FollowUp.objects.filter(person__in=access.people_work_scope(actor), done_at__isnull=True, owner=actor)
                .order_by("due_on", "id")
                .values_list("person_id", flat=True)[:OWN_PEOPLE_LIMIT])
    people: list[int] = []
    for pk in [*own, *followed]:
        if pk not in people and len(people) < OWN_PEOPLE_LIMIT:
            people.append(pk)
    now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    events = (access.event_scope(actor).filter(starts_at__lt=start + timedelta(days=1), ends_at__gte=start,
                                               archived_at__isnull=True)
              .order_by("starts_at", "id").values_list("pk", flat=True)[:TODAYS_EVENTS_LIMIT])
    urls = [reverse("coalition:home")]
    for pk in people:
        urls += [reverse("members:person_detail", args=[pk]), reverse("members:interaction_create", args=[pk])]
    urls += [reverse("events:checkin", args=[pk]) for pk in events]
    return urls

