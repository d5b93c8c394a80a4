"""django-filter sets for the people list; the selector applies them inside the actor's turf."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from coalition.models import County, Region, User
from members.models import Person, PersonPhone, Stage, Tag


def _digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def search_people(queryset: QuerySet[Person], value: str) -> QuerySet[Person]:
    """Name fragments, preferred name, phone digits in any format, email; exact and prefix before contains.

    Uses `icontains`/`istartswith`, which the trigram GIN indexes serve on PostgreSQL (migration 0004).
    """
    value = value.strip()
    if not value:
        return queryset
    words = value.split()
    digits = _digits(value)
    phone_query = len(digits) >= 3 and len(digits) >= len(value.replace(" ", "")) // 2
    match = Q()
    if phone_query:
        match |= Q(Exists(PersonPhone.objects.filter(person=OuterRef("pk"), digits__contains=digits)))
    if "@" in value:
        match |= Q(email__icontains=value)
    else:
        names = Q()
        for word in words:
            names &= (Q(first_name__icontains=word) | Q(last_name__icontains=word)
                      | Q(preferred_name__icontains=word) | Q(email__icontains=word))
        match |= names
    first = words[0]
    rank = Case(
        When(Q(first_name__iexact=first) | Q(last_name__iexact=first) | Q(preferred_name__iexact=first)
             | Q(email__iexact=value), then=Value(0)),
        When(Q(first_name__istartswith=first) | Q(last_name__istartswith=first)
             | Q(preferred_name__istartswith=first) | Q(email__istartswith=value), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    if phone_query:
        rank = Case(
            When(Exists(PersonPhone.objects.filter(person=OuterRef("pk"), digits=digits)), then=Value(0)),
            When(Exists(PersonPhone.objects.filter(person=OuterRef("pk"), digits__startswith=digits)),
                 then=Value(1)),
            default=rank,
            output_field=IntegerField(),
        )
    return queryset.filter(match).annotate(search_rank=rank).order_by("search_rank", "last_name", "first_name", "id")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, phone or email"), method="filter_search")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("Any")
    )
    county = django_filters.ModelChoiceFilter(label=_("County"), queryset=County.objects.all(), empty_label=_("Any"))
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", queryset=Tag.objects.all(), empty_label=_("Any")
    )
    stage = django_filters.ModelChoiceFilter(label=_("Leadership stage"), queryset=Stage.objects.all(),
                                             empty_label=_("Any"))
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizer"), field_name="assigned_organizer",
        queryset=User.objects.filter(role=User.Role.ORGANIZER, is_active=True).order_by("first_name"),
        empty_label=_("Any"),
    )
    quiet_since = django_filters.DateFilter(label=_("No contact since"), method="filter_quiet_since",
                                            widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Person
        fields = ["q", "region", "county", "tag", "stage", "organizer", "quiet_since"]

    def filter_search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return search_people(queryset, value)

    def filter_quiet_since(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        return queryset.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__date__lt=value))
