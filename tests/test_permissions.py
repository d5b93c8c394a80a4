"""The URL x role matrix: every URL of the project answers each role as docs/access.md says.

Walks every URL pattern, so a new URL without a row in `tests/<app>/permissions.py` fails here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import ROLES, Row

APPS = ("coalition", "members", "leadership", "campaigns", "events", "messaging", "stories", "calls", "reports",
        "api", "offline")

# URLs that are not ours to guard: allauth's account pages and the admin's own model pages (the admin
# index has a row; BackOfficeSite answers 404 to every signed-in non-admin for all of them).
FOREIGN_PREFIXES = ("allauth.", "django.contrib.admin.", "coalition.admin_site")


def load_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for app in APPS:
        try:
            module = import_module(f"tests.{app}.permissions")
        except ModuleNotFoundError:
            continue
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"rows defined twice: {overlap}"
        rows.update(module.ROWS)
    return rows


def build_world(accounts: dict[str, Any]) -> dict[str, Any]:
    world: dict[str, Any] = {"accounts": accounts}
    for app in APPS:
        try:
            module = import_module(f"tests.{app}.permissions")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "world"):
            world.update(module.world(world))
    return world


def walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(walk(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def our_url_names() -> set[str]:
    names = set()
    for name, callback in walk(get_resolver().url_patterns):
        module = getattr(callback, "__module__", "") or ""
        if module.startswith(FOREIGN_PREFIXES) or name.startswith("admin:"):
            continue
        names.add(name)
    return names


ROWS = load_rows()


def test_every_url_has_a_row() -> None:
    missing = sorted(our_url_names() - set(ROWS))
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def test_no_row_for_a_url_that_does_not_exist() -> None:
    stale = sorted(set(ROWS) - our_url_names() - {"admin:index"})
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(ROWS))
def test_url_answers_each_role(url_name: str, accounts: dict[str, Any]) -> None:
    row = ROWS[url_name]
    world = build_world(accounts)
    url = reverse(url_name, kwargs=row.kwargs(world)) + (f"?{row.query}" if row.query else "")
    wrong = []
    for role in ROLES:
        client = Client()
        if accounts[role] is not None:
            client.force_login(accounts[role])
        response = getattr(client, row.method)(url, data=row.data(world)) if row.method == "post" else client.get(url)
        if response.status_code != row.expect[role]:
            wrong.append(f"{role}: expected {row.expect[role]}, got {response.status_code}")
    assert not wrong, f"{row.method.upper()} {url}\n" + "\n".join(wrong)
