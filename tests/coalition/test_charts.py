"""The one charts module: geometry of columns and funnels, and the partial that draws them (docs/architecture.md)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from coalition import charts


def test_columns_scale_to_the_largest_and_label_every_other():
    chart = charts.columns([charts.Point("a", 2), charts.Point("b", 0), charts.Point("c", 4)], width=100,
                           height=124, gap=4, label_every=2)
    tall, empty, tallest = chart.bars
    assert tallest.height == 100 and tallest.y == 0  # plot height is height - 24
    assert tall.height == 50 and tall.y == 50
    assert empty.height == 0
    assert [bar.show_label for bar in chart.bars] == [True, False, True]
    assert chart.total == 6 and chart.top == 4
    assert tall.x < empty.x < tallest.x and tall.width == empty.width


def test_funnel_centres_bars_and_never_draws_one_invisible():
    chart = charts.funnel([charts.Point("Member", 10), charts.Point("Leader", 5), charts.Point("Chair", 0)],
                          width=200, bar_height=30, gap=10)
    member, leader, chair = chart.bars
    assert member.width == 200 and member.x == 0
    assert leader.width == 100 and leader.x == 50
    assert chair.width == 2 and chair.value == 0
    assert [bar.y for bar in chart.bars] == [0, 40, 80]
    assert chart.height == 120


def test_an_empty_chart_has_a_drawable_size():
    assert charts.columns([]).bars == () and charts.columns([]).top == 1
    assert charts.funnel([]).height == 1


def test_the_description_reads_every_number():
    chart = charts.columns([charts.Point("3/9", 4, spoken="Mar 9"), charts.Point("3/16", 0)])
    assert chart.description == "Mar 9: 4; 3/16: 0"


def test_the_partial_writes_no_decimal_comma_in_spanish():
    chart = charts.columns([charts.Point("a", 1), charts.Point("b", 3)] * 5)  # fractional widths
    assert any(bar.width != int(bar.width) for bar in chart.bars)
    with translation.override("es"):
        html = render_to_string("partials/_chart.html", {"chart": chart, "title": "Acciones", "id": "x"})
    assert 'aria-labelledby="x-title x-desc"' in html and "<title id=\"x-title\">Acciones</title>" in html
    for bar in chart.bars:
        assert f'width="{bar.width}"' in html
    assert "," not in html.split("<desc")[0] + html.split("</desc>")[1]
