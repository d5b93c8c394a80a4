"""Reads of call lists: who may see and run them, the person a caller is holding, and the progress counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from calls.models import CallList, CallListCaller, CallTarget, Question
from coalition import access

if TYPE_CHECKING:
    from coalition.access import Actor


def may_run_calls(actor: Actor | None) -> bool:
    """Staff, admins and organizers make call lists (an organizer's list reaches only their turf)."""
    return access.is_staff_or_admin(actor) or access.is_organizer(actor)


def call_list_scope(actor: Actor | None) -> QuerySet[CallList]:
    """The call lists this actor runs: all for staff and admins, their own for an organizer."""
    if access.is_staff_or_admin(actor):
        return CallList.objects.all()
    if access.is_organizer(actor):
        return CallList.objects.filter(owner_id=actor.pk)
    return CallList.objects.none()


def call_list_list(*, actor: Actor) -> QuerySet[CallList]:
    if not may_run_calls(actor):
        raise access.OutOfReach("call lists")
    return call_list_scope(actor).select_related("owner").order_by("-created_at", "-id")


def call_list_get(*, actor: Actor, pk: int | str) -> CallList:
    """One call list the actor runs; OutOfReach (404) otherwise."""
    return access.get_in_scope(call_list_scope(actor).select_related("owner"), pk=pk)


def question_get(*, actor: Actor, call_list_pk: int | str, pk: int | str) -> Question:
    """One question of a call list the actor runs; OutOfReach (404) otherwise."""
    call_list = call_list_get(actor=actor, pk=call_list_pk)
    question = access.get_in_scope(Question.objects.filter(call_list=call_list), pk=pk)
    question.call_list = call_list
    return question


def was_caller(actor: Actor, pk: int | str) -> bool:
    """Whether this person once had the caller role for the list and had it taken back (their page says so)."""
    if actor.pk is None:
        return False
    try:
        return CallListCaller.objects.filter(call_list_id=int(pk), user_id=int(actor.pk),
                                             removed_at__isnull=False).exists()
    except (ValueError, OverflowError):
        return False


def lists_to_call(*, actor: Actor) -> QuerySet[CallList]:
    """The open or paused lists someone holds the caller role for."""
    if actor.pk is None:
        return CallList.objects.none()
    return (CallList.objects.filter(callers__user_id=int(actor.pk), callers__removed_at__isnull=True,
                                    status__in=[CallList.Status.OPEN, CallList.Status.PAUSED])
            .select_related("owner").order_by("-created_at", "-id"))


def callers(call_list: CallList) -> list[CallListCaller]:
    return list(call_list.callers.filter(removed_at__isnull=True).select_related("user"))


def workable_scope(actor: Actor | None) -> QuerySet[CallList]:
    """The lists this actor may work now, while they are open or paused (a paused list hands out no one): those
    they run, and those they were given the caller role for. One query; each row says whether the actor runs it
    (`runs`: a caller writes with the owner's reach) and brings its owner."""
    if actor is None or actor.pk is None:
        return CallList.objects.none()
    role = CallListCaller.objects.filter(call_list_id=OuterRef("pk"), user_id=actor.pk, removed_at__isnull=True)
    runs_it = Exists(call_list_scope(actor).filter(pk=OuterRef("pk")))
    return (CallList.objects.filter(status__in=[CallList.Status.OPEN, CallList.Status.PAUSED])
            .annotate(runs=runs_it).filter(Q(runs=True) | Exists(role)).select_related("owner"))


def call_list_for_caller(*, actor: Actor, pk: int | str) -> CallList:
    """The list a caller works: 404 when it is closed, not open yet, or not theirs to call. It carries `read_for`,
    the actor's id: the services of the same request (a save, then "next person") take this read as their check
    instead of making it again."""
    call_list = access.get_in_scope(workable_scope(actor), pk=pk)
    call_list.read_for = actor.pk
    return call_list


def held_target(*, actor: Actor, call_list: CallList, now: Any) -> CallTarget | None:
    """The person this caller holds on this list now (an unexpired lock), with the one number to dial."""
    return (CallTarget.objects.filter(call_list=call_list, outcome="", locked_by_id=actor.pk, locked_until__gt=now)
            .select_related("person", "phone").only(
                "id", "call_list_id", "locked_until", "attempts", "person__id", "person__first_name",
                "person__last_name", "person__preferred_name", "person__preferred_language", "person__forgotten_at",
                "phone__id",
                "phone__number").first())


def questions(call_list: CallList) -> list[Question]:
    """The questions a caller asks now, in order (removed ones are not asked)."""
    return list(call_list.questions.filter(removed_at__isnull=True))


@dataclass
class Tally:
    question: str
    kind: str
    counts: list[tuple[str, int]]
    answered: int = 0
    removed: bool = False


@dataclass
class Progress:
    total: int = 0
    to_go: int = 0
    held: int = 0
    outcomes: list[tuple[str, str, int]] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    callers: list[dict[str, Any]] = field(default_factory=list)


def call_list_progress(*, call_list: CallList, now: Any) -> Progress:
    """Reached, left a message, to go; each question's answers counted; calls per caller. Four queries, whatever
    the size of the list (the answers are counted from one column read)."""
    targets = CallTarget.objects.filter(call_list=call_list)
    agg = targets.aggregate(total=Count("id"), to_go=Count("id", filter=Q(outcome="")),
                            held=Count("id", filter=Q(outcome="", locked_until__gt=now)),
                            **{value: Count("id", filter=Q(outcome=value)) for value in CallTarget.Outcome.values})
    progress = Progress(total=agg["total"], to_go=agg["to_go"], held=agg["held"],
                        outcomes=[(value, str(label), agg[value]) for value, label in CallTarget.Outcome.choices])
    counters: dict[str, Counter[str]] = {}
    for answers in targets.exclude(answers={}).values_list("answers", flat=True):
        for qid, item in (answers or {}).items():
            counters.setdefault(qid, Counter())[str(item.get("answer", ""))] += 1
    for question in call_list.questions.all():
        counter = counters.get(str(question.pk), Counter())
        if question.removed_at is not None and not counter:
            continue
        progress.tallies.append(Tally(question=question.prompt, kind=question.kind, counts=counter.most_common(),
                                      answered=sum(counter.values()), removed=question.removed_at is not None))
    rows = (targets.exclude(called_by=None).values("called_by__first_name", "called_by__last_name",
                                                   "called_by__email")
            .annotate(calls=Count("id"), reached=Count("id", filter=Q(outcome=CallTarget.Outcome.REACHED)))
            .order_by("-calls", "called_by__last_name"))
    progress.callers = [{"name": f"{r['called_by__first_name']} {r['called_by__last_name']}".strip()
                         or r["called_by__email"], "calls": r["calls"], "reached": r["reached"]} for r in rows]
    return progress


def export_rows(call_list: CallList) -> tuple[list[str], Any]:
    """The CSV of a list: one row per person, the outcome and each question's answer (no contact details)."""
    qs = list(call_list.questions.all())
    header = ["person_id", "name", "outcome", "called_at", "called_by", *[q.prompt for q in qs]]
    targets = (CallTarget.objects.filter(call_list=call_list).select_related("person", "called_by")
               .only("id", "outcome", "called_at", "answers", "person__id", "person__first_name",
                     "person__last_name", "person__preferred_name", "called_by__email",
                     "called_by__first_name", "called_by__last_name").order_by("id"))

    def rows() -> Any:
        for t in targets.iterator(chunk_size=500):
            yield [t.person_id, t.person.display_name, t.get_outcome_display() if t.outcome else "",
                   t.called_at, t.called_by.get_full_name() if t.called_by else "",
                   *[(t.answers or {}).get(str(q.pk), {}).get("answer", "") for q in qs]]
    return header, rows()
