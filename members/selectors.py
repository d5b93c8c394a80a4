"""Every read of people's records. The first argument is the actor; the policy scopes every query."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import access
from coalition.access import OutOfReach
from coalition.pagination import UncountedPage, uncounted_page_number
from coalition.pickers import Choice
from members.filters import PersonFilter, filter_choices, people_matching, search_people_top
from members.models import (
    BulkTagJob,
    FollowUp,
    ForgetRequest,
    ImportJob,
    Interaction,
    Person,
    PersonPhone,
    RecordClearingReferral,
    SensitiveFacts,
    Tag,
    VotingAnswer,
)

if TYPE_CHECKING:
    from coalition.access import Actor

LIST_RELATED = ("region", "county", "stage", "assigned_organizer")


def _working_phones() -> Prefetch[str, QuerySet[PersonPhone], str]:
    return Prefetch("phones", queryset=PersonPhone.objects.filter(stopped_working_on__isnull=True),
                    to_attr="working_phones")


def person_matches(*, actor: Actor, filters: dict[str, Any] | None) -> QuerySet[Person]:
    """Every person on the actor's turf that the filters match, ranked when searched: what an export holds.
    The people page reads `person_page` instead (a page at a time, without counting every match)."""
    return people_matching(actor=actor, filters=filters)


PAGE_SIZE = 25
SEARCH_LIMIT = 20
# When PostgreSQL estimates at most this many people the list counts them; beyond it the page says "about N".
EXACT_COUNT_UP_TO = 2000
NAME_ORDER = ("last_name", "first_name", "id")


@dataclass
class PeoplePage(UncountedPage):
    """One page of the people list: its people, with a count that may be PostgreSQL's estimate."""

    count: int = 0
    approximate: bool = False  # `count` is PostgreSQL's estimate
    num_pages: int = 1
    searched: bool = False
    more: bool = False  # a search found more than the first SEARCH_LIMIT it shows


# What a row of the people list shows: loading only these keeps a page's Python work near its SQL's.
LIST_ROW_FIELDS = (
    "first_name", "last_name", "preferred_name", "forgotten_at", "email", "reach_through", "reach_through_name",
    "last_contact_at", "region_id", "county__name", "stage__name", "stage__name_es", "assigned_organizer__first_name",
    "assigned_organizer__last_name",
)


def _people_in_order(ids: list[int]) -> list[Person]:
    phones = PersonPhone.objects.filter(stopped_working_on__isnull=True).only(
        "person_id", "number", "is_primary", "stopped_working_on")
    people = (Person.objects.filter(pk__in=ids).select_related("county", "stage", "assigned_organizer")
              .only(*LIST_ROW_FIELDS)
              .prefetch_related(Prefetch("tags", queryset=Tag.objects.only("name", "name_es")),
                                Prefetch("phones", queryset=phones, to_attr="working_phones")))
    by_id = {p.pk: p for p in people}
    return [by_id[pk] for pk in ids if pk in by_id]


def _merged_ids(parts: list[QuerySet[Person]], start: int, stop: int, reverse: bool = False) -> list[int]:
    """Ids start..stop in name order (or reversed) of the union of disjoint pieces: each piece is cut at `stop`
    in its own index order and the pieces merged, so a page reads about `stop` index entries per piece."""
    order = [f"-{f}" for f in NAME_ORDER] if reverse else list(NAME_ORDER)
    if len(parts) > 1 and not connection.features.supports_slicing_ordering_in_compound:
        # SQLite cannot cut the pieces of a UNION: read their OR instead (the same people, the same order).
        either = Q(pk__in=parts[0].values("id"))
        for part in parts[1:]:
            either |= Q(pk__in=part.values("id"))
        parts = [Person.objects.filter(either)]
    if len(parts) == 1:
        return list(parts[0].order_by(*order).values_list("id", flat=True)[start:stop])
    pieces = [p.order_by(*order).values_list("id", "last_name", "first_name")[:stop] for p in parts]
    merged = pieces[0].union(*pieces[1:], all=True).order_by(*order)[start:stop]
    return [row[0] for row in merged]


