"""`{{ rsvp|choice_label:"status" }}`: a choice field's label in the page's language, as `get_status_display`
gives it, without translating every label of the field's choices again on every row of a list."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.db import models
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=256)
def _labels(model: type[models.Model], field_name: str, language: str | None) -> dict[Any, str]:
    # Keyed on the language: the same choices read in English and in Spanish are two entries. A choice label
    # is code (its translation ships with the code), so nothing else changes it while the process runs.
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{field_name} is not a field with choices")
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(obj: models.Model, field_name: str) -> Any:
    """The label of `obj`'s choice in `field_name`; the stored value itself when it is not one of the choices."""
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name, get_language()).get(value, value)
