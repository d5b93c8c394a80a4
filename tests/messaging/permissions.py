"""Permission-matrix rows for the outbox, broadcasts, the unsubscribe link and the SMS webhook. The Chicago
organizer's broadcast is seen by its author, staff and admins; the Central organizer, partners and members get
404."""

from __future__ import annotations

from typing import Any

from messaging import broadcast_kind
from tests.matrix import PEOPLE_WORKERS, STAFF, Row, everyone, only

AUTHOR = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    from tests.messaging.broadcast_factories import consenting, draft, saved_list

    organizer = base["accounts"]["organizer_chicago"]
    person = consenting("+13125550177")
    broadcast = draft(organizer, f"list:{saved_list(organizer, [person], name='Mine', sharing='private').pk}")
    return {"broadcast": broadcast, "unsubscribe_token": broadcast_kind.unsubscribe_token(person.pk, broadcast.pk)}


def _broadcast(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["broadcast"].pk}


def _post(status: int = 302) -> dict[str, int]:
    return only(*AUTHOR, status=status)


ROWS: dict[str, Row] = {
    "messaging:outbox": Row(expect=only(*STAFF)),
    # The provider's webhook: no account, a signature instead; an unsigned request is refused.
    "messaging:sms_inbound": Row(method="post", data=lambda w: {"From": "+13125550142", "Body": "STOP"},
                                 expect=everyone(403, anon=403)),
    "messaging:broadcast_list": Row(expect=only(*PEOPLE_WORKERS)),
    "messaging:broadcast_create": Row(expect=only(*PEOPLE_WORKERS)),
    "messaging:broadcast_preview": Row(method="post", data=lambda w: {"b-sms_en": "Hi"}, expect=only(*PEOPLE_WORKERS)),
    "messaging:broadcast_detail": Row(kwargs=_broadcast, expect=only(*AUTHOR)),
    "messaging:broadcast_update": Row(kwargs=_broadcast, expect=only(*AUTHOR)),
    "messaging:broadcast_progress": Row(kwargs=_broadcast, expect=only(*AUTHOR)),
    # Without a choice of when, the form comes back (nothing is sent).
    "messaging:broadcast_send": Row(kwargs=_broadcast, method="post", expect=_post(200)),
    "messaging:broadcast_approve": Row(kwargs=_broadcast, method="post", expect=_post()),
    "messaging:broadcast_pause": Row(kwargs=_broadcast, method="post", expect=_post()),
    "messaging:broadcast_resume": Row(kwargs=_broadcast, method="post", expect=_post()),
    "messaging:broadcast_cancel": Row(kwargs=_broadcast, method="post", expect=_post()),
    # The link in an email: no sign-in, the signed token is the permission.
    "messaging:unsubscribe": Row(kwargs=lambda w: {"token": w["unsubscribe_token"]}, expect=everyone(200, anon=200)),
}
