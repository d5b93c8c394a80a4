"""Undo for one-tap actions (docs/howto.md, "Give an action an undo").

A one-tap action answers "Done. Undo" for a short time. The undo button carries a signed token that names the
action, the user who did it, the object and the state the action left (so an undo after someone else changed
the object is refused). The token is only good for the same user and for UNDO_SECONDS; the service that undoes
checks the state again inside its transaction and writes the audit entry.

Without JavaScript the action redirects and the next page shows the notice (kept in the session, shown once);
with htmx the partial the action returns carries the same notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from coalition.access import OutOfReach

UNDO_SECONDS = 30
_SALT = "coalition.undo"
_SESSION_KEY = "undo_notice"


class UndoRefused(ValidationError):
    """The undo cannot happen (too late, or the thing changed since); the message says why in plain words."""


@dataclass(frozen=True)
class UndoNotice:
    """What the page shows after a one-tap action: the sentence, where the undo button posts, its token."""

    text: str
    url: str
    token: str
    label: str
    target: str = ""  # the element an htmx undo swaps (its answer replaces it); none on the next page

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "url": self.url, "token": self.token, "label": self.label}


def undo_token(*, user: Any, action: str, pk: int, state: dict[str, Any] | None = None) -> str:
    """A signed, timestamped token for undoing `action` on object `pk` by `user`, with the state it left."""
    return signing.dumps({"u": user.pk, "a": action, "o": pk, "s": state or {}}, salt=_SALT, compress=True)


def undo_read(*, token: str, user: Any, action: str, pk: int) -> dict[str, Any]:
    """The state a token carries. Another user's token, another action's or object's, or a forged one is
    OutOfReach (answered 404); a token older than UNDO_SECONDS is UndoRefused."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=UNDO_SECONDS)
    except signing.SignatureExpired:
        # Still check it is theirs before saying anything about it.
        try:
            data = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            raise OutOfReach("undo") from None
        _check(data, user=user, action=action, pk=pk)
        raise UndoRefused(_("Too late to undo: undo works for %(seconds)s seconds. Change it by hand instead.")
                          % {"seconds": UNDO_SECONDS}, code="expired") from None
    except signing.BadSignature:
        raise OutOfReach("undo") from None
    _check(data, user=user, action=action, pk=pk)
    state: dict[str, Any] = data.get("s") or {}
    return state


def _check(data: Any, *, user: Any, action: str, pk: int) -> None:
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("a") != action or data.get("o") != pk:
        raise OutOfReach("undo")


def undo_offer(request: HttpRequest, notice: UndoNotice) -> None:
    """Keep the notice for the next page this user sees (the redirect after a plain POST)."""
    request.session[_SESSION_KEY] = notice.as_dict()


def undo_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the pending undo notice, read (and forgotten) only by the page that shows it."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    return {"undo_notice": SimpleLazyObject(lambda: session.pop(_SESSION_KEY, None) or {})}