def _estimated_count(queryset: QuerySet[Person]) -> int | None:
    """PostgreSQL's planner estimate of how many rows the queryset has (planning only, nothing is read)."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().values("id").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _page_number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def person_page(*, actor: Actor, filters: dict[str, Any] | None = None) -> tuple[PersonFilter, PeoplePage]:
    """The people page: the filter form and one page of people on the actor's turf.

    A search (`q`) answers its first SEARCH_LIMIT best matches without counting them all; the list counts exactly
    when PostgreSQL expects at most EXACT_COUNT_UP_TO people and says "about" beyond, and then reads its last page
    backwards along the name index, so a deep page costs what page 1 costs.
    A fixed number of queries; the dropdowns' options come from the cache.
    """
    filters = filters or {}
    choices = filter_choices(actor) if access.may_work_with_people(actor) else None
    found = PersonFilter(filters or None, queryset=access.people_work_scope(actor), actor=actor, search=False,
                         choices=choices)
    filtered = found.qs
    query = (getattr(found.form, "cleaned_data", None) or {}).get("q") or ""
    if query.strip():
        ids = search_people_top(filtered, query, SEARCH_LIMIT + 1)
        people = _people_in_order(ids[:SEARCH_LIMIT])
        return found, PeoplePage(object_list=people, count=len(people), searched=True,
                                 more=len(ids) > SEARCH_LIMIT)
    parts = [found.filter_queryset(part) if found.is_bound else part for part in access.people_work_scope_parts(actor)]
    # PostgreSQL's estimate first (planning only): a count that reads every row is for small lists.
    estimate = _estimated_count(filtered)
    approximate = estimate is not None and estimate > EXACT_COUNT_UP_TO
    count = estimate if approximate and estimate is not None else filtered.count()
    num_pages = max(1, math.ceil(count / PAGE_SIZE))
    number = _page_number(filters.get("page"))
    # Like Paginator.get_page: not a number gives the first page, out of range the last.
    number = 1 if number is None else number if 1 <= number <= num_pages else num_pages
    ids = []
    if not (approximate and number == num_pages):
        start = (number - 1) * PAGE_SIZE
        ids = _merged_ids(parts, start, start + PAGE_SIZE)
    if approximate and not ids:
        # The last page of an estimated count: the last names, read backwards, so it costs what page 1 costs.
        number = num_pages
        ids = _merged_ids(parts, 0, PAGE_SIZE, reverse=True)[::-1]
    return found, PeoplePage(object_list=_people_in_order(ids), number=number, count=count, approximate=approximate,
                             num_pages=num_pages, has_next=number < num_pages)


def person_get(*, actor: Actor, pk: int | str) -> Person:
    """One person on the actor's turf, with phones and tags, or OutOfReach."""
    qs = access.people_work_scope(actor).select_related(*LIST_RELATED, "reach_through_organization")
    return access.get_in_scope(qs.prefetch_related("tags", "phones"), pk=pk)


def phone_get(*, actor: Actor, person: Person, pk: int | str) -> PersonPhone:
    """One phone of a person on the actor's turf, or OutOfReach."""
    return access.get_in_scope(
        PersonPhone.objects.filter(person__in=access.people_work_scope(actor), person=person).select_related(
            "person"
        ),
        pk=pk,
    )


def person_sensitive_facts(*, actor: Actor, person: Person) -> dict[str, Any] | None:
    """The person's sensitive facts and referrals, or None when the actor may not see them."""
    if not access.may_view_sensitive(actor, person):
        return None
    facts = SensitiveFacts.objects.filter(person=person).first()
    referrals = list(person.record_clearing_referrals.select_related("partner", "event"))
    return {"facts": facts, "referrals": referrals}


def person_recent_interactions(*, actor: Actor, person: Person, limit: int = 10) -> list[Interaction]:
    """The last contacts with a person on the actor's turf, newest first."""
    if not access.people_work_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    return list(person.interactions.select_related("logged_by")[:limit])


def person_open_follow_ups(*, actor: Actor, person: Person) -> list[FollowUp]:
    """Follow-ups with a person that are not done yet, soonest first."""
    if not access.people_work_scope(actor).filter(pk=person.pk).exists():
        raise OutOfReach("person")
    return list(person.follow_ups.filter(done_at__isnull=True).select_related("owner"))


def follow_up_get(*, actor: Actor, pk: int | str) -> FollowUp:
    """A follow-up with a person on the actor's turf, or OutOfReach."""
    return access.get_in_scope(
        FollowUp.objects.filter(person__in=access.people_work_scope(actor)).select_related("person"), pk=pk
    )


