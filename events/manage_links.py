"""The private "manage your RSVP" link: /r/<token>/, sent in the confirmation and every reminder.

The token is the RSVP's id and its event's id signed with `django.core.signing` under its own salt (see
docs/access.md#the-manage-your-rsvp-link for why a signature and not a stored random token). Whoever holds the
link may see and change that one RSVP until its event ends; then, or with a forged token, or one whose RSVP or
event is gone, the link does not exist (404).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from events.models import RSVP

MANAGE_SALT = "events.rsvp.manage"


def _signer() -> signing.Signer:
    return signing.Signer(salt=MANAGE_SALT)


def manage_token(rsvp: RSVP) -> str:
    """The signed token of one RSVP's manage link: "<rsvp id>.<event id>:<signature>" (about 50 characters)."""
    return _signer().sign(f"{rsvp.pk}.{rsvp.event_id}")


def manage_url(rsvp: RSVP) -> str:
    """The manage link in full, for a text or an email (SITE_URL + /r/<token>/)."""
    return settings.SITE_URL.rstrip("/") + reverse("rsvp_self:manage", kwargs={"token": manage_token(rsvp)})


def manage_token_read(token: str) -> tuple[int, int] | None:
    """The (rsvp id, event id) a token was signed for, or None when the signature is not ours."""
    try:
        rsvp_id, event_id = _signer().unsign(token).split(".")
        return int(rsvp_id), int(event_id)
    except (signing.BadSignature, ValueError):
        return None
