"""One submission, one row. A form carries a key in a hidden field, made when the form was drawn; the row it
creates stores the key in a unique column. A double post on a bad connection sends the same key twice: the
second finds the first row, and when both race, the unique constraint lets exactly one in.

Used by logging a contact, adding a person and recording a story.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from coalition.widgets import QuickHiddenInput

M = TypeVar("M", bound=models.Model)


class IdempotentForm(forms.Form):
    """Adds the hidden `idempotency_key` field, with a fresh key each time the form is drawn empty."""

    idempotency_key = forms.UUIDField(widget=QuickHiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)


def create_once(model: type[M], key: uuid.UUID | None, create: Callable[[], M]) -> tuple[M, bool]:
    """The row `model` already holds with this key, or the one `create` makes: returns (row, created).

    `create` runs in a savepoint; when a concurrent submit with the same key wins the race, its row is returned.
    Without a key (a caller that is not a form) it simply creates. Callers check the row is theirs to reuse.
    """
    if key is None:
        return create(), True
    existing = model._default_manager.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except (IntegrityError, ValidationError):
        # The loser of a race fails either at the insert or, when the winner committed first, at full_clean's
        # unique check. Anything else is a real error.
        existing = model._default_manager.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
