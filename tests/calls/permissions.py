"""Permission-matrix rows for call lists. The Chicago organizer's open list is run (and called) by its owner,
staff and admins; the Central organizer, partners and members get 404. The lists page and "new call list" are
for everyone who works with people."""

from __future__ import annotations

from typing import Any

from tests.matrix import PEOPLE_WORKERS, Row, only

CHICAGO = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    from tests.calls.factories import call_list, callee

    made = call_list(base["accounts"]["organizer_chicago"], [callee("+13125550161")])
    return {"call_list": made, "call_target": made.targets.get()}


def _list(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["call_list"].pk}


def _post(status: int = 302) -> dict[str, int]:
    return only(*CHICAGO, status=status)


ROWS: dict[str, Row] = {
    "calls:call_list_list": Row(expect=only(*PEOPLE_WORKERS)),
    "calls:call_list_create": Row(expect=only(*PEOPLE_WORKERS)),
    "calls:call_list_detail": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:call_list_update": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:call_list_export": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:question_add": Row(kwargs=_list, method="post", data=lambda w: {"prompt": "How many seats?",
                                                                           "kind": "number"}, expect=_post()),
    "calls:call_list_open": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_pause": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_close": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_retry": Row(kwargs=_list, method="post", expect=_post()),
    # The caller's page and its two taps: whoever may work the list.
    "calls:call_work": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:call_next": Row(kwargs=_list, method="post", expect=_post()),
    # Not holding this person (nobody pressed "next"): back to the calling page with a plain message.
    "calls:call_save": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "target": w["call_target"].pk},
                           method="post", expect=_post()),
}
