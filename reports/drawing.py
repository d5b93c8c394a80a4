"""The county map's 102 shapes and table rows written in one pass each (format_html_join), not by a template
loop: the loop costs more than every query of the page together. The markup is the same the partial would
write; `templates/reports/partials/_county_map_svg.html` puts it in place."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reports.selectors import CountyMap


def _fill(pattern: str, fill: str) -> str:
    return f"url(#pattern-{pattern})" if pattern else fill


def county_shapes_markup(drawn: CountyMap) -> SafeString:
    """Each county: a link (when the viewer has a people list) with its title, or a group with its title."""
    linked = format_html_join(
        "", '<a href="{}" aria-label="{}" class="county-map__county"><title>{}</title>'
        '<path d="{}" fill="{}"></path></a>',
        ((c.link, c.title, c.title, c.path, _fill(c.pattern, c.fill)) for c in drawn.counties if c.link))
    plain = format_html_join(
        "", '<g class="county-map__county"><title>{}</title><path d="{}" fill="{}"></path></g>',
        ((c.title, c.path, _fill(c.pattern, c.fill)) for c in drawn.counties if not c.link))
    return format_html("{}{}", plain, linked)


def county_rows_markup(drawn: CountyMap) -> SafeString:
    """The table's rows, in the table's order."""
    return format_html_join("", "<tr><td>{}</td><td class=\"num\">{}</td></tr>", (
        (format_html('<a href="{}">{}</a>', c.link, c.name) if c.link else c.name, c.shown) for c in drawn.table))
