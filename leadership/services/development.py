"""Every write to leadership development: ladder moves, trainings, milestones, mentorships, suggestions, and the
periodic tracking that finds milestones, suggests advancement and flags leaders gone quiet.

Each service checks the policy again (tasks and commands run without a request) and owns its transaction.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import CampaignAction, LobbyVisit
from coalition import access
from coalition.access import OutOfReach
from coalition.models import User
from events.models import RSVP
from leadership.models import (
    AdvancementSuggestion,
    Mentorship,
    MentorshipCheckIn,
    Milestone,
    MilestoneKind,
    QuietFlag,
    Stage,
    StageCriterion,
    StageMove,
    Training,
    TrainingCompletion,
)
from members.models import Interaction, Person
from members.services import interaction_log


def _check_development(actor: User | None, person: Person) -> None:
    if not access.may_manage_development(actor, person):
        raise OutOfReach("person")


@transaction.atomic
def person_stage_move(
    *, actor: User | None, person: Person, to_stage: Stage, reason: str = "", at: datetime | None = None
) -> StageMove:
    """Move a person to a stage of the ladder; the StageMove row is the history and the audit. Not idempotent:
    moving someone to the stage they are at is refused."""
    _check_development(actor, person)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not to_stage.active:
        raise ValidationError({"to_stage": _("%(stage)s is no longer on the ladder.") % {"stage": to_stage}})
    if locked.stage_id == to_stage.pk:
        raise ValidationError({"to_stage": _("%(person)s is already at %(stage)s.")
                               % {"person": locked, "stage": to_stage}})
    move = StageMove(person=locked, from_stage_id=locked.stage_id, to_stage=to_stage, moved_by=actor,
                     reason=reason.strip(), at=at or timezone.now())
    move.full_clean()
    move.save()
    locked.stage = to_stage
    locked.save(update_fields=["stage", "updated_at"])
    person.stage = to_stage
    # A pending suggestion for this stage or a lower one is now moot.
    AdvancementSuggestion.objects.filter(
        person=locked, status=AdvancementSuggestion.Status.PENDING, to_stage__order__lte=to_stage.order
    ).exclude(to_stage=to_stage).update(
        status=AdvancementSuggestion.Status.DISMISSED, decided_by=actor, decided_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return move


@transaction.atomic
def training_completion_record(
    *, actor: User | None, person: Person, training: Training, completed_on: date, note: str = ""
) -> TrainingCompletion:
    """Record by hand that a person completed a training. A second completion of the same training is refused."""
    _check_development(actor, person)
    completion = TrainingCompletion(person=person, training=training, completed_on=completed_on,
                                    recorded_by=actor, note=note.strip())
    completion.full_clean()
    completion.save()
    return completion


@transaction.atomic
def training_delete(*, actor: User | None, training: Training) -> None:
    """Delete a training from the catalogue (admins). Refused with a plain message while a stage's criteria or
    anyone's completion refers to it: retire it instead."""
    if not access.may_manage_ladder(actor):
        raise OutOfReach("training")
    stages = list(Stage.objects.filter(criterion__trainings=training).values_list("name", flat=True))
    if stages:
        raise ValidationError(
            _("“%(training)s” is required by the criteria of %(stages)s. Take it out of those criteria first, "
              "or mark it as no longer offered.") % {"training": training, "stages": ", ".join(stages)}
        )
    if training.completions.exists():
        raise ValidationError(
            _("People have completed “%(training)s”: their records keep it. Mark it as no longer offered instead.")
            % {"training": training}
        )
    training.delete()


@transaction.atomic
def milestone_record(
    *, actor: User | None, person: Person, kind: str, happened_on: date, note: str = ""
) -> Milestone:
    """Record a milestone by hand (several of one kind are fine: someone may testify twice)."""
    _check_development(actor, person)
    milestone = Milestone(person=person, kind=kind, happened_on=happened_on, note=note.strip(), recorded_by=actor)
    milestone.full_clean()
    milestone.save()
    return milestone