def my_people(*, actor: Actor, limit: int = 10) -> dict[str, Any] | None:
    """An organizer's day: follow-ups due today or overdue, people assigned to them, and people of their
    region gone quiet (no contact in QUIET_AFTER_DAYS). A fixed number of queries. None for other roles.
    """
    if not access.has_turf(actor):
        return None
    today = timezone.localdate()
    scope = access.people_work_scope(actor)
    due = list(
        FollowUp.objects.filter(owner=actor, done_at__isnull=True, due_on__lte=today, person__in=scope)
        .select_related("person").order_by("due_on", "id")[:limit]
    )
    assigned = list(scope.filter(assigned_organizer=actor).select_related("stage").order_by(
        "last_contact_at", "last_name")[:limit])
    quiet_before = timezone.now() - timedelta(days=settings.QUIET_AFTER_DAYS)
    quiet = list(
        access.own_region_people(actor)
        .filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=quiet_before))
        .order_by("last_contact_at", "last_name", "id")[:limit]
    )
    return {"due": due, "today": today, "assigned": assigned, "quiet": quiet,
            "quiet_days": settings.QUIET_AFTER_DAYS}


def person_export_rows(*, actor: Actor, filters: dict[str, Any] | None, include_sensitive: bool) -> Iterator[Person]:
    """The filtered list for a CSV export, streamed. Sensitive facts only when an admin asked for them."""
    if include_sensitive and not access.may_export_sensitive(actor):
        raise OutOfReach("export")
    qs = person_matches(actor=actor, filters=filters).select_related(*LIST_RELATED)
    if include_sensitive:
        qs = qs.select_related("sensitive_facts")
    # .iterator() with a chunk size still runs prefetches per chunk.
    return qs.prefetch_related("tags", _working_phones()).iterator(chunk_size=500)


def import_job_list(*, actor: Actor) -> QuerySet[ImportJob]:
    """Imports the actor may see, newest first."""
    if not access.may_work_with_people(actor):
        raise OutOfReach("imports")
    return access.import_job_scope(actor).select_related("created_by").defer("content", "results")


def import_job_get(*, actor: Actor, pk: int | str) -> ImportJob:
    """One import the actor may see, or OutOfReach."""
    return access.get_in_scope(access.import_job_scope(actor).select_related("created_by"), pk=pk)


# Duplicates -------------------------------------------------------------------------------------------------

DUPLICATES_PER_PAGE = 50
NAME_SIMILARITY = 0.5  # pg_trgm's similarity() of two first or preferred names
_WORD = re.compile(r"[^\W_]+")


def _trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams of the lower-cased words over all their trigrams."""
    x, y = _trigrams(a), _trigrams(b)
    if not x or not y:
        return 0.0
    shared = len(x & y)
    return shared / (len(x) + len(y) - shared)


def names_similar(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two people's first or preferred names: the same, one the start of the other (Chris, Christopher), or
    similar spellings (trigram similarity of at least NAME_SIMILARITY). Case does not matter."""
    names_a = {(a["first_name"] or "").lower(), (a["preferred_name"] or "").lower()} - {""}
    names_b = {(b["first_name"] or "").lower(), (b["preferred_name"] or "").lower()} - {""}
    return any(x == y or x.startswith(y) or y.startswith(x) or trigram_similarity(x, y) >= NAME_SIMILARITY
               for x in names_a for y in names_b)


class DuplicatePage(UncountedPage):
    """One page of likely duplicate pairs (`object_list`); pages are numbered without counting every pair."""


def _scope_sql(scope: QuerySet[Person], column: str) -> tuple[str, list[Any]]:
    """`column IN (the scope's ids)`, or nothing to add when the scope is everyone (staff)."""
    if not scope.query.where:
        return "", []
    sql, params = scope.order_by().values("id").query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def _pairs(sql: str, params: list[Any]) -> list[tuple[int, int]]:
    # The statements below are put together from constants and the scope's compiled SQL; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(a, b) for a, b in cursor.fetchall()]


