"""Exports' audit entries and merging two records of one person (every row that points at a person moves)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.fields.reverse_related import ForeignObjectRel, ManyToManyRel
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from members.models import (
    Person,
    SensitiveFacts,
)
from members.services.people import CONSENT_CHANNELS

# Exports -------------------------------------------------------------------------------------------------

def person_export_audit(*, actor: User, count: int, include_sensitive: bool, filters: dict[str, Any]) -> None:
    """Write an export of people with sensitive facts to the audit log (admins only may ask for one)."""
    if include_sensitive and not access.may_export_sensitive(actor):
        raise OutOfReach("export")
    if include_sensitive:
        audit_record(actor=actor, action=AuditEntry.Action.EXPORT,
                     summary=_("Exported %(count)d people with their sensitive facts") % {"count": count},
                     detail={"filters": filters, "sensitive": True})


# Duplicates ----------------------------------------------------------------------------------------------

def _merge_consent(keep: Person, drop: Person) -> list[str]:
    """Per channel, the most recent decision wins (a later withdrawal beats an older yes); on a tie, a yes."""
    changed = []
    for channel in CONSENT_CHANNELS:
        k_at, d_at = getattr(keep, f"{channel}_consent_at"), getattr(drop, f"{channel}_consent_at")
        newer = d_at is not None and (k_at is None or d_at > k_at)
        tie_yes = d_at == k_at and getattr(drop, f"{channel}_consent") and not getattr(keep, f"{channel}_consent")
        if newer or tie_yes:
            for suffix in ("", "_at", "_how"):
                setattr(keep, f"{channel}_consent{suffix}", getattr(drop, f"{channel}_consent{suffix}"))
            changed += [f"{channel}_consent", f"{channel}_consent_at", f"{channel}_consent_how"]
    return changed


def _merge_fields(keep: Person, drop: Person) -> list[str]:
    changed = []
    for field in Person._meta.concrete_fields:
        if field.primary_key or field.name in {"created_at", "updated_at"} or field.name.endswith(
            ("_consent", "_consent_at", "_consent_how")
        ):
            continue
        mine, theirs = getattr(keep, field.attname), getattr(drop, field.attname)
        if field.name == "last_contact_at":
            if theirs and (not mine or theirs > mine):
                keep.last_contact_at = theirs
                changed.append(field.name)
        elif field.name == "joined_on":
            if theirs and (not mine or theirs < mine):
                keep.joined_on = theirs
                changed.append(field.name)
        elif field.name == "no_online_identity":
            if theirs and not mine:
                keep.no_online_identity = True
                changed.append(field.name)
        elif field.name == "stage":
            if theirs and (not mine or (drop.stage is not None and keep.stage is not None
                                        and drop.stage.order > keep.stage.order)):
                keep.stage_id = theirs
                changed.append(field.name)
        elif mine in ("", None) and theirs not in ("", None):
            setattr(keep, field.attname, theirs)
            changed.append(field.name)
    return changed


def _move_rows(model: type[models.Model], field_name: str, keep: Person, drop: Person) -> int:
    """Point every row of `model` at `keep`; a row that would break a unique rule is left to go with `drop`."""
    rows = model._base_manager.filter(**{field_name: drop})
    try:
        with transaction.atomic():
            return rows.update(**{field_name: keep})
    except IntegrityError:
        moved = 0
        for row in list(rows):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=row.pk).update(**{field_name: keep})
                moved += 1
            except IntegrityError:
                continue
        return moved


@transaction.atomic
def person_merge(*, actor: User, keep: Person, drop: Person) -> Person:
    """Merge `drop` into `keep`: every related row (contacts, follow-ups, phones, tags, referrals, RSVPs, ...)
    moves, blanks are filled, consent keeps the most recent decision, then `drop` is deleted. Audited.
    """
    if not access.may_merge_people(actor, keep, drop):
        raise OutOfReach("person")
    locked = Person.objects.select_for_update(of=("self",)).select_related("stage")
    keep, drop = locked.get(pk=keep.pk), locked.get(pk=drop.pk)
    moved: dict[str, int] = {}
    summary = {"kept": keep.pk, "dropped": drop.pk, "dropped_name": str(drop), "moved": moved}
    # Phones first: the same number twice is one number, and the kept record keeps its primary.
    drop.phones.filter(digits__in=keep.phones.values("digits")).delete()
    if keep.phones.filter(is_primary=True).exists():
        drop.phones.update(is_primary=False)
    keep.tags.add(*drop.tags.all())
    # Every relation to Person, hidden ones (related_name="+") too, so later apps' rows move without edits here.
    # The reverse relations: other models' rows that point at a person (each one's model is `field.model`).
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not relation.auto_created or relation.concrete:
            continue
        if isinstance(relation, ManyToManyRel):
            through = relation.through
            if through is None:  # set for every many-to-many once the models are loaded
                continue
            fk_name = next(f.name for f in through._meta.fields
                           if f.is_relation and f.related_model is Person)
            moved[through._meta.label] = _move_rows(through, fk_name, keep, drop)
        elif relation.one_to_one:
            model, field_name = relation.field.model, relation.field.name
            theirs = model._base_manager.filter(**{field_name: drop}).first()
            if theirs is None:
                continue
            mine = model._base_manager.filter(**{field_name: keep}).first()
            if mine is None:
                model._base_manager.filter(pk=theirs.pk).update(**{field_name: keep})
            elif model is SensitiveFacts:
                filled = [f.attname for f in model._meta.concrete_fields
                          if getattr(mine, f.attname) in ("", None, False)
                          and getattr(theirs, f.attname) not in ("", None, False) and not f.primary_key
                          and f.attname not in {"person_id", "created_at", "updated_at"}]
                for name in filled:
                    setattr(mine, name, getattr(theirs, name))
                if filled:
                    mine.save(update_fields=filled)
            else:
                raise ValidationError(
                    _("Both records have a %(what)s; they cannot be merged automatically.")
                    % {"what": model._meta.verbose_name}
                )
            moved[model._meta.label] = 1
        elif relation.one_to_many:
            moved[relation.field.model._meta.label] = _move_rows(relation.field.model, relation.field.name, keep, drop)
    changed = _merge_fields(keep, drop) + _merge_consent(keep, drop)
    if drop.assigned_organizer_id and not keep.assigned_organizer_id:
        changed.append("assigned_organizer")
    drop_pk = drop.pk
    drop.delete()
    if changed:
        keep.region = keep.county.region if keep.county else keep.region
        keep.full_clean()
        keep.save(update_fields=sorted({*changed, "region", "updated_at"}))
    audit_record(actor=actor, action=AuditEntry.Action.MERGE, target=keep,
                 summary=_("Merged %(dropped)s (#%(pk)d) into %(kept)s")
                 % {"dropped": summary["dropped_name"], "pk": drop_pk, "kept": keep},
                 detail=summary)
    return keep
