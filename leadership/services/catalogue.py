"""The training catalogue (staff and admins) and the ladder's stages with their criteria (admins): add, change,
reorder, retire. Retired things stay, for the completions and moves that point at them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from leadership.models import Stage, StageCriterion, Training
from members.models import Person

TRAINING_FIELDS = ("name", "name_es", "description", "description_es")
STAGE_FIELDS = ("name", "name_es", "description", "description_es", "watch_for_quiet")
CRITERION_FIELDS = ("milestone_kinds", "events_attended", "events_window_days")


def _check_trainings(actor: User | None) -> None:
    if not access.may_manage_trainings(actor):
        raise OutOfReach("training")


def _check_ladder(actor: User | None) -> None:
    if not access.may_manage_ladder(actor):
        raise OutOfReach("stage")


@transaction.atomic
def training_create(*, actor: User | None, name: str, description: str = "", name_es: str = "",
                    description_es: str = "") -> Training:
    """Add a training to the catalogue, offered at once (staff and admins). Audited."""
    _check_trainings(actor)
    training = Training(name=name.strip(), description=description, name_es=name_es.strip(),
                        description_es=description_es)
    training.full_clean()
    training.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=training,
                 summary=gettext_noop("Added training %(name)s"), values={"name": training.name})
    return training


@transaction.atomic
def training_update(*, actor: User | None, training: Training, **fields: Any) -> Training:
    """Change a training's name or description (staff and admins); completions keep pointing at it. Audited."""
    _check_trainings(actor)
    training = Training.objects.select_for_update().get(pk=training.pk)
    changed = [name for name, value in fields.items() if name in TRAINING_FIELDS and getattr(training, name) != value]
    for name in changed:
        setattr(training, name, fields[name])
    training.full_clean()
    if changed:
        training.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=training,
                     summary=gettext_noop("Changed training %(name)s"), values={"name": training.name},
                     detail={"fields": changed})
    return training


@transaction.atomic
def training_retire(*, actor: User | None, training: Training, restore: bool = False) -> Training:
    """No longer offer a training (it leaves the completion form; completions and criteria keep it), or offer
    it again. Idempotent. Audited."""
    _check_trainings(actor)
    training = Training.objects.select_for_update().get(pk=training.pk)
    if training.active == restore:
        return training
    training.active = restore
    training.save(update_fields=["active", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=training,
                 summary=gettext_noop("Offered training %(name)s again") if restore
                 else gettext_noop("Retired training %(name)s"), values={"name": training.name})
    return training


def _criterion_set(stage: Stage, trainings: Iterable[Training] | None, fields: dict[str, Any]) -> list[str]:
    """Write the stage's criterion from the given parts; returns what changed."""
    criterion = StageCriterion.objects.filter(stage=stage).first() or StageCriterion(stage=stage)
    changed = [name for name in CRITERION_FIELDS if name in fields and getattr(criterion, name) != fields[name]]
    for name in changed:
        setattr(criterion, name, fields[name])
    if criterion.pk is None and not changed and not trainings:
        return []
    criterion.full_clean()
    criterion.save()
    if trainings is not None:
        wanted = {training.pk for training in trainings}
        if wanted != set(criterion.trainings.values_list("pk", flat=True)):
            criterion.trainings.set(wanted)
            changed.append("trainings")
    return changed


@transaction.atomic
def stage_create(*, actor: User | None, trainings: Iterable[Training] | None = None, **fields: Any) -> Stage:
    """Add a stage at the top of the ladder, with its criterion if any part is given (admins). Audited."""
    _check_ladder(actor)
    top = Stage.objects.select_for_update().aggregate(top=Max("order"))["top"] or 0
    stage = Stage(**{name: fields[name] for name in STAGE_FIELDS if name in fields}, order=top + 1)
    stage.full_clean()
    stage.save()
    _criterion_set(stage, trainings, fields)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=stage,
                 summary=gettext_noop("Added stage %(name)s"), values={"name": stage.name})
    return stage


@transaction.atomic
def stage_update(*, actor: User | None, stage: Stage, trainings: Iterable[Training] | None = None,
                 **fields: Any) -> Stage:
    """Change a stage and its criterion (admins); the moves that point at it keep it. Audited."""
    _check_ladder(actor)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    changed = [name for name in STAGE_FIELDS if name in fields and getattr(stage, name) != fields[name]]
    for name in changed:
        setattr(stage, name, fields[name])
    stage.full_clean()
    if changed:
        stage.save(update_fields=changed)
    changed += _criterion_set(stage, trainings, fields)
    if changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=stage,
                     summary=gettext_noop("Changed stage %(name)s"), values={"name": stage.name},
                     detail={"fields": changed})
    return stage


@transaction.atomic
def stage_move(*, actor: User | None, stage: Stage, up: bool) -> Stage:
    """Swap a stage with its neighbour above (`up`) or below on the ladder (admins). At the end already: no
    change. Audited."""
    _check_ladder(actor)
    stages = list(Stage.objects.select_for_update().order_by("order"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    other_index = index + 1 if up else index - 1
    if not 0 <= other_index < len(stages):
        return stages[index]
    mine, other = stages[index], stages[other_index]
    # `order` is unique: park one stage past the top while the two swap.
    parked = max(s.order for s in stages) + 1
    mine_order, other_order = mine.order, other.order
    Stage.objects.filter(pk=mine.pk).update(order=parked)
    Stage.objects.filter(pk=other.pk).update(order=mine_order)
    Stage.objects.filter(pk=mine.pk).update(order=other_order)
    mine.order = other_order
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=mine,
                 summary=gettext_noop("Moved stage %(name)s up the ladder") if up
                 else gettext_noop("Moved stage %(name)s down the ladder"), values={"name": mine.name})
    return mine


@transaction.atomic
def stage_retire(*, actor: User | None, stage: Stage, restore: bool = False) -> Stage:
    """Take a stage off the ladder (nobody is moved or suggested to it again; past moves keep it), or put it
    back (admins). Refused while people are at it. Idempotent. Audited."""
    _check_ladder(actor)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.active == restore:
        return stage
    if not restore:
        at_stage = Person.objects.filter(stage=stage).count()
        if at_stage:
            raise ValidationError(
                _("%(count)s people are at %(stage)s: move them to another stage first.")
                % {"count": at_stage, "stage": stage.name})
    stage.active = restore
    stage.save(update_fields=["active"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=stage,
                 summary=gettext_noop("Put stage %(name)s back on the ladder") if restore
                 else gettext_noop("Retired stage %(name)s"), values={"name": stage.name})
    return stage
