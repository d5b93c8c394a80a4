"""One way to paginate every list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


class EitherEndPaginator(Paginator):
    """Reads a page of the back half of an ordered queryset from its end: the same rows in the same order, but
    the database sorts only up to the page asked for instead of sorting and skipping nearly every row (the last
    page of a two-thousand-row roster, which is also what a page past the end shows). The queryset's ordering
    must be total (end with the primary key), as every paginated list's is."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        items = self.object_list
        if isinstance(items, QuerySet) and items.ordered and bottom > self.count - top:
            rows = list(items.reverse()[self.count - top:self.count - bottom])
            rows.reverse()
            return Page(rows, number, self)
        return Page(items[bottom:top], number, self)


def paginate(request: HttpRequest, items: Any, per_page: int = 25, *, from_either_end: bool = False) -> Page:
    """The requested page of `items`; a bad or too-large page number gives the nearest real page. With
    `from_either_end`, a page in the back half of a queryset is read from its end (EitherEndPaginator)."""
    paginator_class = EitherEndPaginator if from_either_end else Paginator
    return paginator_class(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string without `page`, so page links keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# The deepest page of a list that is not counted: far past any list a person pages through, and it keeps the
# OFFSET and LIMIT a page needs small and inside the database's integer range whatever number is asked for.
UNCOUNTED_LAST_PAGE = 1000


def uncounted_page_number(value: Any) -> int:
    """The page of an uncounted list that `value` (a query parameter) asks for: 1 when it is not a whole number or
    is below 1, UNCOUNTED_LAST_PAGE when it is past that."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), UNCOUNTED_LAST_PAGE)


@dataclass
class UncountedPage:
    """A page that knows its neighbours without counting every row, in the shape the page templates read
    (`object_list`, `number`, `has_previous`, `has_next`, ...): for lists too large or too costly to count."""

    object_list: list[Any] = field(default_factory=list)
    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1
