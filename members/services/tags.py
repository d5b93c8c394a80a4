"""Tags as things staff keep (create, rename, a Spanish name, merge, retire) and tagging people many at once.

A bulk tagging is a BulkTagJob: small ones run at once in the request's transaction, large ones in a Celery task
that re-reads the people through the asker's reach, a batch at a time with its progress saved. Either way the
form's key makes a double submit the same job, and one audit entry records the count.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, User
from coalition.services import audit_record
from members.filters import forget_filter_choices, people_matching
from members.models import BulkTagJob, Person, SavedList, Tag

# Up to this many people a bulk tagging runs at once, in one transaction; beyond it, in the background.
BULK_TAG_INLINE_LIMIT = 2000
BULK_TAG_BATCH_SIZE = 500
PersonTag = Person.tags.through


def _check_manage(actor: User) -> None:
    if not access.may_manage_tags(actor):
        raise OutOfReach("tag")


def _clean_names(*, name: str, name_es: str, tag: Tag | None) -> tuple[str, str]:
    name, name_es = " ".join(name.split()), " ".join(name_es.split())
    errors: dict[str, str] = {}
    others = Tag.objects.exclude(pk=tag.pk) if tag is not None else Tag.objects.all()
    if not name:
        errors["name"] = _("Give the tag a name.")
    elif others.filter(name__iexact=name).exists():
        errors["name"] = _("There is already a tag called “%(name)s”.") % {"name": name}
    if name_es and others.filter(name_es__iexact=name_es).exists():
        errors["name_es"] = _("Another tag already has this Spanish name.")
    if errors:
        raise ValidationError(errors)
    return name, name_es


@transaction.atomic
def tag_create(*, actor: User, name: str, name_es: str = "") -> Tag:
    """A new tag (staff and admins). Names are unique whatever their capitals; audited."""
    _check_manage(actor)
    name, name_es = _clean_names(name=name, name_es=name_es, tag=None)
    tag = Tag(name=name, name_es=name_es)
    tag.full_clean()
    tag.save()
    transaction.on_commit(forget_filter_choices)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, target=tag,
                 summary=_("Created the tag %(name)s") % {"name": tag.name})
    return tag


@transaction.atomic
def tag_update(*, actor: User, tag: Tag, name: str, name_es: str = "") -> Tag:
    """Rename a tag or give it its Spanish name (staff and admins). Saves only what changed; audited."""
    _check_manage(actor)
    tag = access.get_in_scope(access.tag_scope(actor).select_for_update(), pk=tag.pk)
    before = tag.name
    name, name_es = _clean_names(name=name, name_es=name_es, tag=tag)
    changed = [field for field, value in (("name", name), ("name_es", name_es)) if getattr(tag, field) != value]
    if not changed:
        return tag
    tag.name, tag.name_es = name, name_es
    tag.full_clean()
    tag.save(update_fields=changed)
    transaction.on_commit(forget_filter_choices)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=tag,
                 summary=_("Changed the tag %(before)s") % {"before": before},
                 detail={"fields": changed, "name": [before, tag.name]})
    return tag


@transaction.atomic
def tag_retire(*, actor: User, tag: Tag) -> Tag:
    """Retire a tag: it leaves the pickers and filters and stays on the people who carry it. Idempotent."""
    _check_manage(actor)
    tag = access.get_in_scope(access.tag_scope(actor).select_for_update(), pk=tag.pk)
    if tag.retired_at is None:
        tag.retired_at = timezone.now()
        tag.save(update_fields=["retired_at"])
        transaction.on_commit(forget_filter_choices)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=tag,
                     summary=_("Retired the tag %(name)s") % {"name": tag.name})
    return tag


@transaction.atomic
def tag_restore(*, actor: User, tag: Tag) -> Tag:
    """Bring a retired tag back into the pickers. A tag merged into another stays retired. Idempotent."""
    _check_manage(actor)
    tag = access.get_in_scope(access.tag_scope(actor).select_for_update(), pk=tag.pk)
    if tag.merged_into_id is not None:
        raise ValidationError(_("This tag was merged into another; use that one instead."))
    if tag.retired_at is not None:
        tag.retired_at = None
        tag.save(update_fields=["retired_at"])
        transaction.on_commit(forget_filter_choices)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=tag,
                     summary=_("Brought back the tag %(name)s") % {"name": tag.name})
    return tag


@transaction.atomic
def tag_merge(*, actor: User, tag: Tag, into: Tag) -> int:
    """Merge `tag` into `into` (staff and admins): everyone tagged `tag` gets `into`, and `tag` is retired and
    points at `into`, kept for history. Returns how many people it moved. Audited with the count."""
    _check_manage(actor)
    if tag.pk == into.pk:
        raise ValidationError({"into": _("Choose another tag: a tag cannot be merged into itself.")})
    locked = {t.pk: t for t in access.tag_scope(actor).select_for_update().filter(pk__in=[tag.pk, into.pk])}
    if len(locked) != 2:
        raise OutOfReach("tag")
    tag, into = locked[tag.pk], locked[into.pk]
    if into.retired_at is not None:
        raise ValidationError({"into": _("%(name)s is retired; choose a tag in use.") % {"name": into.name}})
    if tag.merged_into_id is not None:
        raise ValidationError(_("This tag was already merged."))
    people = set(PersonTag.objects.filter(tag=tag).values_list("person_id", flat=True))
    have = set(PersonTag.objects.filter(tag=into, person_id__in=people).values_list("person_id", flat=True))
    PersonTag.objects.bulk_create([PersonTag(person_id=pk, tag_id=into.pk) for pk in people - have],
                                  ignore_conflicts=True, batch_size=1000)
    PersonTag.objects.filter(tag=tag).delete()
    tag.retired_at = tag.retired_at or timezone.now()
    tag.merged_into = into
    tag.save(update_fields=["retired_at", "merged_into"])
    transaction.on_commit(forget_filter_choices)
    audit_record(actor=actor, action=AuditEntry.Action.MERGE, target=into,
                 summary=_("Merged the tag %(tag)s into %(into)s (%(count)s people)") % {
                     "tag": tag.name, "into": into.name, "count": len(people)},
                 detail={"merged": tag.pk, "into": into.pk, "people": len(people), "added": len(people - have)})
    return len(people)


# Bulk tagging ------------------------------------------------------------------------------------------------

def bulk_tag_people(*, actor: User, filters: dict[str, Any] | None, person_ids: Iterable[int] | None,
                    saved_list: SavedList | None = None) -> QuerySet[Person]:
    """The people a bulk tagging acts on, always inside the actor's reach now: everyone on a saved list, the ticked
    ids, or everyone the people list's filter matches."""
    if saved_list is not None:
        from members.list_selectors import saved_list_people

        return saved_list_people(actor=actor, saved_list=saved_list).order_by()
    scope = access.people_work_scope(actor)
    if person_ids:
        return scope.filter(pk__in=list(person_ids))
    # An invalid filter value would be left out of the query and widen it: refuse instead (strict).
    return people_matching(actor=actor, filters=filters, queryset=scope, strict=True).order_by()


