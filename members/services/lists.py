"""Saved lists: create, edit (refusing a stale form), archive and restore, delete, and the people on a fixed list.

Every write checks the policy again (coalition.access.lists); people are added and taken off only within the
actor's own reach, and adding someone already on the list, or taking off someone who is not, changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.idempotency import create_once
from coalition.models import AuditEntry, Region, User
from coalition.services import audit_record
from members.filters import filter_params, people_matching
from members.models import BulkTagJob, ListMembership, Person, SavedList


class ListChanged(ValidationError):
    """Someone saved the list after this form was drawn: nothing is saved, the page shows what is there now."""


def _check_keep(actor: User) -> None:
    if not access.may_keep_lists(actor):
        raise OutOfReach("lists")


def _locked(actor: User, saved_list: SavedList) -> SavedList:
    return access.get_in_scope(access.saved_list_scope(actor).select_for_update(), pk=saved_list.pk)


def _sharing(actor: User, sharing: str, shared_region: Region | None) -> Region | None:
    if sharing != SavedList.Sharing.REGION:
        return None
    if shared_region is None:
        raise ValidationError({"shared_region": _("Choose the region whose organizers see this list.")})
    if not access.region_filter_scope(actor).filter(pk=shared_region.pk).exists():
        raise ValidationError({"shared_region": _("Choose one of your regions.")})
    return shared_region


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    return name


@transaction.atomic
def saved_list_create(*, actor: User, name: str, kind: str, description: str = "",
                      sharing: str = SavedList.Sharing.PRIVATE, shared_region: Region | None = None,
                      filters: Any = None, person_ids: Iterable[int] | None = None,
                      idempotency_key: uuid.UUID | None = None) -> SavedList:
    """A new list owned by the actor (whoever works with people). A smart list keeps the people page's filter
    fields of `filters` (and refuses one that is stale for the actor); a fixed list starts with the `person_ids`
    in the actor's reach. The same key twice is the same list (a double submit saves one)."""
    _check_keep(actor)
    if kind not in SavedList.Kind.values:
        raise ValidationError({"kind": _("Choose a smart or a fixed list.")})
    saved = filter_params(filters or {}) if kind == SavedList.Kind.SMART else {}
    if kind == SavedList.Kind.SMART:
        people_matching(actor=actor, filters=saved, strict=True)  # refuses a filter that no longer validates

    def create() -> SavedList:
        saved_list = SavedList(name=_clean_name(name), description=description.strip(), kind=kind, owner=actor,
                               sharing=sharing, shared_region=_sharing(actor, sharing, shared_region),
                               filters=saved, idempotency_key=idempotency_key)
        saved_list.full_clean()
        saved_list.save()
        if person_ids:
            _add(actor, saved_list, person_ids)
        return saved_list

    saved_list, _created = create_once(SavedList, idempotency_key, create)
    if saved_list.owner_id != actor.pk:
        raise OutOfReach("list")
    return saved_list


@transaction.atomic
def saved_list_update(*, actor: User, saved_list: SavedList, version: int, name: str, description: str = "",
                      sharing: str = SavedList.Sharing.PRIVATE, shared_region: Region | None = None) -> SavedList:
    """Rename, describe or share a list (its owner; staff on lists they see). `version` is the one the form was
    drawn at: when someone saved since, ListChanged is raised and nothing is saved. Saves only what changed."""
    saved_list = _locked(actor, saved_list)
    if not access.may_change_saved_list(actor, saved_list):
        raise OutOfReach("list")
    if version != saved_list.version:
        raise ListChanged(_("Someone changed this list while you were editing it. Here is what is saved now; "
                            "make your change again."))
    values = {"name": _clean_name(name), "description": description.strip(), "sharing": sharing,
              "shared_region": _sharing(actor, sharing, shared_region)}
    changed = [field for field, value in values.items() if getattr(saved_list, field) != value]
    if not changed:
        return saved_list
    for field in changed:
        setattr(saved_list, field, values[field])
    saved_list.version += 1
    saved_list.full_clean()
    saved_list.save(update_fields=[*changed, "version", "updated_at"])
    return saved_list


@transaction.atomic
def saved_list_archive(*, actor: User, saved_list: SavedList, archived: bool = True) -> SavedList:
    """Archive (close) a list, or restore it (`archived=False`). An archived list keeps its people and stays
    readable, and leaves the lists page's default view and the "Add to list" choices. Idempotent."""
    saved_list = _locked(actor, saved_list)
    if not access.may_change_saved_list(actor, saved_list):
        raise OutOfReach("list")
    if saved_list.archived != archived:
        saved_list.archived_at = timezone.now() if archived else None
        saved_list.version += 1
        saved_list.save(update_fields=["archived_at", "version", "updated_at"])
    return saved_list


@transaction.atomic
def saved_list_delete(*, actor: User, saved_list: SavedList) -> None:
    """Delete a list: its owner or staff; an organizer it is shared with only an empty fixed list. Refused while a
    bulk tagging of the list is still to run. Audited with how many people were on it."""
    saved_list = _locked(actor, saved_list)
    count = ListMembership.objects.filter(saved_list=saved_list).count()
    if not access.may_delete_saved_list(actor, saved_list, empty=count == 0):
        raise ValidationError(_("Only its owner or staff can delete a list with people on it."))
    if BulkTagJob.objects.filter(saved_list=saved_list, status__in=[BulkTagJob.Status.QUEUED,
                                                                  BulkTagJob.Status.RUNNING]).exists():
        raise ValidationError(_("A tagging of this list is still running; delete it when it is done."))
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, target=saved_list,
                 summary=_("Deleted the list %(name)s") % {"name": saved_list.name},
                 detail={"kind": saved_list.kind, "people": count, "filters": saved_list.filters})
    saved_list.delete()


def _check_fill(actor: User, saved_list: SavedList) -> None:
    if saved_list.smart:
        raise ValidationError(_("A smart list holds whoever its filter matches; people are not added to it."))
    if saved_list.archived:
        raise ValidationError(_("This list is archived; restore it to change who is on it."))
    if not access.may_fill_saved_list(actor, saved_list):
        raise OutOfReach("list")


def _add(actor: User, saved_list: SavedList, person_ids: Iterable[int]) -> int:
    wanted = {int(pk) for pk in person_ids}
    reachable = set(access.people_work_scope(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    have = set(ListMembership.objects.filter(saved_list=saved_list, person_id__in=reachable)
               .values_list("person_id", flat=True))
    new = [ListMembership(saved_list=saved_list, person_id=pk, added_by=actor) for pk in sorted(reachable - have)]
    ListMembership.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


@transaction.atomic
def saved_list_add_people(*, actor: User, saved_list: SavedList, person_ids: Iterable[int]) -> int:
    """Add people to a fixed list: only those in the actor's reach; someone already on it stays once. Returns how
    many were added (0 the second time)."""
    saved_list = _locked(actor, saved_list)
    _check_fill(actor, saved_list)
    added = _add(actor, saved_list, person_ids)
    if added:
        SavedList.objects.filter(pk=saved_list.pk).update(updated_at=timezone.now())
    return added


@transaction.atomic
def saved_list_remove_person(*, actor: User, saved_list: SavedList, person: Person) -> int:
    """Take one person off a fixed list (a person in the actor's reach). Returns 1, or 0 when they were not on it."""
    saved_list = _locked(actor, saved_list)
    _check_fill(actor, saved_list)
    if not access.people_work_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    removed, _detail = ListMembership.objects.filter(saved_list=saved_list, person=person).delete()
    if removed:
        SavedList.objects.filter(pk=saved_list.pk).update(updated_at=timezone.now())
    return removed
