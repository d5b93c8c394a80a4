"""Reverse a URL once and reuse it: lists link every row to its pages, and `reverse` per row adds up.

Our URLs carry no language prefix and no per-request parts, so a reversed URL never changes while the
process runs.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import reverse

_MARKER = 987654321012  # a number no real pk or path segment takes


@lru_cache(maxsize=256)
def url_for(name: str) -> str:
    """The URL of a pattern without arguments."""
    return reverse(name)


@lru_cache(maxsize=256)
def _with_pk(name: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_MARKER]).partition(str(_MARKER))
    return before, after


def url_with_pk(name: str, pk: int | str) -> str:
    """The URL of a pattern whose one argument is a primary key, e.g. ("members:person_detail", 12)."""
    before, after = _with_pk(name)
    return f"{before}{int(pk)}{after}"
