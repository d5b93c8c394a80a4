"""Every read of the coalition's own records. The first argument is the actor; the policy scopes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, QuerySet

from coalition import access
from coalition.access import OutOfReach
from coalition.filters import AuditFilter, OrganizationFilter
from coalition.models import AuditEntry, Organization, Region

if TYPE_CHECKING:

    from coalition.access import Actor


def region_list(*, actor: Actor) -> QuerySet[Region]:
    """Regions with their county and organizer counts, for anyone who works with people."""
    return access.region_scope(actor).annotate(
        county_count=Count("counties", distinct=True), organizer_count=Count("organizers", distinct=True)
    ).prefetch_related("counties")


def region_get(*, actor: Actor, slug: str) -> Region:
    """One region by its short name, or OutOfReach."""
    return access.get_in_scope(access.region_scope(actor).prefetch_related("counties"), slug=slug)


def organization_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> OrganizationFilter:
    """Organizations the actor may see, filtered (name, kind, region); `.qs` is the list, `.form` the filter form."""
    qs = access.organization_scope(actor).select_related("region").order_by("name")
    # Always bound: with no filters the default applies (archived organizations left out).
    return OrganizationFilter(filters if filters is not None else {}, queryset=qs)


def organization_get(*, actor: Actor, pk: int | str) -> Organization:
    """One organization the actor may see, or OutOfReach."""
    return access.get_in_scope(access.organization_scope(actor).select_related("region"), pk=pk)


def audit_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> AuditFilter:
    """The audit log, newest first, for admins only; filter by action, who, kind of record and date."""
    if not access.may_read_audit_log(actor):
        raise OutOfReach("audit")
    qs = AuditEntry.objects.select_related("actor", "content_type")
    return AuditFilter(filters or None, queryset=qs)


def health_status() -> dict[str, Any]:
    """The state of the database and, where configured, the broker. Used by /healthz; no actor."""
    from django.conf import settings

    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure means unhealthy; the reason is reported
        status["database"] = {"ok": False, "error": exc.__class__.__name__}
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            client.ping()
            status["broker"] = {"ok": True, "kind": "redis"}
        except Exception as exc:
            status["broker"] = {"ok": False, "kind": "redis", "error": exc.__class__.__name__}
    else:
        status["broker"] = {"ok": True, "kind": "filesystem", "configured": False}
    status["ok"] = all(part["ok"] for part in status.values() if isinstance(part, dict))
    return status


# Coalition tables and meetings ------------------------------------------------------------------------
# They live in coalition/table_selectors.py; callers keep coalition.selectors.<name>.

from coalition.table_selectors import (  # noqa: E402
    action_item_get as action_item_get,
)
from coalition.table_selectors import (  # noqa: E402
    action_items_open as action_items_open,
)
from coalition.table_selectors import (  # noqa: E402
    organization_tables as organization_tables,
)
from coalition.table_selectors import (  # noqa: E402
    table_get as table_get,
)
from coalition.table_selectors import (  # noqa: E402
    table_list as table_list,
)
from coalition.table_selectors import (  # noqa: E402
    table_meeting_detail as table_meeting_detail,
)
from coalition.table_selectors import (  # noqa: E402
    table_meeting_get as table_meeting_get,
)
from coalition.table_selectors import (  # noqa: E402
    table_meetings as table_meetings,
)
from coalition.table_selectors import (  # noqa: E402
    table_representative_get as table_representative_get,
)
from coalition.table_selectors import (  # noqa: E402
    table_representatives_at as table_representatives_at,
)
from coalition.table_selectors import (  # noqa: E402
    table_roster as table_roster,
)
from coalition.table_selectors import (  # noqa: E402
    table_seat_get as table_seat_get,
)
