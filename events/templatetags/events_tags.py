"""Template helpers for events: policy answers that need no query."""

from __future__ import annotations

from typing import Any

from django import template

from coalition import access

register = template.Library()


@register.filter
def may_see_sensitive(user: Any, person: Any) -> bool:
    """Whether this user may see the person's private travel permission and placement flags."""
    return access.may_view_sensitive(user, person)