def _phone_pairs(scope: QuerySet[Person], limit: int) -> list[tuple[int, int]]:
    where_a, params_a = _scope_sql(scope, "p1.person_id")
    where_b, params_b = _scope_sql(scope, "p2.person_id")
    return _pairs(
        "SELECT DISTINCT p1.person_id, p2.person_id FROM members_personphone p1 "  # noqa: S608
        "JOIN members_personphone p2 ON p2.digits = p1.digits AND p2.person_id > p1.person_id "
        f"WHERE 1 = 1{where_a}{where_b} ORDER BY 1, 2 LIMIT %s", [*params_a, *params_b, limit])


def _email_pairs(scope: QuerySet[Person], limit: int) -> list[tuple[int, int]]:
    where_a, params_a = _scope_sql(scope, "a.id")
    where_b, params_b = _scope_sql(scope, "b.id")
    return _pairs(
        "SELECT a.id, b.id FROM members_person a "  # noqa: S608
        "JOIN members_person b ON LOWER(b.email) = LOWER(a.email) AND b.id > a.id "
        f"WHERE a.email <> ''{where_a}{where_b} ORDER BY 1, 2 LIMIT %s", [*params_a, *params_b, limit])


def _names_sql() -> str:
    names_a = ("LOWER(a.first_name)", "LOWER(a.preferred_name)")
    names_b = ("LOWER(b.first_name)", "LOWER(b.preferred_name)")
    tests = [f"({x} <> '' AND {y} <> '' AND ({x} = {y} OR STARTS_WITH({x}, {y}) OR STARTS_WITH({y}, {x}) "
             f"OR SIMILARITY({x}, {y}) >= {NAME_SIMILARITY}))" for x in names_a for y in names_b]
    return "(" + " OR ".join(tests) + ")"


def _name_pairs(scope: QuerySet[Person], limit: int) -> list[tuple[int, int]]:
    """Similar first names with the same last name in the same county, in (a, b) order, the first `limit`.

    PostgreSQL walks people in id order and looks each one's namesakes up in the (county, lower(last name), id)
    index, stopping at `limit` pairs. Elsewhere a Python pass over the scope gives the same answers.
    """
    if connection.vendor == "postgresql":
        where_a, params_a = _scope_sql(scope, "a.id")
        where_b, params_b = _scope_sql(scope, "b.id")
        return _pairs(
            "SELECT a.id, b.id FROM members_person a "  # noqa: S608
            "JOIN members_person b ON b.county_id = a.county_id AND LOWER(b.last_name) = LOWER(a.last_name) "
            f"AND b.id > a.id WHERE a.county_id IS NOT NULL{where_a}{where_b} AND {_names_sql()} "
            "ORDER BY 1, 2 LIMIT %s", [*params_a, *params_b, limit])
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    rows = (scope.exclude(county=None).annotate(ln=Lower("last_name"))
            .values("id", "first_name", "preferred_name", "county_id", "ln").order_by("id"))
    for row in rows.iterator(chunk_size=2000):
        groups[(row["county_id"], row["ln"])].append(row)
    found: list[tuple[int, int]] = []
    members = sorted((row for group in groups.values() if len(group) > 1 for row in group), key=lambda r: r["id"])
    for a in members:
        for b in groups[(a["county_id"], a["ln"])]:
            if b["id"] > a["id"] and names_similar(a, b):
                found.append((a["id"], b["id"]))
        if len(found) >= limit and found[-1][0] == a["id"]:
            break
    return sorted(found)[:limit]


def duplicate_pairs(*, actor: Actor, page: Any = 1, per_page: int = DUPLICATES_PER_PAGE) -> DuplicatePage:
    """Likely duplicates on the actor's turf, a page at a time: the same phone digits, the same email, or a similar
    name in the same county. Each pair once (lower id first), with every reason, in id order.

    The database finds only the pairs up to this page (no pair list of the whole state is ever built); a fixed
    number of queries however many people.
    """
    number = uncounted_page_number(page)
    if not access.may_work_with_people(actor):
        return DuplicatePage(number=number)
    scope = access.people_work_scope(actor)
    need = number * per_page + 1
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    for reason, pairs in (("phone", _phone_pairs(scope, need)), ("email", _email_pairs(scope, need)),
                          ("name", _name_pairs(scope, need))):
        for pair in pairs:
            reasons[pair].add(reason)
    ordered = sorted(reasons)[:need]
    shown = ordered[(number - 1) * per_page: number * per_page]
    ids = {pk for pair in shown for pk in pair}
    people = scope.filter(pk__in=ids).select_related("county", "region").prefetch_related(_working_phones())
    people_by_id = {p.pk: p for p in people}
    return DuplicatePage(
        object_list=[{"a": people_by_id[a], "b": people_by_id[b], "reasons": sorted(reasons[(a, b)])}
                     for a, b in shown if a in people_by_id and b in people_by_id],
        number=number, has_next=len(ordered) > number * per_page,
    )


