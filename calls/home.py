"""The home page panel of someone given the caller role on a few lists: those lists, one tap from calling."""

from __future__ import annotations

from typing import Any

from calls import selectors
from coalition.home import Panel

SHOWN = 5


def calls_for_me_panel(user: Any) -> Panel | None:
    """The open or paused lists a member calls for; nothing for those who run lists (their menu has them) or for
    someone with no such list."""
    if not user.is_authenticated or selectors.may_run_calls(user):
        return None
    lists = list(selectors.lists_to_call(actor=user)[:SHOWN])
    return Panel("calls/partials/_calls_for_me.html", {"lists": lists}) if lists else None
