"""django-filter sets for the people list; the selector applies them inside the actor's turf."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.models import County, Region, User
from coalition.phones import phone_digits
from coalition.widgets import QuickSelect
from members.models import Person, PersonPhone, Tag

# The ladder belongs to the leadership app, above this one: its stages are reached through Person.stage, never
# imported (this module loads after every model, so the relation is resolved by then).
Stage = cast("type[Model]", Person._meta.get_field("stage").related_model)


def _search_terms(value: str) -> tuple[list[Q], Case, Q, Q] | None:
    """What a search matches, as separate sources (phone digits; names and email) that each have their own index,
    the rank (0 exact, 1 prefix, 2 contains), and sargable conditions that rank 0 and rank 1 imply."""
    value = value.strip()
    if not value:
        return None
    words = value.split()
    digits = phone_digits(value)
    phone_query = len(digits) >= 3 and len(digits) >= len(value.replace(" ", "")) // 2
    sources = []
    if phone_query:
        # icontains, not contains: Django writes UPPER(digits) LIKE ..., the expression of the trigram index.
        # An uncorrelated IN, so PostgreSQL reads the matching phones first instead of probing every person.
        sources.append(Q(pk__in=PersonPhone.objects.filter(digits__icontains=digits).values("person_id")))
    if "@" in value:
        sources.append(Q(email__icontains=value))
    else:
        names = Q()
        for word in words:
            names &= (Q(first_name__icontains=word) | Q(last_name__icontains=word)
                      | Q(preferred_name__icontains=word) | Q(email__icontains=word))
        sources.append(names)
    first = words[0]
    exact = (Q(first_name__iexact=first) | Q(last_name__iexact=first) | Q(preferred_name__iexact=first)
             | Q(email__iexact=value))
    prefix = (Q(first_name__istartswith=first) | Q(last_name__istartswith=first)
              | Q(preferred_name__istartswith=first) | Q(email__istartswith=value))
    rank = Case(When(exact, then=Value(0)), When(prefix, then=Value(1)), default=Value(2),
                output_field=IntegerField())
    if phone_query:
        phone_exact = Exists(PersonPhone.objects.filter(person=OuterRef("pk"), digits=digits))
        phone_prefix = Exists(PersonPhone.objects.filter(person=OuterRef("pk"), digits__startswith=digits))
        rank = Case(When(phone_exact, then=Value(0)), When(phone_prefix, then=Value(1)), default=rank,
                    output_field=IntegerField())
        exact |= Q(phone_exact)
        prefix |= Q(phone_prefix)
    return sources, rank, exact, prefix


def search_people(queryset: QuerySet[Person], value: str) -> QuerySet[Person]:
    """Name fragments, preferred name, phone digits in any format, email; exact and prefix before contains.

    Every match, ranked (exports and their counts). Uses `icontains`/`istartswith`, which the trigram GIN indexes
    serve on PostgreSQL (migration 0004). The as-you-type list uses `search_people_top` instead.
    """
    terms = _search_terms(value)
    if terms is None:
        return queryset
    sources, rank, _exact, _prefix = terms
    match = Q()
    for source in sources:
        match |= source
    return queryset.filter(match).annotate(search_rank=rank).order_by("search_rank", "last_name", "first_name", "id")


def search_people_top(queryset: QuerySet[Person], value: str, limit: int) -> list[int]:
    """The ids of the first `limit` people `search_people` would list, in its order, without ranking every match.

    One query: a branch per rank (exact, prefix, contains) and per source (phones, names), each ordered by name and
    cut at `limit`, so the work is bounded by `limit` per branch (or by the branch's index) however many match.
    """
    terms = _search_terms(value)
    if terms is None:
        return list(queryset.order_by("last_name", "first_name", "id").values_list("id", flat=True)[:limit])
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite (the embedded default) cannot cut the branches; the one ranked query gives the same answer.
        return list(search_people(queryset, value).values_list("id", flat=True)[:limit])
    sources, rank, exact, prefix = terms
    # The rank is written once per branch, in its WHERE (`rank = n`); the branch selects n itself, which is the same
    # value, so PostgreSQL reads and Django compiles half as much SQL (the rank of a phone search has two EXISTS).
    base = queryset.prefetch_related(None).select_related(None).alias(rank_of=rank)
    branches = [base.filter(source).filter(tier, rank_of=n).annotate(search_rank=Value(n, output_field=IntegerField()))
                for n, tier in enumerate([exact, prefix, Q()]) for source in sources]
    parts = [b.order_by("last_name", "first_name", "id").values_list("id", "search_rank", "last_name", "first_name")
             [:limit] for b in branches]
    # UNION, not UNION ALL: someone found by phone and by name is one row (the same rank either way).
    found = parts[0].union(*parts[1:]).order_by("search_rank", "last_name", "first_name", "id")[:limit]
    return [row[0] for row in found]


# The filter form's dropdowns change rarely (regions and counties never; stages, tags and organizers now and then):
# their options are read once per language and kept this long. A value someone submits is still checked against
# the database, so a stale list only shows an option late; it never lets a wrong one through.
CHOICES_SECONDS = 300
CHOICE_FIELDS = ("region", "county", "tag", "stage", "organizer")
# Bumped to forget every cached list at once (every language, every region) when a tag changes.
GENERATION_KEY = "members:person-filter-choices:generation"


def filter_choices(actor: Any) -> dict[str, list[tuple[str, str]]]:
    """The options of the people filter's dropdowns (value, label), from the cache or five small queries. Regions and
    counties are the ones the actor can use (access.region_filter_scope, county_filter_scope: an organizer's own
    region), so the cache keeps one list per region; the organizers are access.organizer_scope's, the same for all."""
    turf = actor.region_id if access.has_turf(actor) else "all"
    generation = cache.get_or_set(GENERATION_KEY, 0, None)
    key = f"members:person-filter-choices:{generation}:{get_language()}:{turf}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "region": [(r.slug, str(r)) for r in access.region_filter_scope(actor)],
            "county": [(str(c.pk), str(c)) for c in access.county_filter_scope(actor)],
            "tag": [(str(t.pk), str(t)) for t in Tag.objects.filter(retired_at__isnull=True)],
            "stage": [(str(s.pk), str(s)) for s in Stage._default_manager.all()],
            "organizer": [(str(u.pk), str(u)) for u in access.organizer_scope(actor)],
        }
        cache.set(key, choices, CHOICES_SECONDS)
    return choices


