"""Permission-matrix rows for the outbox, broadcasts and their unsubscribe link, the inbox of text replies and
the SMS webhooks. The Chicago organizer's broadcast is seen by its author, staff and admins; the Central
organizer, partners and members get 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from messaging import broadcast_kind
from messaging.models import InboundReply
from tests.matrix import LOGIN, PEOPLE_WORKERS, STAFF, Row, everyone, only

CHICAGO = ("admin", "staff", "organizer_chicago")
AUTHOR = CHICAGO


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A reply from the Chicago person of the members' world, and one from a number nobody has; a draft broadcast
    of the Chicago organizer to a private list."""
    from tests.messaging.broadcast_factories import consenting, draft, saved_list

    reply = InboundReply.objects.create(provider_id="SMworld1", from_number="+13125550199",
                                        from_digits="3125550199", body="When is the bus?",
                                        received_at=timezone.now(), person=base["person"], matched_by="number")
    unmatched = InboundReply.objects.create(provider_id="SMworld2", from_number="+17735550999",
                                            from_digits="7735550999", body="Who is this?",
                                            received_at=timezone.now())
    organizer = base["accounts"]["organizer_chicago"]
    person = consenting("+13125550177")
    broadcast = draft(organizer, f"list:{saved_list(organizer, [person], name='Mine', sharing='private').pk}")
    return {"reply": reply, "unmatched_reply": unmatched, "broadcast": broadcast,
            "unsubscribe_token": broadcast_kind.unsubscribe_token(person.pk, broadcast.pk)}


def _reply(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["reply"].pk}


def _handled() -> dict[str, int]:
    expect = only(*CHICAGO, status=302)
    expect["anon"] = LOGIN
    return expect


def _broadcast(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["broadcast"].pk}


def _post(status: int = 302) -> dict[str, int]:
    return only(*AUTHOR, status=status)


ROWS: dict[str, Row] = {
    "messaging:outbox": Row(expect=only(*STAFF)),
    # The provider's webhooks: no account, a signature instead; an unsigned request is refused.
    "messaging:sms_inbound": Row(method="post", data=lambda w: {"From": "+13125550142", "Body": "STOP"},
                                 expect=everyone(403, anon=403)),
    "messaging:sms_status": Row(method="post", data=lambda w: {"MessageSid": "SM1", "MessageStatus": "delivered"},
                                expect=everyone(403, anon=403)),
    # The inbox: people workers, each seeing the replies of the people they see; unknown numbers are staff's.
    "messaging:inbox": Row(expect=only(*PEOPLE_WORKERS)),
    "messaging:inbox_unmatched": Row(expect=only(*STAFF)),
    "messaging:inbox_reply": Row(kwargs=_reply, expect=only(*CHICAGO)),
    "messaging:inbox_reply_handled": Row(method="post", kwargs=_reply, expect=_handled()),
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
