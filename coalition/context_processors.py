"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coalition import access
from coalition.navigation import nav_for, shortcuts_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_shortcuts": [], "nav_current": None}
    items = nav_for(user, request.path)
    current = next((entry for entry in items if entry["current"]), None)
    return {"nav_items": items, "nav_shortcuts": shortcuts_for(user, items), "nav_current": current}


def offline(request: HttpRequest) -> dict[str, Any]:
    """Whether the page registers the service worker (those who work with people, docs/offline.md), and the days a
    device keeps what it saved."""
    user = getattr(request, "user", None)
    worker = access.may_work_with_people(user)
    return {"offline_sw": worker, "offline_scope": f"user-{user.pk}" if worker and user is not None else "",
            "offline_keep_days": settings.OFFLINE_KEEP_DAYS}
