"""Spanish is a first language for many members: every string has a Spanish translation, compiled.

The catalogue is made with `make messages` (gettext's makemessages). These checks need no gettext:
the .po is complete and not fuzzy, the committed .mo matches it, and the literal strings marked in
templates and Python code are all in the catalogue (a cheap scan that catches a forgotten
`make messages`; multi-line blocktranslate blocks are checked by makemessages itself).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
APPS = ("coalition", "members", "leadership", "campaigns", "events", "messaging", "stories")

TEMPLATE_STRING = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1(?:\s+[^%]*)?%\}""")
PYTHON_STRING = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*(["'])((?:(?!\1).)+)\1\s*\)""")


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    po = catalogue()
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} strings without Spanish, e.g. {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy translations, e.g. {fuzzy[:10]}"


def test_placeholders_survive_translation() -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    wrong = []
    for entry in catalogue().translated_entries():
        if entry.msgid_plural:
            continue
        if sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr)):
            wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ in: {wrong[:10]}"


def test_the_compiled_catalogue_matches_the_source() -> None:
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in polib.mofile(str(MO)) if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
              for e in catalogue().translated_entries() if e.msgid}
    assert compiled == source, "django.mo is stale: run `make messages` and commit the .mo"


def marked_strings() -> set[str]:
    found: set[str] = set()
    for template in (ROOT / "templates").rglob("*.html"):
        found.update(match[1] for match in TEMPLATE_STRING.findall(template.read_text(encoding="utf-8")))
    for app in APPS:
        for source in (ROOT / app).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            found.update(match[1] for match in PYTHON_STRING.findall(source.read_text(encoding="utf-8")))
    return {text.replace("\\'", "'").replace('\\"', '"') for text in found}


def test_every_marked_string_is_in_the_catalogue() -> None:
    known = {entry.msgid for entry in catalogue()}
    missing = sorted(marked_strings() - known)
    assert not missing, (
        f"{len(missing)} marked strings missing from the catalogue (run `make messages`): {missing[:15]}"
    )


def test_templates_write_dates_in_the_readers_format_only() -> None:
    """One format per kind (DATE, DATETIME, SHORT_DATE, SHORT_DATETIME, TIME), in the viewer's language: a literal
    format such as "j M" would print an English order on a Spanish page, or the reverse."""
    import re
    from pathlib import Path

    literal = re.compile(r'\|(?:date|time):"(?![A-Z_]+_FORMAT")[^"]*"')
    found = [f"{path}: {m.group(0)}" for path in Path("templates").rglob("*.html")
             for m in literal.finditer(path.read_text())]
    assert found == []