def bulk_tag_counts(*, actor: User, tag: Tag, action: str, filters: dict[str, Any] | None,
                    person_ids: Iterable[int] | None, saved_list: SavedList | None = None) -> tuple[int, int]:
    """(people chosen, people it would change) for the confirmation step. No writes."""
    people = bulk_tag_people(actor=actor, filters=filters, person_ids=person_ids, saved_list=saved_list)
    ids = people.values("pk")
    total = Person.objects.filter(pk__in=ids).count()
    has = PersonTag.objects.filter(tag=tag, person_id__in=ids).count()
    return total, (total - has if action == BulkTagJob.Action.ADD else has)


def _check_bulk(actor: User, tag: Tag, action: str) -> None:
    if not access.may_tag_people(actor):
        raise OutOfReach("people")
    if action not in BulkTagJob.Action.values:
        raise ValidationError({"action": _("Choose whether to add or remove the tag.")})
    if not access.tag_choice_scope(actor).filter(pk=tag.pk).exists():
        raise ValidationError({"tag": _("This tag is retired or gone; choose another.")})


def _clean_filters(filters: dict[str, Any] | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (filters or {}).items() if k != "page" and v not in ("", None)}


@transaction.atomic
def bulk_tag_start(*, actor: User, tag: Tag, action: str, filters: dict[str, Any] | None = None,
                   person_ids: Iterable[int] | None = None, saved_list: SavedList | None = None,
                   idempotency_key: uuid.UUID | None = None) -> BulkTagJob:
    """Tag or untag the ticked people, everyone the filter matches, or everyone on a saved list, within the actor's
    reach. Up to
    BULK_TAG_INLINE_LIMIT people it runs now in this transaction; beyond, it is queued after commit. The same
    key twice is the same job (a double submit runs once)."""
    _check_bulk(actor, tag, action)
    ids = sorted({int(pk) for pk in person_ids or []})
    cleaned = {} if ids or saved_list is not None else _clean_filters(filters)
    if saved_list is not None:
        ids = []
    elif not ids and person_ids is not None and not cleaned and filters is None:
        raise ValidationError(_("Tick at least one person, or choose everyone matching the filter."))

    def create() -> BulkTagJob:
        job = BulkTagJob(created_by=actor, tag=tag, action=action, filters=cleaned, person_ids=ids,
                         saved_list=saved_list, idempotency_key=idempotency_key or uuid.uuid4())
        job.total = bulk_tag_people(actor=actor, filters=cleaned, person_ids=ids, saved_list=saved_list).count()
        if job.total == 0:
            raise ValidationError(_("No one you can reach is chosen."))
        job.full_clean()
        job.save()
        return job

    job, created = create_once(BulkTagJob, idempotency_key, create)
    if job.created_by_id != actor.pk:
        raise OutOfReach("bulk tagging")
    if not created:
        return job
    if job.total <= BULK_TAG_INLINE_LIMIT:
        BulkTagJob.objects.filter(pk=job.pk).update(status=BulkTagJob.Status.RUNNING)
        _bulk_tag_apply(job)
    else:
        from members.tasks import bulk_tag

        transaction.on_commit(lambda: bulk_tag.delay(job.pk))
    job.refresh_from_db()
    return job