def person_mine(*, actor: Actor) -> Person:
    """A member's own record with their working and past phones; OutOfReach for anyone else."""
    return access.get_in_scope(access.own_person_scope(actor).prefetch_related("phones"))


def phone_mine(*, actor: Actor, pk: int | str) -> PersonPhone:
    """One of a member's own phones, or OutOfReach."""
    person = person_mine(actor=actor)
    return access.get_in_scope(PersonPhone.objects.filter(person=person).select_related("person"), pk=pk)


# Tags, bulk tagging, referrals, voting -----------------------------------------------------------------------

def tag_list(*, actor: Actor, retired: bool = False) -> QuerySet[Tag]:
    """The tags page: tags in use (or the retired ones), each with how many people carry it, in one query."""
    qs = access.tag_scope(actor).filter(retired_at__isnull=not retired)
    return qs.select_related("merged_into").annotate(people_count=Count("people")).order_by("name", "id")


def tag_get(*, actor: Actor, pk: int | str) -> Tag:
    """A tag the actor may see, or OutOfReach."""
    return access.get_in_scope(access.tag_scope(actor), pk=pk)


def bulk_tag_job_get(*, actor: Actor, pk: int | str) -> BulkTagJob:
    """A bulk tagging the actor asked for (staff: any), or OutOfReach."""
    return access.get_in_scope(access.bulk_tag_job_scope(actor).select_related("tag", "created_by"), pk=pk)


def referral_list(*, actor: Actor, event_id: int | None = None, status: str = "",
                  partner_id: int | None = None) -> QuerySet[RecordClearingReferral]:
    """Record-clearing referrals the actor may see (sensitive facts), newest first, optionally of one clinic,
    status or partner. Constant queries; the view audits what it shows."""
    qs = access.referral_scope(actor).select_related("person", "partner", "event")
    if event_id is not None:
        qs = qs.filter(event_id=event_id)
    if status:
        qs = qs.filter(status=status)
    if partner_id is not None:
        qs = qs.filter(partner_id=partner_id)
    return qs.order_by("-referred_on", "-id")


def referral_get(*, actor: Actor, pk: int | str) -> RecordClearingReferral:
    """A referral the actor may see, or OutOfReach."""
    return access.get_in_scope(access.referral_scope(actor).select_related("person", "partner", "event"), pk=pk)


@dataclass
class ClinicReport:
    """Counts of referrals by partner and status: `rows` are (partner name, {status: n}, total)."""

    statuses: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]
    totals: list[int]
    total: int


def clinic_report(*, actor: Actor, event_id: int | None = None, start: Any = None, end: Any = None,
                  clinics_only: bool = True) -> ClinicReport:
    """Referrals by partner and status, counts only, over the referrals the actor may see: of one clinic, or
    made between two dates (at any clinic when `clinics_only`). One query; no names."""
    qs = access.referral_scope(actor)
    if event_id is not None:
        qs = qs.filter(event_id=event_id)
    elif clinics_only:
        qs = qs.filter(event__isnull=False)
    if start is not None:
        qs = qs.filter(referred_on__gte=start)
    if end is not None:
        qs = qs.filter(referred_on__lte=end)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in qs.order_by().values("partner__name", "status").annotate(n=Count("id")):
        counts[row["partner__name"]][row["status"]] = row["n"]
    statuses = list(RecordClearingReferral.Status.choices)
    rows = []
    for partner in sorted(counts):
        cells = [counts[partner].get(value, 0) for value, _label in statuses]
        rows.append((partner, cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(statuses))]
    return ClinicReport(statuses=[(v, str(label)) for v, label in statuses], rows=rows, totals=totals,
                        total=sum(totals))


def clinic_event_choices(*, actor: Actor) -> QuerySet[Any]:
    """Record-clearing clinics the actor may see, newest first (the report's and intake's choices)."""
    return access.event_scope(actor).filter(kind="clinic").order_by("-starts_at", "-id")


