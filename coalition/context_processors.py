"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from coalition.navigation import nav_for, shortcuts_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_shortcuts": [], "nav_current": None}
    items = nav_for(user, request.path)
    current = next((entry for entry in items if entry["current"]), None)
    return {"nav_items": items, "nav_shortcuts": shortcuts_for(user, items), "nav_current": current}