def _bulk_tag_batch(job: BulkTagJob, batch: list[int]) -> int:
    if job.action == BulkTagJob.Action.ADD:
        have = set(PersonTag.objects.filter(tag_id=job.tag_id, person_id__in=batch)
                   .values_list("person_id", flat=True))
        new = [PersonTag(person_id=pk, tag_id=job.tag_id) for pk in batch if pk not in have]
        PersonTag.objects.bulk_create(new, ignore_conflicts=True)
        return len(new)
    deleted, _detail = PersonTag.objects.filter(tag_id=job.tag_id, person_id__in=batch).delete()
    return deleted


def _bulk_tag_apply(job: BulkTagJob) -> None:
    """Apply a claimed (RUNNING) job a batch at a time, each batch its own transaction (a savepoint when the caller
    holds one), with its progress saved; the people are re-read through the asker's reach."""
    actor = job.created_by
    people = bulk_tag_people(actor=actor, filters=job.filters, person_ids=job.person_ids, saved_list=job.saved_list)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    processed = changed = 0
    for start in range(0, len(ids), BULK_TAG_BATCH_SIZE):
        batch = ids[start:start + BULK_TAG_BATCH_SIZE]
        with transaction.atomic():
            changed += _bulk_tag_batch(job, batch)
            processed += len(batch)
            BulkTagJob.objects.filter(pk=job.pk).update(processed=processed, changed=changed, total=len(ids),
                                                        updated_at=timezone.now())
    with transaction.atomic():
        BulkTagJob.objects.filter(pk=job.pk).update(status=BulkTagJob.Status.DONE, processed=processed,
                                                    changed=changed, total=len(ids), updated_at=timezone.now())
        summary = (_("Added the tag %(tag)s to %(count)s people") if job.action == BulkTagJob.Action.ADD
                   else _("Removed the tag %(tag)s from %(count)s people"))
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, target=job.tag,
                     summary=summary % {"tag": job.tag.name, "count": changed},
                     detail={"bulk_tag_job": job.pk, "action": job.action, "chosen": len(ids), "changed": changed,
                             "filters": job.filters, "ticked": len(job.person_ids),
                             "saved_list": job.saved_list_id})


def bulk_tag_run(*, job_id: int) -> BulkTagJob | None:
    """Run a queued bulk tagging (the task). Safe to run twice: only the run that claims the queued job works;
    adding a tag someone has, or removing one they lack, changes nothing."""
    if not BulkTagJob.objects.filter(pk=job_id, status=BulkTagJob.Status.QUEUED).update(
            status=BulkTagJob.Status.RUNNING, updated_at=timezone.now()):
        return None
    job = BulkTagJob.objects.select_related("created_by", "tag").get(pk=job_id)
    try:
        _bulk_tag_apply(job)
    except Exception:
        BulkTagJob.objects.filter(pk=job_id).update(status=BulkTagJob.Status.FAILED, updated_at=timezone.now())
        raise
    job.refresh_from_db()
    return job
