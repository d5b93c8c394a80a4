"""The audience kinds members and coalition know: a saved list, and a coalition table's current representatives.
Listed in settings.AUDIENCE_MODULES; the apps above register theirs the same way (events/audiences.py, ...)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.models import CoalitionTable, SeatRepresentative
from members import list_selectors
from members.audiences import register, subject_id
from members.filters import StaleFilter
from members.models import Person


def _list_people(actor: Any, subject: str) -> QuerySet[Any]:
    saved_list = list_selectors.saved_list_get(actor=actor, pk=subject_id(subject))
    try:
        return list_selectors.saved_list_people(actor=actor, saved_list=saved_list).order_by().values("pk")
    except StaleFilter:
        return Person.objects.none().values("pk")


def _list_choices(actor: Any) -> list[tuple[str, str]]:
    if not access.may_keep_lists(actor):
        return []
    lists = access.saved_list_scope(actor).filter(archived_at__isnull=True).order_by("name", "id")
    return [(str(lst.pk), lst.name) for lst in lists.only("name")]


def _list_name(actor: Any, subject: str) -> str:
    return list_selectors.saved_list_get(actor=actor, pk=subject_id(subject)).name


register("list", _("A saved list"), people=_list_people, choices=_list_choices, describe=_list_name)


def _table_people(actor: Any, subject: str) -> QuerySet[Any]:
    table = access.get_in_scope(access.table_scope(actor), pk=subject_id(subject))
    return SeatRepresentative.objects.filter(seat__table=table, seat__left_on__isnull=True,
                                             until__isnull=True).values("person_id")


def _table_choices(actor: Any) -> list[tuple[str, str]]:
    if not access.may_work_with_people(actor):
        return []
    tables = access.table_scope(actor).filter(status=CoalitionTable.Status.ACTIVE).order_by("name")
    return [(str(t.pk), t.name) for t in tables.only("name")]


def _table_name(actor: Any, subject: str) -> str:
    return access.get_in_scope(access.table_scope(actor), pk=subject_id(subject)).name


register("table", _("A coalition table's representatives"), people=_table_people, choices=_table_choices,
         describe=_table_name)