def voting_history(*, actor: Actor, person: Person, limit: int = 20) -> list[VotingAnswer]:
    """The person's voting answers, newest first, for whoever may record them; empty otherwise."""
    if not access.may_record_voting_answer(actor, person):
        raise OutOfReach("person")
    return list(person.voting_answers.select_related("recorded_by")[:limit])
# Pickers (coalition.pickers): a person chosen in a form -------------------------------------------------

def _pick_choices(people: list[Person], phones_visible: bool) -> list[Choice]:
    """How a picker names a person: the name they go by, and facts that tell namesakes apart without saying
    anything sensitive: the legal first name when they go by another, the region, a phone's last four digits."""
    choices = []
    for person in people:
        detail = []
        if person.preferred_name and person.preferred_name != person.first_name:
            detail.append(person.first_name)
        if person.region is not None:
            detail.append(person.region.localized("name"))
        if person.stage is not None:
            detail.append(str(person.stage))
        phones = sorted(getattr(person, "working_phones", []), key=lambda p: not p.is_primary)
        if phones_visible and phones and phones[0].digits:
            detail.append(_("phone ending %(digits)s") % {"digits": phones[0].digits[-4:]})
        choices.append(Choice(pk=person.pk, label=person.display_name, detail=" · ".join(detail)))
    return choices


def _pick_people(ids: list[int]) -> list[Person]:
    phones = PersonPhone.objects.filter(stopped_working_on__isnull=True).only(
        "person_id", "digits", "is_primary", "stopped_working_on")
    people = (Person.objects.filter(pk__in=ids).select_related("region", "stage")
              .only("first_name", "last_name", "preferred_name", "forgotten_at", "region__name", "region__name_es",
                    "stage__name", "stage__name_es")
              .prefetch_related(Prefetch("phones", queryset=phones, to_attr="working_phones")))
    by_id = {p.pk: p for p in people}
    return [by_id[pk] for pk in ids if pk in by_id]


def person_pick(*, actor: Actor | None, query: str, scope: QuerySet[Person] | None = None,
                limit: int = 10) -> list[Choice]:
    """The people a picker offers for what was typed: the people page's search and ranking, inside `scope`
    (a form's own scope, never wider than the people pages' `access.people_work_scope`). Three queries."""
    if not access.may_work_with_people(actor) or not query.strip():
        return []
    allowed = access.people_work_scope(actor)
    if scope is not None:
        allowed = allowed & scope
    return _pick_choices(_pick_people(search_people_top(allowed, query, limit)), phones_visible=True)


def person_pick_describe(*, actor: Actor | None, ids: Any, scope: QuerySet[Person] | None = None) -> list[Choice]:
    """The chosen people of a picker, named as its search names them; ids outside the scope are left out."""
    wanted = [int(pk) for pk in ids if str(pk).isascii() and str(pk).isdigit() and len(str(pk)) <= 18]
    if not wanted:
        return []
    allowed = (access.person_scope(actor) if scope is None else scope).filter(pk__in=wanted)
    found = set(allowed.values_list("pk", flat=True))
    return _pick_choices(_pick_people([pk for pk in wanted if pk in found]),
                         phones_visible=access.may_work_with_people(actor))


def person_for_copy(*, actor: Actor, pk: int | str) -> Person:
    """The person whose own copy the actor may make (themselves; staff for anyone), or OutOfReach."""
    person = access.get_in_scope(Person.objects.filter(forgotten_at__isnull=True), pk=pk)
    if not access.may_give_own_copy(actor, person):
        raise OutOfReach("own copy")
    return person


# Requests to be forgotten --------------------------------------------------------------------------------------

def forget_requests(*, actor: Actor) -> QuerySet[ForgetRequest]:
    """Every request to be forgotten the actor may see, the waiting ones first, then the newest. One query."""
    return (access.forget_request_scope(actor).select_related("person", "requested_by", "carried_out_by")
            .order_by("-status", "-requested_at", "-id"))


def forget_request_get(*, actor: Actor, pk: int | str) -> ForgetRequest:
    """One request to be forgotten, or OutOfReach."""
    return access.get_in_scope(
        access.forget_request_scope(actor).select_related("person", "requested_by", "carried_out_by"), pk=pk)
