"""Permission-matrix rows for the outbox and the SMS webhook."""

from __future__ import annotations

from tests.matrix import STAFF, Row, everyone, only

ROWS: dict[str, Row] = {
    "messaging:outbox": Row(expect=only(*STAFF)),
    # The provider's webhook: no account, a signature instead; an unsigned request is refused.
    "messaging:sms_inbound": Row(method="post", data=lambda w: {"From": "+13125550142", "Body": "STOP"},
                                 expect=everyone(403, anon=403)),
}
