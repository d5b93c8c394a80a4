"""django-filter sets for the coalition's lists; selectors apply them inside the actor's scope."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coalition.models import AuditEntry, Organization, Region


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices, empty_label=_("Any"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("Any")
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "region"]

    def filter_name(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditEntry.Action.choices, empty_label=_("Any")
    )
    who = django_filters.CharFilter(label=_("Who (email)"), field_name="actor__email", lookup_expr="icontains")
    kind = django_filters.CharFilter(label=_("Kind of record"), field_name="content_type__model")
    since = django_filters.DateFilter(
        label=_("Since"), field_name="at", lookup_expr="date__gte",
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "who", "kind", "since"]