def _mentor_chain_reaches(start: Person, target: Person) -> bool:
    """Whether `target` already mentors `start`, directly or through a chain of current mentorships."""
    seen = {start.pk}
    queue = deque([start.pk])
    while queue:
        mentee_id = queue.popleft()
        for mentor_id in Mentorship.objects.filter(mentee_id=mentee_id, ended_on__isnull=True).values_list(
            "mentor_id", flat=True
        ):
            if mentor_id == target.pk:
                return True
            if mentor_id not in seen:
                seen.add(mentor_id)
                queue.append(mentor_id)
    return False


@transaction.atomic
def mentorship_start(
    *, actor: User | None, mentor: Person, mentee: Person, cadence_days: int = 14, started_on: date | None = None
) -> Mentorship:
    """Pair a mentor with a mentee. Refuses self-mentoring and circles (B mentoring A while A mentors B)."""
    _check_development(actor, mentee)
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": _("Nobody mentors themself: choose another mentor.")})
    # Lock both people so two organizers cannot create the two halves of a circle at once.
    list(Person.objects.select_for_update().filter(pk__in=[mentor.pk, mentee.pk]).order_by("pk"))
    if _mentor_chain_reaches(mentor, mentee):
        raise ValidationError({"mentor": _(
            "%(mentee)s already mentors %(mentor)s (directly or through others): a mentorship cannot go in a circle."
        ) % {"mentee": mentee, "mentor": mentor}})
    mentorship = Mentorship(mentor=mentor, mentee=mentee, cadence_days=cadence_days,
                            started_on=started_on or timezone.localdate(), created_by=actor)
    mentorship.full_clean()
    mentorship.save()
    return mentorship


@transaction.atomic
def mentorship_end(*, actor: User | None, mentorship: Mentorship, ended_on: date | None = None) -> Mentorship:
    """End a mentorship; its check-ins stay in the mentee's history. Ending twice keeps the first date."""
    _check_development(actor, mentorship.mentee)
    if mentorship.ended_on is None:
        mentorship.ended_on = ended_on or timezone.localdate()
        mentorship.full_clean()
        mentorship.save(update_fields=["ended_on", "updated_at"])
    return mentorship


@transaction.atomic
def mentorship_check_in(
    *, actor: User, mentorship: Mentorship, idempotency_key: uuid.UUID, channel: str, notes: str = "",
    outcome: str = Interaction.Outcome.REACHED, happened_at: datetime | None = None,
) -> tuple[Interaction, bool]:
    """Log a mentorship check-in as a check-in interaction with the mentee (the people app's service).
    Idempotent by the form's key: a double submit logs one check-in."""
    if mentorship.ended_on is not None:
        raise ValidationError(_("This mentorship has ended: check-ins are no longer logged for it."))
    mentor_name = mentorship.mentor.display_name
    interaction, created = interaction_log(
        actor=actor, person=mentorship.mentee, idempotency_key=idempotency_key, channel=channel,
        kind=Interaction.Kind.CHECK_IN, outcome=outcome, happened_at=happened_at,
        notes=(_("Mentorship check-in with %(mentor)s.") % {"mentor": mentor_name} + ("\n" + notes if notes else "")),
    )
    MentorshipCheckIn.objects.get_or_create(interaction=interaction, defaults={"mentorship": mentorship})
    return interaction, created


@transaction.atomic
def suggestion_accept(*, actor: User, suggestion: AdvancementSuggestion, reason: str = "") -> AdvancementSuggestion:
    """Accept a waiting suggestion: the person moves to its stage through person_stage_move. A second accept of
    the same suggestion changes nothing."""
    _check_development(actor, suggestion.person)
    locked = AdvancementSuggestion.objects.select_for_update().select_related("person", "to_stage").get(
        pk=suggestion.pk
    )
    if locked.status != AdvancementSuggestion.Status.PENDING:
        return locked
    if locked.person.stage_id != locked.to_stage_id:
        person_stage_move(actor=actor, person=locked.person, to_stage=locked.to_stage,
                          reason=reason or locked.reason or _("Accepted a suggested advancement."))
    locked.status = AdvancementSuggestion.Status.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked


@transaction.atomic
def suggestion_dismiss(*, actor: User, suggestion: AdvancementSuggestion) -> AdvancementSuggestion:
    """Dismiss a waiting suggestion; the tracking task will not suggest the same stage again for a while."""
    _check_development(actor, suggestion.person)
    AdvancementSuggestion.objects.filter(pk=suggestion.pk, status=AdvancementSuggestion.Status.PENDING).update(
        status=AdvancementSuggestion.Status.DISMISSED, decided_by=actor, decided_at=timezone.now(),
        updated_at=timezone.now(),
    )
    suggestion.refresh_from_db()
    return suggestion


