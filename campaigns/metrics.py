"""What a goal can count: a small registry of countable things, each a subquery on the goal's campaign.

Another app adds its own metric with `register(...)` at import time (in its AppConfig.ready), for example
"RSVPs to event X", using the goal's `subject_id` for the event. Goal counts are computed in one query
(`goal_count_expression`), never one query per goal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Expression, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    # Returns an expression evaluated on a Goal queryset: use OuterRef("campaign_id") / OuterRef("subject_id").
    count: Callable[[], Expression | Subquery]
    needs_subject: bool = False


METRICS: dict[str, Metric] = {}


def register(key: str, label: str | Promise, count: Callable[[], Expression | Subquery],
             needs_subject: bool = False) -> Metric:
    """Add a countable thing; registering the same key again replaces it (safe on reload)."""
    metric = Metric(key=key, label=label, count=count, needs_subject=needs_subject)
    METRICS[key] = metric
    return metric


def metric_choices() -> list[tuple[str, str | Promise]]:
    return [(m.key, m.label) for m in METRICS.values()]


def counted(queryset: QuerySet[Any], field: str = "pk", distinct: bool = False) -> Coalesce:
    """A correlated COUNT subquery over `queryset` (already filtered on OuterRef(...)), 0 when empty."""
    inner = queryset.order_by().annotate(_one=Value(1)).values("_one").annotate(
        n=Count(field, distinct=distinct)).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), 0)


def goal_count_expression() -> Case:
    """One CASE over every registered metric: annotate a Goal queryset with `current` in a single query."""
    return Case(
        *[When(metric=key, then=metric.count()) for key, metric in METRICS.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def _actions(kind: str | None = None) -> Callable[[], Expression]:
    def count() -> Expression:
        from campaigns.models import CampaignAction

        qs = CampaignAction.objects.filter(campaign_id=OuterRef("campaign_id"))
        return counted(qs.filter(kind=kind) if kind else qs)

    return count


def _people_acting() -> Expression:
    from campaigns.models import CampaignAction

    return counted(CampaignAction.objects.filter(campaign_id=OuterRef("campaign_id")), "person", distinct=True)


def _participants() -> Expression:
    from campaigns.models import Participation

    return counted(Participation.objects.filter(campaign_id=OuterRef("campaign_id")))


def _register_defaults() -> None:
    from campaigns.models import CampaignAction

    register("participants", _("People taking part"), _participants)
    register("people_acting", _("People who took any action"), _people_acting)
    register("actions", _("Actions of any kind"), _actions())
    for kind, label in CampaignAction.Kind.choices:
        register(f"actions:{kind}", format_lazy("{}: {}", _("Actions"), label), _actions(kind))


_register_defaults()
