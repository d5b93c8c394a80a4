"""The statewide picture: the county map (with its table and CSV) and the funder report (printable, CSV)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coalition import access
from coalition.csvexport import csv_response
from coalition.http import AuthenticatedHttpRequest
from reports import drawing, selectors
from reports.forms import DashboardForm, MapForm, PeriodForm


def _map(request: AuthenticatedHttpRequest) -> tuple[MapForm, selectors.CountyMap]:
    if not access.may_read_county_map(request.user):
        raise access.OutOfReach("county map")
    form = MapForm(request.GET or None, actor=request.user)
    drawn = selectors.county_map(actor=request.user, measure=form.measure_key(), subject=form.subject(),
                                 sort=form.sort_key())
    return form, drawn


@login_required
def county_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Illinois map of one measure over the viewer's reach, its legend and the same numbers as a table."""
    form, drawn = _map(request)
    query = {k: str(v) for k, v in request.GET.items() if k != "sort" and v}
    sorts = {key.lstrip("-") + ("_desc" if key.startswith("-") else ""): urlencode({**query, "sort": key})
             for key in selectors.SORTS}
    return render(request, "reports/county_map.html", {
        "form": form, "map": drawn, "sorts": sorts, "sort": form.sort_key(),
        "csv_query": urlencode(query), "small_count": access.SMALL_COUNT,
        "shapes": drawing.county_shapes_markup(drawn), "rows": drawing.county_rows_markup(drawn),
    })


@login_required
def county_map_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The map's numbers as CSV (county, FIPS, count as the viewer may read it)."""
    _form, drawn = _map(request)
    rows = ([c.name, c.fips, c.shown] for c in drawn.table)
    return csv_response(filename="county-map.csv", header=[_("County"), _("FIPS code"), drawn.measure.label],
                        rows=rows)


def _report(request: AuthenticatedHttpRequest) -> tuple[PeriodForm, selectors.FunderReport]:
    if not access.may_read_funder_report(request.user):
        raise access.OutOfReach("funder report")
    form = PeriodForm(request.GET or None)
    return form, selectors.funder_report(actor=request.user, period=form.period())


@login_required
def funder_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The funder report of a quarter, a year or two dates: counts only, printable, with a CSV."""
    form, report = _report(request)
    return render(request, "reports/funder_report.html", {
        "form": form, "report": report, "csv_query": urlencode({k: str(v) for k, v in request.GET.items() if v}),
    })


@login_required
def funder_report_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The funder report as CSV: one row per number."""
    _form, report = _report(request)
    period = f"{report.period.start.isoformat()}_{report.period.end.isoformat()}"
    return csv_response(filename=f"funder-report-{period}.csv", header=[_("Section"), _("What"), _("Count")],
                        rows=report.rows())


def _dashboard(request: AuthenticatedHttpRequest) -> tuple[DashboardForm, list[selectors.Section]]:
    if not access.may_read_dashboards(request.user):
        raise access.OutOfReach("dashboard")
    form = DashboardForm(request.GET or None, actor=request.user)
    return form, selectors.dashboard(actor=request.user, region=form.chosen_region())


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Growth, contacts, events and turnout and the ladder's flow for the viewer's reach (or a region, for staff)."""
    form, sections = _dashboard(request)
    return render(request, "reports/dashboard.html", {
        "form": form, "sections": sections, "region": form.chosen_region(),
        "csv_query": urlencode({k: str(v) for k, v in request.GET.items() if v}),
    })


@login_required
def dashboard_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """Every number of the dashboard as CSV: one row per bar or line."""
    _form, sections = _dashboard(request)
    rows = ([section.title, label, value] for section in sections for label, value in section.rows)
    return csv_response(filename="dashboard.csv", header=[_("Chart"), _("What"), _("Count")], rows=rows)
