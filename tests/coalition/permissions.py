"""Permission-matrix rows for the coalition's own URLs."""

from __future__ import annotations

from typing import Any

from tests.coalition.factories import OrganizationFactory
from tests.matrix import OK, PEOPLE_WORKERS, STAFF, Row, everyone, only


def world(base: dict[str, Any]) -> dict[str, Any]:
    """Objects the coalition's rows point at."""
    return {"other_organization": OrganizationFactory(name="Kolbe House (test)")}


ROWS: dict[str, Row] = {
    "healthz": Row(expect=everyone(OK, anon=OK)),
    "set_language": Row(method="post", data=lambda w: {"language": "es", "next": "/"}, expect=everyone(302, anon=302)),
    "coalition:home": Row(expect=everyone()),
    "coalition:organization_list": Row(expect=only(*PEOPLE_WORKERS, "partner")),
    "coalition:organization_create": Row(expect=only(*STAFF)),
    # The partner's own organization: they see it; another organization does not exist for them.
    "coalition:organization_detail": Row(
        kwargs=lambda w: {"pk": w["other_organization"].pk}, expect=only(*PEOPLE_WORKERS)
    ),
    "coalition:organization_update": Row(kwargs=lambda w: {"pk": w["other_organization"].pk}, expect=only(*STAFF)),
    "coalition:region_list": Row(expect=only(*PEOPLE_WORKERS)),
    "coalition:region_update": Row(kwargs=lambda w: {"slug": "chicago"}, expect=only("admin")),
    "coalition:user_invite": Row(expect=only(*STAFF)),
    "coalition:audit_list": Row(expect=only("admin")),
    "admin:index": Row(expect=only("admin", anon=302)),
}
