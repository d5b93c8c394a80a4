"""Every read of leadership development: the pipeline, a person's development, mentorships and suggestions.
The first argument is the actor; the policy scopes every query."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, cast

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coalition import access, charts
from coalition.access import OutOfReach
from coalition.models import Region
from events.models import RSVP
from leadership.models import (
    AdvancementSuggestion,
    Mentorship,
    MilestoneKind,
    QuietFlag,
    Stage,
    StageMove,
    Training,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from coalition.access import Actor

    class _LastCheckIn(TypedDict):
        last_check_in: datetime | None

    # A current mentorship with the time of its last check-in (mentorships_current).
    CurrentMentorship = WithAnnotations[Mentorship, _LastCheckIn]

    class _PeopleCount(TypedDict):
        count: int

    # A stage of the ladder with how many of the pipeline's people stand on it.
    CountedStage = WithAnnotations[Stage, _PeopleCount]

def _funnel(stages: list[CountedStage]) -> charts.Chart:
    """People on each stage of the ladder, top to bottom."""
    return charts.funnel([charts.Point(label=stage.localized("name"), value=stage.count) for stage in stages])


def pipeline_region_choices(*, actor: Actor) -> list[Region]:
    """Regions whose pipeline the actor may open; None means every region and statewide (staff)."""
    allowed = access.pipeline_regions(actor)
    return list(Region.objects.order_by("name")) if allowed is None else list(allowed)


def pipeline(*, actor: Actor, region_slug: str | None = None, limit: int = 20) -> dict[str, Any]:
    """The ladder for one region (or statewide for staff): people per stage with a funnel, moves this month,
    suggestions waiting, and leaders gone quiet. A fixed number of queries. Out of reach: OutOfReach."""
    allowed = access.pipeline_regions(actor)
    if region_slug is None:
        # Staff open on the statewide view; an organizer on their own region, the only one they may open.
        region = None if allowed is None else allowed.first()
        if allowed is not None and region is None:
            raise OutOfReach("pipeline")
    else:
        region = access.get_in_scope(Region.objects.all() if allowed is None else allowed, slug=region_slug)
    people = access.people_work_scope(actor)
    if region is not None:
        people = people.filter(region=region)
    per_stage = dict(people.order_by().values_list("stage_id").annotate(count=Count("pk")))
    stages = cast("list[CountedStage]", list(Stage.objects.filter(active=True).order_by("order")))
    for stage in stages:
        stage.count = per_stage.get(stage.pk, 0)
    unstaged = per_stage.get(None, 0)
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


def suggestion_get(*, actor: Actor, pk: int | str) -> AdvancementSuggestion:
    """One advancement suggestion about a person the actor may work with, or OutOfReach."""
    return access.get_in_scope(
        access.suggestion_scope(actor).select_related("person", "from_stage", "to_stage"), pk=pk
    )


def mentorship_get(*, actor: Actor, pk: int | str) -> Mentorship:
    """One mentorship the actor may work with, or OutOfReach; its mentor and mentee named as the actor may."""
    mentorship = access.get_in_scope(access.mentorship_scope(actor).select_related("mentor", "mentee"), pk=pk)
    return _named_in_reach(actor, [mentorship])[0]


# A mentorship may pair people of two regions: an organizer sees the other side's name only if it is theirs.
SOMEONE_ELSEWHERE = gettext_lazy("Someone from another region")


_M = TypeVar("_M", bound="Mentorship")


def _named_in_reach(actor: Actor, mentorships: list[_M], reach: set[int] | None = None) -> list[_M]:
    """Give each mentorship `mentor_name` and `mentee_name` (a stand-in for a person outside the actor's reach) and
    `mentee_in_reach` (whether the actor may act on it). One query, none for staff; `reach` when already known."""
    if reach is None:
        reach = access.people_in_reach(actor, [pk for m in mentorships for pk in (m.mentor_id, m.mentee_id)])
    for m in mentorships:
        m.mentor_name = m.mentor.display_name if m.mentor_id in reach else str(SOMEONE_ELSEWHERE)
        m.mentee_name = m.mentee.display_name if m.mentee_id in reach else str(SOMEONE_ELSEWHERE)
        m.mentee_in_reach = m.mentee_id in reach
    return mentorships


def _with_due(mentorships: list[CurrentMentorship], today: date) -> list[CurrentMentorship]:
    for m in mentorships:
        last = m.last_check_in.date() if m.last_check_in else m.started_on
        m.last_on = last  # the last check-in's date, or the start: the overdue period this is in
        m.due_on = last + timedelta(days=m.cadence_days)
        m.overdue = m.due_on < today
    return mentorships


def mentorships_current(queryset: QuerySet[Mentorship]) -> QuerySet[CurrentMentorship]:
    """Current mentorships with their last check-in (`last_check_in`)."""
    return queryset.filter(ended_on__isnull=True).annotate(
        last_check_in=Max("check_ins__interaction__happened_at")
    ).select_related("mentor", "mentee")


def mentorships_overdue(*, actor: Actor, today: date | None = None) -> list[CurrentMentorship]:
    """Current mentorships in the actor's reach whose next check-in is past due, oldest first. One query."""
    today = today or timezone.localdate()
    return _named_in_reach(actor, mentorships_overdue_in(access.mentorship_check_in_scope(actor), today=today))


def mentorships_overdue_in(queryset: QuerySet[Mentorship], *, today: date | None = None) -> list[CurrentMentorship]:
    """The one definition of "overdue": current mentorships of `queryset` whose next check-in is past due,
    oldest first, each with `last_on`, `due_on` and `overdue`. One query. No actor: the caller scoped it (the
    outbox's periodic job passes every mentorship)."""
    today = today or timezone.localdate()
    found = _with_due(list(mentorships_current(queryset)), today)
    return sorted((m for m in found if m.overdue), key=lambda m: m.due_on)


def development(*, actor: Actor, pk: int | str) -> dict[str, Any]:
    """A person's development: stage, history, trainings, milestones, mentors and mentees and suggestions, for
    the person's organizer and staff (other apps add their sections: coalition.home.DEVELOPMENT_PANELS). A
    mentor, mentee or recruiter outside the actor's reach is not named. A fixed number of queries."""
    person = access.get_in_scope(
        access.people_work_scope(actor).select_related("stage", "region", "assigned_organizer", "recruited_by"), pk=pk
    )
    today = timezone.localdate()
    mentorships = _with_due(list(mentorships_current(Mentorship.objects.filter(Q(mentee=person) | Q(mentor=person)))),
                            today)
    reach = access.people_in_reach(
        actor, [person.recruited_by_id, *(pk for m in mentorships for pk in (m.mentor_id, m.mentee_id))])
    _named_in_reach(actor, mentorships, reach)
    recruiter = person.recruited_by
    stages = list(Stage.objects.filter(active=True).order_by("order"))
    next_stage = next((s for s in stages if person.stage is None or s.order > person.stage.order), None)
    return {
        "person": person,
        "stages": stages,
        "next_stage": next_stage,
        "moves": list(person.stage_moves.select_related("from_stage", "to_stage", "moved_by")),
        "completions": list(person.training_completions.select_related("training")),
        "milestones": list(person.milestones.all()),
        "recruited_by_name": (None if recruiter is None
                              else recruiter.display_name if recruiter.pk in reach else SOMEONE_ELSEWHERE),
        "mentors": [m for m in mentorships if m.mentee_id == person.pk],
        "mentees": [m for m in mentorships if m.mentor_id == person.pk],
        "suggestions": list(person.advancement_suggestions.filter(status=AdvancementSuggestion.Status.PENDING)
                            .select_related("from_stage", "to_stage")),
        "may_manage": access.may_manage_development(actor, person),
    }


def my_development(*, actor: Actor) -> dict[str, Any] | None:
    """A member's own trainings and milestones (and their stage). None when the account has no person."""
    person = access.own_person_scope(actor).select_related("stage").first()
    if person is None:
        return None
    completions = list(person.training_completions.select_related("training"))
    milestones = list(person.milestones.all())
    return {"person": person, "completions": completions, "milestones": milestones,
            "next_step": _next_step(person, completions, milestones)}


def _next_step(person: Any, completions: list[Any], milestones: list[Any]) -> dict[str, Any] | None:
    """The next active rung above the person's stage and what its criterion still asks of them, in plain words
    for their home page: trainings not done, milestones not reached, events still to attend. Three queries at
    most, whatever the person has done."""
    below = person.stage.order if person.stage is not None else -1
    stage = (Stage.objects.filter(active=True, order__gt=below).select_related("criterion")
             .order_by("order").first())
    if stage is None:
        return None
    criterion = getattr(stage, "criterion", None)
    trainings: list[str] = []
    kinds: list[str] = []
    events_left = 0
    if criterion is not None:
        done = {completion.training_id for completion in completions}
        trainings = [t.name for t in criterion.trainings.order_by("name") if t.pk not in done]
        reached = {milestone.kind for milestone in milestones}
        kinds = [str(MilestoneKind(kind).label) for kind in criterion.milestone_kinds
                 if kind not in reached and kind in MilestoneKind.values]
        if criterion.events_attended:
            since = timezone.now() - timedelta(days=criterion.events_window_days)
            attended = RSVP.objects.filter(person=person, checked_in_at__gte=since).count()
            events_left = max(criterion.events_attended - attended, 0)
    return {"stage": stage, "trainings": trainings, "milestones": kinds, "events_left": events_left,
            "ready": not (trainings or kinds or events_left)}




def training_list(*, actor: Actor, retired: bool = False) -> QuerySet[Training]:
    """The training catalogue (offered, or retired), by name, with how many people completed each (staff and
    admins; everyone else gets nothing)."""
    if not access.may_manage_trainings(actor):
        return Training.objects.none()
    return (Training.objects.filter(active=not retired).annotate(completed=Count("completions"))
            .order_by("name", "id"))


def training_get(*, actor: Actor, pk: int | str) -> Training:
    """One training of the catalogue, for those who keep it."""
    if not access.may_manage_trainings(actor):
        raise OutOfReach("training")
    return access.get_in_scope(Training.objects.all(), pk=pk)


def stage_list(*, actor: Actor) -> QuerySet[Stage]:
    """The ladder, bottom first, retired stages included, with each stage's criterion and its trainings and how
    many people are at it (admins)."""
    if not access.may_manage_ladder(actor):
        return Stage.objects.none()
    return (Stage.objects.select_related("criterion").prefetch_related("criterion__trainings")
            .annotate(people_count=Count("people")).order_by("order"))


def stage_get(*, actor: Actor, pk: int | str) -> Stage:
    """One stage of the ladder with its criterion (admins)."""
    if not access.may_manage_ladder(actor):
        raise OutOfReach("stage")
    return access.get_in_scope(Stage.objects.select_related("criterion"), pk=pk)
