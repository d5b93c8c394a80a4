"""Reads of saved lists. The first argument is the actor; what a list holds is always cut by the actor's reach:
an organizer opening a statewide list sees and counts only the people on their turf."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, Count, IntegerField, Model, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from coalition import access
from coalition.access import OutOfReach
from members.filters import StaleFilter, known_filter_values, people_matching
from members.models import ListMembership, Person, PersonPhone, SavedList, Tag

if TYPE_CHECKING:
    from coalition.access import Actor

LIST_PEOPLE_RELATED = ("county", "region", "stage", "assigned_organizer")


def saved_list_list(*, actor: Actor, archived: bool = False, mine: bool | None = None) -> QuerySet[SavedList]:
    """The lists page: the lists the actor may open, active ones (or the archived), `mine` only theirs, `False`
    only those shared with them. Sizes come from `saved_list_sizes`, one query for a page of lists."""
    if not access.may_keep_lists(actor):
        raise OutOfReach("lists")
    qs = access.saved_list_scope(actor).filter(archived_at__isnull=not archived)
    if mine is True:
        qs = qs.filter(owner_id=actor.pk)
    elif mine is False:
        qs = qs.exclude(owner_id=actor.pk)
    return qs.select_related("owner", "shared_region").order_by("name", "id")


def saved_list_get(*, actor: Actor, pk: int | str) -> SavedList:
    """One list the actor may open, or OutOfReach (404)."""
    return access.get_in_scope(access.saved_list_scope(actor).select_related("owner", "shared_region"), pk=pk)


def saved_list_people(*, actor: Actor, saved_list: SavedList,
                      known: dict[str, dict[str, Model]] | None = None) -> QuerySet[Person]:
    """Who is on the list for this actor, inside their people scope: a smart list's filter read again now (the
    people list's own filter code), or the people added to a fixed list. StaleFilter when a smart list's filter
    names something gone or beyond the actor's reach (it then holds nobody rather than more)."""
    scope = access.people_work_scope(actor)
    if saved_list.smart:
        return people_matching(actor=actor, filters=saved_list.filters, queryset=scope, strict=True, known=known)
    return scope.filter(pk__in=ListMembership.objects.filter(saved_list=saved_list).values("person_id"))


def _counted(people: QuerySet[Person]) -> Coalesce:
    inner = people.order_by().annotate(_one=Value(1)).values("_one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def saved_list_sizes(*, actor: Actor, lists: list[SavedList]) -> dict[int, int | None]:
    """How many people each list holds for this actor, in one query whatever the number of lists (a count
    subquery per list, after one look-up per dropdown the smart lists' filters name); None for a smart list whose
    filter is stale for this actor."""
    sizes: dict[int, int | None] = {}
    whens, ids = [], []
    known = known_filter_values(actor, [lst.filters for lst in lists if lst.smart])
    for saved_list in lists:
        try:
            people = saved_list_people(actor=actor, saved_list=saved_list, known=known)
        except StaleFilter:
            sizes[saved_list.pk] = None
            continue
        whens.append(When(pk=saved_list.pk, then=_counted(people)))
        ids.append(saved_list.pk)
    if whens:
        rows = (SavedList.objects.filter(pk__in=ids)
                .annotate(size=Case(*whens, default=Value(0), output_field=IntegerField())).values_list("pk", "size"))
        sizes.update(dict(rows))
    return sizes


def saved_list_size(*, actor: Actor, saved_list: SavedList) -> int | None:
    """How many people the list holds for this actor; None when its filter is stale for them."""
    return saved_list_sizes(actor=actor, lists=[saved_list])[saved_list.pk]


def saved_list_member_count(*, saved_list: SavedList) -> int:
    """Everyone on a fixed list, within anyone's reach or not: only to decide whether it is empty (deleting)."""
    return ListMembership.objects.filter(saved_list=saved_list).count()


def saved_list_page_people(*, actor: Actor, saved_list: SavedList) -> QuerySet[Person]:
    """The list's people for its page, in name order with what a row shows joined: paginate it (a fixed number
    of queries a page). Raises StaleFilter like `saved_list_people`."""
    phones = PersonPhone.objects.filter(stopped_working_on__isnull=True).only(
        "person_id", "number", "is_primary", "stopped_working_on")
    return (saved_list_people(actor=actor, saved_list=saved_list).select_related(*LIST_PEOPLE_RELATED)
            .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "name_es")),
                              Prefetch("phones", queryset=phones, to_attr="working_phones"))
            .order_by("last_name", "first_name", "id"))


def saved_list_export_rows(*, actor: Actor, saved_list: SavedList) -> Iterator[Person]:
    """A list's people for a CSV export, streamed, without sensitive facts (the people export's columns)."""
    phones = PersonPhone.objects.filter(stopped_working_on__isnull=True)
    return (saved_list_people(actor=actor, saved_list=saved_list).select_related(*LIST_PEOPLE_RELATED)
            .prefetch_related("tags", Prefetch("phones", queryset=phones, to_attr="working_phones"))
            .order_by("last_name", "first_name", "id").iterator(chunk_size=500))


def saved_list_choices(*, actor: Actor, person: Person | None = None) -> list[SavedList]:
    """The fixed lists the actor may add people to ("Add to list"), active, by name; with `person`, the ones they
    are not on yet. One query (every active fixed list in the actor's scope is one they may fill)."""
    if not access.may_keep_lists(actor):
        return []
    qs = access.saved_list_scope(actor).filter(kind=SavedList.Kind.FIXED, archived_at__isnull=True)
    if person is not None:
        qs = qs.exclude(pk__in=ListMembership.objects.filter(person=person).values("saved_list_id"))
    return list(qs.order_by("name", "id"))


@dataclass
class ListAnswers:
    """What the policy says a viewer may do with one list (the page shows only the allowed buttons)."""

    change: bool
    fill: bool
    delete: bool


def saved_list_answers(*, actor: Actor, saved_list: SavedList) -> ListAnswers:
    """The policy's answers for this list and actor, for its page."""
    empty = saved_list.smart or not ListMembership.objects.filter(saved_list=saved_list).exists()
    return ListAnswers(change=access.may_change_saved_list(actor, saved_list),
                       fill=access.may_fill_saved_list(actor, saved_list),
                       delete=access.may_delete_saved_list(actor, saved_list, empty=empty))


def person_lists(*, actor: Actor, person: Person) -> list[SavedList]:
    """The fixed lists the actor may open that this person is on (the person's page)."""
    if not access.may_keep_lists(actor):
        return []
    return list(access.saved_list_scope(actor).filter(memberships__person=person, archived_at__isnull=True)
                .order_by("name", "id"))
