"""django-filter sets for the coalition's lists; selectors apply them inside the actor's scope."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coalition.models import AuditEntry, CoalitionTable, Organization, Region


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices, empty_label=_("Any"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="slug", empty_label=_("Any")
    )

    shown = django_filters.ChoiceFilter(
        label=_("Show"), method="filter_shown", empty_label=_("Current organizations"),
        choices=[("archived", _("Archived organizations")), ("all", _("All organizations"))],
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "region", "shown"]

    def filter_name(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))

    def filter_shown(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        return queryset  # applied in filter_queryset, because an empty choice (the default) must filter too

    def filter_queryset(self, queryset: QuerySet[Organization]) -> QuerySet[Organization]:
        queryset = super().filter_queryset(queryset)
        shown = self.form.cleaned_data.get("shown") if hasattr(self.form, "cleaned_data") else ""
        if shown == "archived":
            return queryset.filter(archived_at__isnull=False)
        if shown == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)


class TableFilter(django_filters.FilterSet):
    """The tables list: open tables (active and paused) by default; closed ones, or all, on request."""

    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    shown = django_filters.ChoiceFilter(
        label=_("Show"), method="filter_shown", empty_label=_("Open tables"),
        choices=[("closed", _("Closed tables")), ("all", _("All tables"))],
    )

    class Meta:
        model = CoalitionTable
        fields = ["q", "shown"]

    def filter_shown(self, queryset: QuerySet[CoalitionTable], name: str, value: str) -> QuerySet[CoalitionTable]:
        return queryset  # applied in filter_queryset, because an empty choice (the default) must filter too

    def filter_queryset(self, queryset: QuerySet[CoalitionTable]) -> QuerySet[CoalitionTable]:
        queryset = super().filter_queryset(queryset)
        shown = self.form.cleaned_data.get("shown") if hasattr(self.form, "cleaned_data") else ""
        if shown == "closed":
            return queryset.filter(status=CoalitionTable.Status.CLOSED)
        if shown == "all":
            return queryset
        return queryset.exclude(status=CoalitionTable.Status.CLOSED)


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
