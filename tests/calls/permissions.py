"""Permission-matrix rows for call lists. The Chicago organizer's open list is run (and called) by its owner,
staff and admins; the Central organizer, partners and members get 404. The lists page and "new call list" are
for everyone who works with people."""

from __future__ import annotations

from typing import Any

from tests.matrix import PEOPLE_WORKERS, Row, only

CHICAGO = ("admin", "staff", "organizer_chicago")
CALLERS = (*CHICAGO, "member")


def world(base: dict[str, Any]) -> dict[str, Any]:
    from calls import services
    from tests.calls.factories import call_list, callee

    organizer = base["accounts"]["organizer_chicago"]
    made = call_list(organizer, [callee("+13125550161")])
    # The member volunteers: the caller role for this one list.
    services.caller_add(actor=organizer, call_list=made, email=base["accounts"]["member"].email)
    return {"call_list": made, "call_target": made.targets.get(), "question": made.questions.first()}


def _list(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["call_list"].pk}


def _post(status: int = 302) -> dict[str, int]:
    return only(*CHICAGO, status=status)


ROWS: dict[str, Row] = {
    # A member with the caller role sees the lists they call (a member without one gets 404).
    "calls:call_list_list": Row(expect=only(*PEOPLE_WORKERS, "member")),
    "calls:call_list_create": Row(expect=only(*PEOPLE_WORKERS)),
    "calls:call_list_detail": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:call_list_update": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:call_list_export": Row(kwargs=_list, expect=only(*CHICAGO)),
    "calls:question_add": Row(kwargs=_list, method="post", data=lambda w: {"prompt": "How many seats?",
                                                                           "kind": "number"}, expect=_post()),
    "calls:question_update": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "question": w["question"].pk},
                                 expect=only(*CHICAGO)),
    "calls:question_move": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "question": w["question"].pk},
                               method="post", data=lambda w: {"direction": "down"}, expect=_post()),
    "calls:question_remove": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "question": w["question"].pk},
                                 method="post", expect=_post()),
    "calls:caller_add": Row(kwargs=_list, method="post", data=lambda w: {"email": w["accounts"]["partner"].email},
                            expect=_post()),
    "calls:caller_remove": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "user": w["accounts"]["partner"].pk},
                               method="post", expect=_post()),
    "calls:call_list_open": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_pause": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_close": Row(kwargs=_list, method="post", expect=_post()),
    "calls:call_list_retry": Row(kwargs=_list, method="post", expect=_post()),
    # The caller's page and its two taps: whoever runs the list, and the member given the caller role.
    "calls:call_work": Row(kwargs=_list, expect=only(*CALLERS)),
    "calls:call_next": Row(kwargs=_list, method="post", expect=only(*CALLERS, status=302)),
    # Not holding this person (nobody pressed "next"): back to the calling page with a plain message.
    "calls:call_save": Row(kwargs=lambda w: {"pk": w["call_list"].pk, "target": w["call_target"].pk},
                           method="post", expect=only(*CALLERS, status=302)),
}
