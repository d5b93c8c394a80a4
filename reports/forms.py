"""The map's choice of measure and the funder report's period."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition import access
from coalition.widgets import QuickSelect
from members.models import RecordClearingReferral
from reports import selectors


class MapForm(forms.Form):
    """Which measure the map shows and what it is narrowed to; choices limited to what the viewer may see."""

    measure = forms.ChoiceField(label=_("Show"), required=False)
    stage: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ladder stage"), queryset=None, required=False, empty_label=_("Any"))
    campaign: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, required=False, empty_label=_("Any"))
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Event"), queryset=None, required=False, empty_label=_("Any"))
    status = forms.ChoiceField(label=_("Referral status"), required=False,
                               choices=[("", _("Any")), *RecordClearingReferral.Status.choices])
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[(s, s) for s in selectors.SORTS])

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from leadership.models import Stage

        measures = selectors.measure_choices(actor=actor)
        self.fields["measure"].choices = [(m.key, m.label) for m in measures]  # type: ignore[attr-defined]
        campaigns = access.map_campaign_scope(actor)
        self.fields["campaign"].queryset = campaigns.order_by("name")  # type: ignore[attr-defined]
        # The events of the last year and the next (older ones are reached through their campaign).
        soon = timezone.now()
        events = access.map_event_scope(actor).filter(
            starts_at__gte=soon - datetime.timedelta(days=365), starts_at__lte=soon + datetime.timedelta(days=365))
        self.fields["event"].queryset = events.order_by("-starts_at")  # type: ignore[attr-defined]
        if access.may_map_people(actor):
            self.fields["stage"].queryset = Stage.objects.all()  # type: ignore[attr-defined]
        else:
            del self.fields["stage"]
            del self.fields["status"]
        # Written in one pass (Django's Select renders a template per option; the events run to hundreds).
        for name in ("measure", "stage", "campaign", "event", "status"):
            if name in self.fields:
                chosen = self.fields[name]
                chosen.widget = QuickSelect(choices=chosen.choices)  # type: ignore[attr-defined]

    def subject(self) -> selectors.Subject:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.Subject(stage=data.get("stage"), event=data.get("event"), campaign=data.get("campaign"),
                                 status=data.get("status") or "")

    def measure_key(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("measure") or self.fields["measure"].choices[0][0]  # type: ignore[attr-defined]

    def sort_key(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("sort") or "name"


class PeriodForm(forms.Form):
    """The funder report's period: a quarter, a year or two dates."""

    KINDS = [("quarter", _("A quarter")), ("year", _("A year")), ("custom", _("Between two dates"))]

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, required=False,
                                     choices=[(1, _("January to March")), (2, _("April to June")),
                                              (3, _("July to September")), (4, _("October to December"))])
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or "quarter"
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Give both dates of the period."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts: swap the dates."))
            if (end - start).days > 3 * 366:
                raise forms.ValidationError(_("Choose a period of three years or less."))
        data["kind"] = kind
        return data

    def period(self) -> selectors.Period:
        """The chosen period; this quarter when nothing (or nothing valid) was chosen."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or today.year
        kind = data.get("kind") or "quarter"
        if kind == "custom":
            return selectors.Period(data["start"], data["end"])
        if kind == "year":
            return selectors.period_year(year)
        return selectors.period_quarter(year, data.get("quarter") or (today.month - 1) // 3 + 1)


class DashboardForm(forms.Form):
    """Staff and admins may narrow the dashboard to a region; an organizer's dashboard is their reach."""

    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, to_field_name="slug", empty_label=_("The whole state"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if access.may_see_statewide(actor):
            self.fields["region"].queryset = access.region_filter_scope(actor)  # type: ignore[attr-defined]
        else:
            del self.fields["region"]

    def chosen_region(self) -> Any:
        return (self.cleaned_data.get("region") if self.is_valid() else None) if "region" in self.fields else None
