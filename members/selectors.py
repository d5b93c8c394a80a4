"""Every read of people's records. The first argument is the actor; the policy scopes every query."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from coalition import access
from coalition.access import OutOfReach
from members.filters import PersonFilter
from members.models import FollowUp, ImportJob, Interaction, Person, PersonPhone, SensitiveFacts

LIST_RELATED = ("region", "county", "stage", "assigned_organizer")


def _working_phones() -> Prefetch:
    return Prefetch("phones", queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True),
                    to_attr="working_phones")


def person_list(*, actor: Any, filters: dict[str, Any] | None = None) -> PersonFilter:
    """People on the actor's turf, searched and filtered; `.qs` is the list, `.form` the filter form."""
    qs = (access.people_work_scope(actor).select_related(*LIST_RELATED)
          .prefetch_related("tags", _working_phones()))
    found = PersonFilter(filters or None, queryset=qs)
    found.form.fields["region"].queryset = access.region_scope(actor)
    return found


def person_get(*, actor: Any, pk: int | str) -> Person:
    """One person on the actor's turf, with phones and tags, or OutOfReach."""
    qs = access.people_work_scope(actor).select_related(*LIST_RELATED, "reach_through_organization")
    return access.get_in_scope(qs.prefetch_related("tags", "phones"), pk=pk)


def phone_get(*, actor: Any, person: Person, pk: int | str) -> PersonPhone:
    """One phone of a person on the actor's turf, or OutOfReach."""
    return access.get_in_scope(
        PersonPhone.objects.filter(person__in=access.people_work_scope(actor), person=person).select_related(
            "person"
        ),
        pk=pk,
    )


def person_sensitive_facts(*, actor: Any, person: Person) -> dict[str, Any] | None:
    """The person's sensitive facts and referrals, or None when the actor may not see them."""
    if not access.may_view_sensitive(actor, person):
        return None
    facts = SensitiveFacts.objects.filter(person=person).first()
    referrals = list(person.record_clearing_referrals.select_related("partner"))
    return {"facts": facts, "referrals": referrals}


def person_recent_interactions(*, actor: Any, person: Person, limit: int = 10) -> list[Interaction]:
    """The last contacts with a person on the actor's turf, newest first."""
    if not access.people_work_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    return list(person.interactions.select_related("logged_by")[:limit])


def person_open_follow_ups(*, actor: Any, person: Person) -> list[FollowUp]:
    """Follow-ups with a person that are not done yet, soonest first."""
    if not access.people_work_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    return list(person.follow_ups.filter(done_at__isnull=True).select_related("owner"))


def follow_up_get(*, actor: Any, pk: int | str) -> FollowUp:
    """A follow-up with a person on the actor's turf, or OutOfReach."""
    return access.get_in_scope(
        FollowUp.objects.filter(person__in=access.people_work_scope(actor)).select_related("person"), pk=pk
    )


def my_people(*, actor: Any, limit: int = 10) -> dict[str, Any] | None:
    """An organizer's day: follow-ups due today or overdue, people assigned to them, and people of their
    region gone quiet (no contact in QUIET_AFTER_DAYS). A fixed number of queries. None for other roles.
    """
    if not access.is_organizer(actor):
        return None
    today = timezone.localdate()
    scope = access.people_work_scope(actor)
    due = list(
        FollowUp.objects.filter(owner=actor, done_at__isnull=True, due_on__lte=today, person__in=scope)
        .select_related("person").order_by("due_on", "id")[:limit]
    )
    assigned = list(scope.filter(assigned_organizer=actor).select_related("stage").order_by(
        "last_contact_at", "last_name")[:limit])
    quiet_before = timezone.now() - timedelta(days=settings.QUIET_AFTER_DAYS)
    quiet = list(
        scope.filter(region_id=actor.region_id)
        .filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=quiet_before))
        .order_by("last_contact_at", "last_name", "id")[:limit]
    )
    return {"due": due, "today": today, "assigned": assigned, "quiet": quiet,
            "quiet_days": settings.QUIET_AFTER_DAYS}


