"""Every table in templates/ follows the table convention (docs/howto.md#tables-on-a-phone), so none makes a phone
scroll sideways: stacked rows (`table-stack`, a `data-label` on every body cell) or a labelled scroll region."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
OPENING_DIV = re.compile(r"<div\b[^>]*>")


def problems(table: str, before: str) -> list[str]:
    """What is wrong with one table; `before` is the template text just before it (its wrapper)."""
    opening = table[: table.index(">") + 1]
    if "table-stack" in opening:
        body = re.search(r"<tbody>.*?</tbody>", table, re.S)
        if not body:
            return ["a stacked table needs a <tbody>"]
        cells = re.findall(r"<t[dh]\b[^>]*>", body.group(0))
        found = [f"a body cell without data-label: {cell}" for cell in cells if "data-label" not in cell]
        if 'scope="col"' not in table:
            found.append('a stacked table names its columns with <th scope="col">')
        return found
    wrappers = OPENING_DIV.findall(before)
    wrapper = wrappers[-1] if wrappers else ""
    if 'class="table-scroll' in wrapper and 'role="region"' in wrapper and 'tabindex="0"' in wrapper and (
            "aria-label" in wrapper):
        return []
    return ['neither class="table-stack" nor inside <div class="table-scroll" role="region" tabindex="0" '
            'aria-label="... scrolls sideways">']


def tables() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TABLE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{path.relative_to(TEMPLATES)}:{line}", match.group(0), text[max(0, match.start() - 400):
                                                                                      match.start()]))
    return found


def test_the_templates_have_tables() -> None:
    assert len(tables()) >= 10


@pytest.mark.parametrize(("where", "table", "before"), tables(), ids=[where for where, _, _ in tables()])
def test_a_table_stacks_or_scrolls_in_a_labelled_region(where: str, table: str, before: str) -> None:
    assert not problems(table, before), f"{where}: {problems(table, before)} (docs/howto.md#tables-on-a-phone)"


def test_the_check_refuses_a_bare_table_and_an_unlabelled_cell() -> None:
    head = '<thead><tr><th scope="col">A</th></tr></thead>'
    assert problems(f"<table>{head}<tbody><tr><td>1</td></tr></tbody></table>", '<div class="table-wrap">')
    assert problems(f'<table class="table-stack">{head}<tbody><tr><td>1</td></tr></tbody></table>', "")
    assert not problems(f'<table class="table-stack">{head}<tbody><tr><td data-label="A">1</td></tr></tbody></table>',
                        "")
    region = '<div class="table-scroll" role="region" tabindex="0" aria-label="Grid, scrolls sideways">'
    assert not problems(f"<table>{head}<tbody><tr><td>1</td></tr></tbody></table>", region)
