"""Every read of the coalition's own records. The first argument is the actor; the policy scopes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from coalition import access
from coalition.access import OutOfReach
from coalition.filters import AuditFilter, OrganizationFilter
from coalition.models import AuditEntry, Organization, Region
from coalition.pickers import Choice

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


def _organization_choices(organizations: list[Organization]) -> list[Choice]:
    choices = []
    for org in organizations:
        detail = [part for part in (org.short_name, org.region.localized("name") if org.region else "") if part]
        choices.append(Choice(pk=org.pk, label=org.name, detail=" · ".join(detail)))
    return choices


def organization_pick(*, actor: Actor | None, query: str, scope: QuerySet[Organization] | None = None,
                      limit: int = 10) -> list[Choice]:
    """The organizations a picker offers for what was typed (name or short name): names that start with it
    first, then names that contain it. For those who work with people; inside `scope`. One query."""
    query = query.strip()
    if not access.may_work_with_people(actor) or not query:
        return []
    allowed = access.organization_scope(actor)
    if scope is not None:
        allowed = allowed & scope
    words = Q()
    for word in query.split():
        words &= Q(name__icontains=word) | Q(short_name__icontains=word)
    ranked = allowed.filter(words).annotate(pick_rank=Case(
        When(Q(short_name__iexact=query) | Q(name__iexact=query), then=Value(0)),
        When(Q(name__istartswith=query) | Q(short_name__istartswith=query), then=Value(1)),
        default=Value(2), output_field=IntegerField()))
    found = ranked.select_related("region").order_by("pick_rank", "name", "id")[:limit]
    return _organization_choices(list(found))


def organization_pick_describe(*, actor: Actor | None, ids: Any,
                               scope: QuerySet[Organization] | None = None) -> list[Choice]:
    """The chosen organizations of a picker, named as its search names them; ids outside the scope left out."""
    # A record id: ASCII digits ("²" is a digit to str.isdigit but not to int), not 5,000 of them.
    wanted = [int(pk) for pk in ids if str(pk).isascii() and str(pk).isdigit() and len(str(pk)) <= 18]
    if not wanted:
        return []
    allowed = access.organization_scope(actor) if scope is None else scope
    by_id = {org.pk: org for org in allowed.filter(pk__in=wanted).select_related("region")}
    return _organization_choices([by_id[pk] for pk in wanted if pk in by_id])


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


def home_greeting_name(*, actor: Actor) -> str:
    """The name a home page greets its user by: a member's preferred name, else their first name (never their
    legal name when they go by another); the account's own first name or email for everyone else. One query
    for members, none otherwise."""
    if access.may_see_own_record(actor):
        person = access.own_person_scope(actor).values("preferred_name", "first_name").first()
        if person is not None and (person["preferred_name"] or person["first_name"]):
            return str(person["preferred_name"] or person["first_name"])
    return str(getattr(actor, "first_name", "") or getattr(actor, "email", ""))