# Tracking (the periodic tasks call these; each recomputes from the database and is safe to run twice) --------

def _next_stages() -> list[tuple[Stage | None, Stage, StageCriterion]]:
    """(stage below, stage, its criterion) for every stage that has criteria."""
    stages = list(Stage.objects.filter(active=True).order_by("order"))
    criteria = {c.stage_id: c for c in StageCriterion.objects.prefetch_related("trainings")}
    pairs = []
    for index, stage in enumerate(stages):
        if stage.pk in criteria:
            pairs.append((stages[index - 1] if index else None, stage, criteria[stage.pk]))
    return pairs


def people_meeting_criterion(criterion: StageCriterion, people: models.QuerySet[Person],
                             now: datetime | None = None) -> models.QuerySet[Person]:
    """The people of `people` who meet every part of the criterion."""
    now = now or timezone.now()
    required = [t.pk for t in criterion.trainings.all()]
    if required:
        people = people.annotate(
            required_done=Count("training_completions", filter=Q(training_completions__training_id__in=required),
                                distinct=True)
        ).filter(required_done=len(required))
    for kind in criterion.milestone_kinds:
        people = people.filter(Exists(Milestone.objects.filter(person=OuterRef("pk"), kind=kind)))
    if criterion.events_attended:
        since = now - timedelta(days=criterion.events_window_days)
        people = people.annotate(
            attended=models.Subquery(
                RSVP.objects.filter(person=OuterRef("pk"), checked_in_at__gte=since, checked_in_at__lte=now)
                .order_by().values("person").annotate(n=Count("pk")).values("n")[:1],
                output_field=models.IntegerField(),
            )
        ).filter(attended__gte=criterion.events_attended)
    return people


def advancement_suggest(*, now: datetime | None = None) -> int:
    """Suggest the next stage to everyone who meets its criteria and has no waiting or recent dismissed
    suggestion for it. Returns how many suggestions were made; a second run makes none."""
    now = now or timezone.now()
    snooze_since = now - timedelta(days=settings.LEADERSHIP_DISMISSED_SNOOZE_DAYS)
    made = 0
    for below, stage, criterion in _next_stages():
        people = Person.objects.filter(forgotten_at__isnull=True)
        people = people.filter(stage=below) if below else people.filter(stage__isnull=True)
        blocked = AdvancementSuggestion.objects.filter(person=OuterRef("pk"), to_stage=stage).filter(
            Q(status=AdvancementSuggestion.Status.PENDING)
            | Q(status=AdvancementSuggestion.Status.DISMISSED, decided_at__gte=snooze_since)
        )
        for person in people_meeting_criterion(criterion, people.exclude(Exists(blocked)), now).only("pk", "stage"):
            try:
                with transaction.atomic():
                    AdvancementSuggestion.objects.create(
                        person=person, from_stage=below, to_stage=stage,
                        reason=_("Meets the criteria for %(stage)s.") % {"stage": stage.name},
                    )
                made += 1
            except IntegrityError:
                continue  # another run made it first
    return made


