"""Permission-matrix rows for offline use: the sync endpoint and the saved-pages list are for those who work with
people (everyone else signed in gets 404); the service worker is a static script anyone may load."""

from __future__ import annotations

from tests.matrix import OK, PEOPLE_WORKERS, Row, everyone, only

ROWS: dict[str, Row] = {
    "offline:sync": Row(method="post", expect=only(*PEOPLE_WORKERS)),
    "offline:saved_pages": Row(expect=only(*PEOPLE_WORKERS)),
    "offline:service_worker": Row(expect=everyone(OK, anon=OK)),
}
