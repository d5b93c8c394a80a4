"""The URL x role permission matrix: every app lists a row per URL name in `tests/<app>/permissions.py`.

A row says, for each role, the status a request answers: 200 (or 302 after a form) inside the role's
reach, 404 outside it, 302 to sign-in for nobody. `tests/test_permissions.py` walks every URL pattern of
the project, so a new URL without a row fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "admin", "staff", "organizer_chicago", "organizer_central", "partner", "member")

LOGIN = 302  # nobody signed in: sent to sign in
OK = 200
NOT_FOUND = 404


@dataclass(frozen=True)
class Row:
    """One URL name: how to build its arguments from the world, and the expected status per role."""

    expect: dict[str, int]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    query: str = ""

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"row without an expectation for {sorted(missing)}")


def everyone(status: int = OK, anon: int = LOGIN, **overrides: int) -> dict[str, int]:
    """Every signed-in role answers `status`; nobody answers `anon`; overrides by role name."""
    expect = {role: status for role in ROLES}
    expect["anon"] = anon
    expect.update(overrides)
    return expect


def only(*roles: str, status: int = OK, others: int = NOT_FOUND, anon: int = LOGIN) -> dict[str, int]:
    """The given roles answer `status`; every other signed-in role answers 404."""
    expect = {role: (status if role in roles else others) for role in ROLES}
    expect["anon"] = anon
    return expect


STAFF = ("admin", "staff")
PEOPLE_WORKERS = ("admin", "staff", "organizer_chicago", "organizer_central")
