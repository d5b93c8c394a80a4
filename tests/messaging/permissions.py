"""Permission-matrix rows for the outbox, the inbox of text replies and the SMS webhooks."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from messaging.models import InboundReply
from tests.matrix import LOGIN, PEOPLE_WORKERS, STAFF, Row, everyone, only

CHICAGO = ("admin", "staff", "organizer_chicago")


def world(base: dict[str, Any]) -> dict[str, Any]:
    """A reply from the Chicago person of the members' world, and one from a number nobody has."""
    reply = InboundReply.objects.create(provider_id="SMworld1", from_number="+13125550199",
                                        from_digits="3125550199", body="When is the bus?",
                                        received_at=timezone.now(), person=base["person"], matched_by="number")
    unmatched = InboundReply.objects.create(provider_id="SMworld2", from_number="+17735550999",
                                            from_digits="7735550999", body="Who is this?",
                                            received_at=timezone.now())
    return {"reply": reply, "unmatched_reply": unmatched}


def _reply(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["reply"].pk}


def _handled() -> dict[str, int]:
    expect = only(*CHICAGO, status=302)
    expect["anon"] = LOGIN
    return expect


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
}
