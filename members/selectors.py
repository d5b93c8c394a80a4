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


# Leadership development ---------------------------------------------------------------------------------

FUNNEL_WIDTH = 600
FUNNEL_BAR = 36
FUNNEL_GAP = 8


def _funnel(stages: list[Any]) -> dict[str, Any]:
    """The geometry of an inline SVG funnel: one centred bar per stage, width proportional to its count."""
    top = max([s.count for s in stages] + [1])
    bars = []
    for index, stage in enumerate(stages):
        width = max(round(FUNNEL_WIDTH * stage.count / top), 2)
        y = index * (FUNNEL_BAR + FUNNEL_GAP)
        bars.append({"name": stage.name, "count": stage.count, "width": width, "x": (FUNNEL_WIDTH - width) // 2,
                     "y": y, "text_y": y + FUNNEL_BAR // 2 + 5, "center": FUNNEL_WIDTH // 2})
    return {"bars": bars, "width": FUNNEL_WIDTH, "height": max(len(bars) * (FUNNEL_BAR + FUNNEL_GAP), 1),
            "bar_height": FUNNEL_BAR}


def pipeline_region_choices(*, actor: Any) -> list[Any] | None:
    """Regions whose pipeline the actor may open; None means every region and statewide (staff)."""
    from coalition.models import Region

    allowed = access.pipeline_regions(actor)
    return list(Region.objects.order_by("name")) if allowed is None else list(allowed)


def pipeline(*, actor: Any, region_slug: str | None = None, limit: int = 20) -> dict[str, Any]:
    """The ladder for one region (or statewide for staff): people per stage with a funnel, moves this month,
    suggestions waiting, and leaders gone quiet. A fixed number of queries. Out of reach: OutOfReach."""
    from coalition.models import Region
    from members.models import AdvancementSuggestion, QuietFlag, Stage, StageMove

    allowed = access.pipeline_regions(actor)
    if region_slug is None:
        if allowed is None:
            region = None
        elif access.is_organizer(actor):
            region = access.get_in_scope(allowed, pk=actor.region_id)
        else:
            raise OutOfReach("pipeline")
    else:
        region = access.get_in_scope(Region.objects.all() if allowed is None else allowed, slug=region_slug)
    people = Person.objects.all() if region is None else Person.objects.filter(region=region)
    in_area = Q() if region is None else Q(people__region=region)
    stages = list(Stage.objects.annotate(count=Count("people", filter=in_area)).order_by("order"))
    unstaged = people.filter(stage__isnull=True).count()
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    moves = list(
        StageMove.objects.filter(person__in=people, at__gte=month_start)
        .select_related("person", "from_stage", "to_stage", "moved_by").order_by("-at", "-id")[:limit]
    )
    moves_count = StageMove.objects.filter(person__in=people, at__gte=month_start).count()
    suggestions = list(
        access.suggestion_scope(actor).filter(person__in=people, status=AdvancementSuggestion.Status.PENDING)
        .select_related("person", "from_stage", "to_stage").order_by("created_at", "id")[:limit]
    )
    quiet = list(
        QuietFlag.objects.filter(person__in=people, cleared_at__isnull=True)
        .select_related("person__stage").order_by("raised_at", "id")[:limit]
    )
    return {"region": region, "stages": stages, "unstaged": unstaged, "funnel": _funnel(stages),
            "moves": moves, "moves_count": moves_count, "suggestions": suggestions, "quiet": quiet,
            "quiet_days": settings.LEADERSHIP_QUIET_DAYS, "regions": pipeline_region_choices(actor=actor),
            "statewide_allowed": allowed is None}


def suggestion_get(*, actor: Any, pk: int | str) -> Any:
    """One advancement suggestion about a person the actor may work with, or OutOfReach."""
    return access.get_in_scope(
        access.suggestion_scope(actor).select_related("person", "from_stage", "to_stage"), pk=pk
    )


def mentorship_get(*, actor: Any, pk: int | str) -> Any:
    """One mentorship the actor may work with, or OutOfReach."""
    return access.get_in_scope(access.mentorship_scope(actor).select_related("mentor", "mentee"), pk=pk)


def _with_due(mentorships: list[Any], today: Any) -> list[Any]:
    for m in mentorships:
        last = m.last_check_in.date() if m.last_check_in else m.started_on
        m.last_on = last  # the last check-in's date, or the start: the overdue period this is in
        m.due_on = last + timedelta(days=m.cadence_days)
        m.overdue = m.due_on < today
    return mentorships


def mentorships_current(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Current mentorships with their last check-in (`last_check_in`)."""
    from django.db.models import Max

    return queryset.filter(ended_on__isnull=True).annotate(
        last_check_in=Max("check_ins__interaction__happened_at")
    ).select_related("mentor", "mentee")


def mentorships_overdue(*, actor: Any, today: Any = None) -> list[Any]:
    """Current mentorships in the actor's reach whose next check-in is past due, oldest first. One query."""
    today = today or timezone.localdate()
    scope = access.mentorship_scope(actor)
    if access.is_organizer(actor):
        scope = scope.filter(Q(mentee__assigned_organizer=actor) | Q(mentee__region_id=actor.region_id))
    return mentorships_overdue_in(scope, today=today)


def mentorships_overdue_in(queryset: QuerySet[Any], *, today: Any = None) -> list[Any]:
    """The one definition of "overdue": current mentorships of `queryset` whose next check-in is past due,
    oldest first, each with `last_on`, `due_on` and `overdue`. One query. No actor: the caller scoped it (the
    outbox's periodic job passes every mentorship)."""
    today = today or timezone.localdate()
    found = _with_due(list(mentorships_current(queryset)), today)
    return sorted((m for m in found if m.overdue), key=lambda m: m.due_on)


def development(*, actor: Any, pk: int | str) -> dict[str, Any]:
    """A person's development: stage, history, trainings, milestones, mentors and mentees, suggestions and
    stories, for the person's organizer and staff. A fixed number of queries."""
    from members.models import AdvancementSuggestion, Mentorship, Stage

    if not access.works_with_people(actor):
        raise OutOfReach("person")
    person = access.get_in_scope(
        access.person_scope(actor).select_related("stage", "region", "assigned_organizer", "recruited_by"), pk=pk
    )
    today = timezone.localdate()
    mentorships = _with_due(list(mentorships_current(Mentorship.objects.filter(Q(mentee=person) | Q(mentor=person)))),
                            today)
    stages = list(Stage.objects.order_by("order"))
    next_stage = next((s for s in stages if person.stage is None or s.order > person.stage.order), None)
    return {
        "person": person,
        "stages": stages,
        "next_stage": next_stage,
        "moves": list(person.stage_moves.select_related("from_stage", "to_stage", "moved_by")),
        "completions": list(person.training_completions.select_related("training")),
        "milestones": list(person.milestones.all()),
        "mentors": [m for m in mentorships if m.mentee_id == person.pk],
        "mentees": [m for m in mentorships if m.mentor_id == person.pk],
        "suggestions": list(person.advancement_suggestions.filter(status=AdvancementSuggestion.Status.PENDING)
                            .select_related("from_stage", "to_stage")),
        "stories": list(access.story_scope(actor, "internal").filter(person=person).prefetch_related("themes")),
        "may_manage": access.may_manage_development(actor, person),
    }


def my_development(*, actor: Any) -> dict[str, Any] | None:
    """A member's own trainings and milestones (and their stage). None when the account has no person."""
    if not access.is_member(actor) or not actor.person_id:
        return None
    person = Person.objects.select_related("stage").get(pk=actor.person_id)
    return {
        "person": person,
        "completions": list(person.training_completions.select_related("training")),
        "milestones": list(person.milestones.all()),
    }


# Stories ------------------------------------------------------------------------------------------------

def story_list(*, actor: Any, audience: str = "internal", filters: dict[str, Any] | None = None) -> QuerySet[Any]:
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


def story_get(*, actor: Any, pk: int | str, audience: str | None = None) -> Any:
    """One story the actor may read (for their widest audience unless one is given), or OutOfReach."""
    audiences = access.story_audiences(actor)
    audience = audience or (audiences[0] if audiences else "public")
    return access.get_in_scope(
        access.story_scope(actor, audience).select_related("person", "consent_obtained_by")
        .prefetch_related("themes", "appearances"), pk=pk
    )


def story_manage_get(*, actor: Any, pk: int | str) -> Any:
    """A story the actor may change (revoked ones too: a revocation is shown to those who record it)."""
    from members.models import Story

    story = access.get_in_scope(Story.objects.select_related("person"), pk=pk)
    if not access.may_manage_stories(actor, story.person):
        raise OutOfReach("story")
    return story


def story_export_rows(*, actor: Any, audience: str) -> Iterator[Any]:
    """Stories for a CSV export, through the same consent rule as every list."""
    return story_list(actor=actor, audience=audience).iterator(chunk_size=500)


def theme_names() -> list[str]:
    """All theme names, for the filter and the form's suggestions."""
    from members.models import Theme

    return list(Theme.objects.values_list("name", flat=True))


def person_mine(*, actor: Any) -> Person:
    """A member's own record with their working and past phones; OutOfReach for anyone else."""
    if not access.is_member(actor) or actor.person_id is None:
        raise OutOfReach("person")
    return access.get_in_scope(
        access.person_scope(actor).prefetch_related("phones"), pk=actor.person_id
    )


def phone_mine(*, actor: Any, pk: int | str) -> PersonPhone:
    """One of a member's own phones, or OutOfReach."""
    person = person_mine(actor=actor)
    return access.get_in_scope(PersonPhone.objects.filter(person=person).select_related("person"), pk=pk)
