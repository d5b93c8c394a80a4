"""One way to paginate every list."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int = 25) -> Page:
    """The requested page of `items`; a bad or too-large page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string without `page`, so page links keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
