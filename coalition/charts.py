"""Server-side SVG charts: the geometry of a chart, drawn by `templates/partials/_chart.html` without JavaScript.

A chart is a list of labelled counts. `columns` draws one upright bar per point (activity over time); `funnel`
draws one centred bar per point, its width proportional to the count (people on each stage of the ladder). Every
chart also says what it shows in words (`description`), which the partial puts in the SVG's <desc> so a screen
reader hears the numbers, and pages show the same numbers as a table or a caption beside it.

Coordinates are plain numbers; the partial prints them with `stringformat` so a Spanish page never writes a decimal
comma into the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Point:
    label: str  # short, under the bar (a date "3/9", a stage name)
    value: int
    spoken: str = ""  # the label as the description reads it ("Mar 9"); the short label when empty


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float  # centre of the bar, where its labels go
    label_y: float
    value_y: float
    show_label: bool


@dataclass(frozen=True)
class Chart:
    shape: Literal["columns", "funnel"]
    width: int
    height: int
    bars: tuple[Bar, ...]
    description: str  # "Mar 9: 4; Mar 16: 0; ..."

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def top(self) -> int:
        return max([bar.value for bar in self.bars] + [1])


def _description(points: Sequence[Point]) -> str:
    return "; ".join(f"{point.spoken or point.label}: {point.value}" for point in points)


def columns(points: Sequence[Point], *, width: int = 600, height: int = 160, gap: int = 4,
            label_every: int = 1) -> Chart:
    """One upright bar per point, scaled to the largest; room below the bars for labels (every `label_every`th)."""
    top = max([point.value for point in points] + [1])
    bar_width = (width - gap * (len(points) + 1)) / max(len(points), 1)
    plot = height - 24
    bars = []
    for index, point in enumerate(points):
        bar_height = round(plot * point.value / top, 1)
        x = round(gap + index * (bar_width + gap), 1)
        bars.append(Bar(label=point.label, value=point.value, x=x, y=round(plot - bar_height, 1),
                        width=round(bar_width, 1), height=bar_height, label_x=round(x + bar_width / 2, 1),
                        label_y=height - 6, value_y=round(plot - bar_height - 3, 1),
                        show_label=index % label_every == 0))
    return Chart("columns", width, height, tuple(bars), _description(points))


def funnel(points: Sequence[Point], *, width: int = 600, bar_height: int = 36, gap: int = 8) -> Chart:
    """One centred bar per point, top to bottom, its width proportional to its value (never thinner than 2)."""
    top = max([point.value for point in points] + [1])
    bars = []
    for index, point in enumerate(points):
        bar_width = max(round(width * point.value / top), 2)
        y = index * (bar_height + gap)
        bars.append(Bar(label=point.label, value=point.value, x=(width - bar_width) // 2, y=y, width=bar_width,
                        height=bar_height, label_x=width // 2, label_y=y + bar_height // 2 + 5,
                        value_y=y + bar_height // 2 + 5, show_label=True))
    return Chart("funnel", width, max(len(bars) * (bar_height + gap), 1), tuple(bars), _description(points))


# Shaded maps (reports' county map): a sequential scale, light to dark, each step clearly darker than the last
# (CIE lightness about 92, 79, 66, 50, 33), so it reads in greyscale too. Shapes are drawn with a dark outline,
# which gives every shade, the lightest included, 3:1 against the page; the numbers are also in words and a table.
SHADES = ("#deebf7", "#9ecae1", "#5fa2d0", "#2b72b0", "#0b427d")
# Text on each shade: dark on the light ones, white on the dark ones (both at least 4.5:1).
SHADE_INKS = ("#111827", "#111827", "#111827", "#ffffff", "#ffffff")


def shade_steps(top: int, *, low: int = 1) -> list[int]:
    """Upper bounds of the shades for counts from `low` to `top`: equal steps, rounded up to whole numbers and
    never two alike (a small top uses fewer shades)."""
    bounds: list[int] = []
    for index in range(len(SHADES)):
        bound = max(math.ceil(low - 1 + (top - low + 1) * (index + 1) / len(SHADES)), low)
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def shade_of(value: int, steps: Sequence[int]) -> int:
    """The index in SHADES of a count above zero, spread over the steps so the darkest is always the top's."""
    for index, bound in enumerate(steps):
        if value <= bound:
            return round(index * (len(SHADES) - 1) / max(len(steps) - 1, 1))
    return len(SHADES) - 1