def person_export_rows(*, actor: Any, filters: dict[str, Any] | None, include_sensitive: bool) -> Iterator[Person]:
    """The filtered list for a CSV export, streamed. Sensitive facts only when an admin asked for them."""
    if include_sensitive and not access.may_export_sensitive(actor):
        raise OutOfReach("export")
    qs = PersonFilter(filters or None, queryset=access.people_work_scope(actor)).qs
    qs = qs.select_related(*LIST_RELATED)
    if include_sensitive:
        qs = qs.select_related("sensitive_facts")
    # .iterator() with a chunk size still runs prefetches per chunk.
    return qs.prefetch_related("tags", _working_phones()).iterator(chunk_size=500)


def import_job_list(*, actor: Any) -> QuerySet[ImportJob]:
    """Imports the actor may see, newest first."""
    if not access.works_with_people(actor):
        raise OutOfReach("imports")
    return access.import_job_scope(actor).select_related("created_by").defer("content", "results")


def import_job_get(*, actor: Any, pk: int | str) -> ImportJob:
    """One import the actor may see, or OutOfReach."""
    return access.get_in_scope(access.import_job_scope(actor).select_related("created_by"), pk=pk)


def _similar(a: Person | dict[str, Any], b: dict[str, Any]) -> bool:
    first_a, first_b = (a["first_name"] or "").lower(), (b["first_name"] or "").lower()
    names_a = {first_a, (a["preferred_name"] or "").lower()} - {""}
    names_b = {first_b, (b["preferred_name"] or "").lower()} - {""}
    if names_a & names_b:
        return True
    return any(x.startswith(y) or y.startswith(x) or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8
               for x in names_a for y in names_b)


def duplicate_pairs(*, actor: Any) -> list[dict[str, Any]]:
    """Likely duplicates on the actor's turf: the same phone digits, the same email, or a similar name in the
    same county. Each pair once, with every reason; a fixed number of queries however many people.
    """
    scope = access.people_work_scope(actor)
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)

    def pair_up(groups: dict[Any, list[int]], reason: str) -> None:
        for ids in groups.values():
            ids = sorted(set(ids))
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    reasons[(a, b)].add(reason)

    shared_digits = (PersonPhone.objects.filter(person__in=scope).values("digits")
                     .annotate(n=Count("person", distinct=True)).filter(n__gt=1).values("digits"))
    groups: dict[Any, list[int]] = defaultdict(list)
    for person_id, digits in PersonPhone.objects.filter(person__in=scope, digits__in=shared_digits).values_list(
        "person_id", "digits"
    ):
        groups[digits].append(person_id)
    pair_up(groups, "phone")

    shared_email = (scope.exclude(email="").annotate(e=Lower("email")).values("e").annotate(n=Count("id"))
                    .filter(n__gt=1).values("e"))
    groups = defaultdict(list)
    for person_id, email in scope.annotate(e=Lower("email")).filter(e__in=shared_email).values_list("id", "e"):
        groups[email].append(person_id)
    pair_up(groups, "email")

    shared_name = (scope.exclude(county=None).annotate(ln=Lower("last_name")).values("county_id", "ln")
                   .annotate(n=Count("id")).filter(n__gt=1))
    keys = {(row["county_id"], row["ln"]) for row in shared_name}
    if keys:
        candidates = defaultdict(list)
        rows = scope.filter(county_id__in={k[0] for k in keys}).annotate(ln=Lower("last_name")).values(
            "id", "first_name", "preferred_name", "county_id", "ln"
        )
        for row in rows:
            if (row["county_id"], row["ln"]) in keys:
                candidates[(row["county_id"], row["ln"])].append(row)
        for group in candidates.values():
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if _similar(a, b):
                        reasons[tuple(sorted((a["id"], b["id"])))].add("name")  # type: ignore[index]

    ids = {pk for pair in reasons for pk in pair}
    people = scope.filter(pk__in=ids).select_related("county", "region").prefetch_related(_working_phones())
    people_by_id = {p.pk: p for p in people}
    pairs = [
        {"a": people_by_id[a], "b": people_by_id[b], "reasons": sorted(why)}
        for (a, b), why in sorted(reasons.items())
        if a in people_by_id and b in people_by_id
    ]
    return pairs
