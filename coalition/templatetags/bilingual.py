"""`{{ event|localized:"title" }}`: one field of an English/Spanish pair in the page's language
(coalition/bilingual.py)."""

from __future__ import annotations

from typing import Any

from django import template

from coalition.bilingual import localized_value

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    """`obj.<field>_es` on a Spanish page when it is filled in, else `obj.<field>`; empty for no object."""
    if obj is None or obj == "":
        return ""
    return localized_value(obj, field)