def forget_filter_choices() -> None:
    """Drop the cached dropdown options (after a tag is added, renamed or retired), in every language and region."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not cached yet (or evicted): any new number leaves the old lists unread
        cache.set(GENERATION_KEY, 1, None)


def _validate_from(field: forms.ModelChoiceField, values: dict[str, Model]) -> None:
    """Make `field` answer from values already read from its own queryset: a value not among them is invalid, as
    it would be when looked up."""

    def to_python(value: Any) -> Model | None:
        if value in field.empty_values:
            return None
        found = values.get(str(value))
        if found is None:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
        return found

    field.to_python = to_python  # type: ignore[method-assign]


class PersonFilter(django_filters.FilterSet):
    _form: forms.Form  # FilterSet.form caches the form here
    q = django_filters.CharFilter(label=_("Name, phone or email"), method="filter_search",
                                  widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("Any")
    )
    county = django_filters.ModelChoiceFilter(label=_("County"), queryset=County.objects.all(), empty_label=_("Any"))
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.filter(retired_at__isnull=True),
        empty_label=_("Any"),
    )
    stage = django_filters.ModelChoiceFilter(label=_("Leadership stage"), queryset=Stage._default_manager.all(),
                                             empty_label=_("Any"))
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizer"), field_name="assigned_organizer", queryset=User.objects.none(), empty_label=_("Any"),
    )
    quiet_since = django_filters.DateFilter(label=_("No contact since"), method="filter_quiet_since",
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Person
        fields = ["q", "region", "county", "tag", "stage", "organizer", "quiet_since"]

    def __init__(self, *args: Any, actor: Any, search: bool = True,
                 choices: dict[str, list[tuple[str, str]]] | None = None,
                 known: dict[str, dict[str, Model]] | None = None, **kwargs: Any) -> None:
        """The region and organizer filters offer what the policy lets `actor` choose. `search=False` leaves `q` to
        the caller (the list's top-N search); `choices` draws the dropdowns from these options instead of querying
        them (a submitted value is still validated against the database); `known` holds the dropdowns' values
        already looked up in those same querysets (`known_filter_values`), so validating many saved filters takes
        no query each."""
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.search = search
        self.choices = choices
        self.known = known

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            cast(forms.ModelChoiceField, form.fields["region"]).queryset = access.region_filter_scope(self.actor)
            cast(forms.ModelChoiceField, form.fields["county"]).queryset = access.county_filter_scope(self.actor)
            cast(forms.ModelChoiceField, form.fields["organizer"]).queryset = access.organizer_scope(self.actor)
            if self.choices is not None:
                for name in CHOICE_FIELDS:
                    field = cast(forms.ModelChoiceField, form.fields[name])
                    field.widget = QuickSelect(choices=[("", field.empty_label), *self.choices[name]])
            for name, values in (self.known or {}).items():
                _validate_from(cast(forms.ModelChoiceField, form.fields[name]), values)
        return self._form

    def filter_search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return search_people(queryset, value) if self.search else queryset

    def filter_quiet_since(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        return queryset.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__date__lt=value))


# The people list's own query parameters: a saved filter keeps only these (not the page, the export's switches or
# the bulk form's fields).
FILTER_FIELDS = tuple(PersonFilter.base_filters)


def filter_params(params: Any) -> dict[str, str]:
    """The filter fields of a query (a QueryDict or a dict), without empty values: what a smart list saves."""
    get = params.get
    return {name: str(get(name)) for name in FILTER_FIELDS if get(name) not in (None, "")}


class StaleFilter(ValidationError):
    """A saved or submitted filter names something that is gone or out of the actor's reach (a retired tag, another
    region): leaving that value out would widen the list, so nobody matches instead."""


def known_filter_values(actor: Any, many: list[dict[str, Any]]) -> dict[str, dict[str, Model]]:
    """The dropdown values that many saved filters name, looked up at once in the querysets the filter validates
    them against (what the actor may choose): one query per dropdown named, however many filters."""
    fields = PersonFilter(actor=actor, queryset=Person.objects.none()).form.fields
    known: dict[str, dict[str, Model]] = {}
    for name in CHOICE_FIELDS:
        wanted = {str(f[name]) for f in many if f.get(name) not in (None, "")}
        if not wanted:
            continue
        field = cast(forms.ModelChoiceField, fields[name])
        key = field.to_field_name or "pk"
        if key == "pk":
            wanted = {value for value in wanted if value.isdigit()}
        queryset = cast(QuerySet[Model], field.queryset)
        rows = queryset.filter(**{f"{key}__in": wanted}) if wanted else queryset.none()
        known[name] = {str(getattr(row, key)): row for row in rows}
    return known


def people_matching(*, actor: Any, filters: dict[str, Any] | None, queryset: QuerySet[Person] | None = None,
                    strict: bool = False, known: dict[str, dict[str, Model]] | None = None) -> QuerySet[Person]:
    """The people list's filter and search over `queryset` (the actor's people scope when None): the one function
    behind the people export, bulk tagging and smart lists. `strict` raises StaleFilter on a value that does not
    validate for this actor instead of leaving it out; `known` comes from `known_filter_values`."""
    scope = access.people_work_scope(actor) if queryset is None else queryset
    found = PersonFilter(filters or None, queryset=scope, actor=actor, known=known)
    if strict and found.is_bound and not found.is_valid():
        raise StaleFilter(_("The filter has changed since the list was shown (a tag or an organizer is gone). "
                            "Filter the list again."))
    return found.qs