def quiet_flags_update(*, now: datetime | None = None) -> tuple[int, int]:
    """Flag people at watched stages with no contact in LEADERSHIP_QUIET_DAYS; clear flags of those contacted
    since or no longer watched. Returns (raised, cleared); a second run raises and clears nothing."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.LEADERSHIP_QUIET_DAYS)
    quiet = Person.objects.filter(stage__watch_for_quiet=True, forgotten_at__isnull=True).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since)
    )
    cleared = QuietFlag.objects.filter(cleared_at__isnull=True).exclude(person__in=quiet).update(cleared_at=now)
    raised = 0
    open_flags = QuietFlag.objects.filter(person=OuterRef("pk"), cleared_at__isnull=True)
    for person_id, last_contact_at in quiet.exclude(Exists(open_flags)).values_list("pk", "last_contact_at"):
        try:
            with transaction.atomic():
                QuietFlag.objects.create(person_id=person_id, raised_at=now, last_contact_at=last_contact_at)
            raised += 1
        except IntegrityError:
            continue
    return raised, cleared


def _record_found_milestone(person_id: int, kind: str, source: models.Model, happened_on: date, note: str) -> bool:
    source_type = ContentType.objects.get_for_model(source)
    try:
        with transaction.atomic():
            Milestone.objects.create(person_id=person_id, kind=kind, happened_on=happened_on, note=note[:300],
                                     source_type=source_type, source_id=str(source.pk))
    except IntegrityError:
        return False
    return True


def milestone_from_media(*, appearance: Any) -> bool:
    """Record the "told their story to media" milestone for a media appearance of a person's story (a
    stories.models.MediaAppearance, sent by signal). Once per appearance: a second call returns False."""
    return _record_found_milestone(appearance.story.person_id, MilestoneKind.MEDIA, appearance,
                                   appearance.appeared_on, _("Story in %(outlet)s") % {"outlet": appearance.outlet})


def milestones_track(*, now: datetime | None = None) -> int:
    """Find milestones in what the app already knows (lobby visits, testimony, recruitment, speaking at events)
    and record each once per source. Returns how many were new; a second run records none."""
    made = 0
    for finder in MILESTONE_FINDERS:
        for person_id, kind, source, happened_on, note in finder():
            made += _record_found_milestone(person_id, kind, source, happened_on, note)
    return made


def _recruiters() -> Iterator[tuple[int, str, models.Model, date, str]]:
    """Whoever brought someone in (the recruit's `recruited_by`) recruited people."""
    for recruit in Person.objects.filter(recruited_by__isnull=False).iterator():
        yield (recruit.recruited_by_id, MilestoneKind.RECRUITED, recruit,  # type: ignore[misc]
               recruit.joined_on or timezone.localdate(recruit.created_at),
               _("Recruited %(name)s") % {"name": recruit.display_name})


def _lobby_visitors() -> Iterator[tuple[int, str, models.Model, date, str]]:
    """Everyone named on a lobby visit report attended a lobby visit."""
    through = LobbyVisit.people.through
    for row in through.objects.select_related("lobbyvisit__legislator").iterator():
        visit = row.lobbyvisit
        yield (row.person_id, MilestoneKind.LOBBY_VISIT, visit, visit.visited_on,
               _("Lobby visit with %(legislator)s") % {"legislator": visit.legislator})


def _campaign_actions() -> Iterator[tuple[int, str, models.Model, date, str]]:
    """Campaign actions: testimony, and lobby visits recorded as actions."""
    kinds: dict[str, str] = {CampaignAction.Kind.TESTIFIED: MilestoneKind.TESTIFIED,
             CampaignAction.Kind.LOBBY_VISIT: MilestoneKind.LOBBY_VISIT}
    for action in CampaignAction.objects.filter(kind__in=kinds).select_related("campaign").iterator():
        yield (action.person_id, kinds[action.kind], action, action.taken_on,
               f"{action.get_kind_display()} · {action.campaign}")


# Each finder yields (person id, milestone kind, the source row, the day it happened, a note).
MilestoneFinder = Callable[[], Iterator[tuple[int, str, models.Model, date, str]]]
MILESTONE_FINDERS: list[MilestoneFinder] = [_recruiters, _lobby_visitors, _campaign_actions]


def training_completions_from_attendance() -> int:
    """Record a completion for everyone checked in at an event linked to a training (first check-in wins).
    Returns how many were new; a second run records none."""
    made = 0
    links = Training.events.through.objects.values_list("training_id", "event_id")
    for training_id, event_id in links:
        done = TrainingCompletion.objects.filter(training_id=training_id, person=OuterRef("person_id"))
        attended = (RSVP.objects.filter(event_id=event_id, checked_in_at__isnull=False)
                    .exclude(Exists(done)).values_list("person_id", "checked_in_at"))
        for person_id, checked_in_at in attended:
            try:
                with transaction.atomic():
                    TrainingCompletion.objects.create(
                        person_id=person_id, training_id=training_id, from_attendance=True,
                        completed_on=timezone.localdate(checked_in_at),
                    )
                made += 1
            except IntegrityError:
                continue
    return made

