"""Accessibility (axe-core) and HTML validity (W3C Nu checker) assertions for browser tests, and signing in."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from coalition.demo import DEMO_PASSWORD

# Screenshots of what a person sees, to look at after a run (SCREENSHOT_DIR, else the temp folder).
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "shots"))
SHOTS.mkdir(parents=True, exist_ok=True)

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# -Xss: vnu overflows small thread stacks on deep documents; C1-only JIT starts ~20% faster.
VNU_CMD = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]
VNU_CMD += ["--errors-only", "--format", "gnu"]
_AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def _format_violations(violations: list[dict[str, Any]], limit: int = 3) -> str:
    """Render axe violations as readable text, a few nodes per rule."""
    lines = []
    for v in violations:
        count = len(v["nodes"])
        lines.append(f"- {v['id']} [{v.get('impact')}] {v['help']} ({count} node(s)) {v['helpUrl']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail if axe-core finds WCAG 2.x A/AA violations on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(_AXE_RUN, AXE_TAGS)
    if result["violations"]:
        raise AssertionError(
            f"axe found {len(result['violations'])} accessibility violation(s) on {page.url}:\n"
            + _format_violations(result["violations"])
        )


def _run_vnu(args: list[str], stdin: bytes | None = None) -> tuple[int, str]:
    """Run the Nu checker and return its exit code and combined output."""
    proc = subprocess.run([*VNU_CMD, *args], input=stdin, capture_output=True, timeout=300, check=False)
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()


def assert_valid_html(html: str, url: str = "") -> None:
    """Fail with the Nu checker's messages if `html` is not valid HTML."""
    code, out = _run_vnu(["-"], html.encode("utf-8"))
    if code != 0:
        raise AssertionError(f"invalid HTML{' at ' + url if url else ''}:\n{out or f'vnu exited {code}'}")


def assert_page_valid(page: Page, status: int = 200) -> None:
    """Fetch the current URL's raw HTML with the page's cookies and validate it (expecting `status`)."""
    response = page.request.get(page.url)
    assert response.status == status, f"GET {page.url} returned {response.status}, expected {status}"
    assert_valid_html(response.text(), page.url)


def check_page(page: Page, shot: str | None = None, status: int = 200) -> None:
    """Save a screenshot as SHOTS/<shot>.png when `shot` is given, then assert the page is accessible and valid."""
    if shot:
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    assert_accessible(page)
    assert_page_valid(page, status)


def sign_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form (the demo password unless told) and wait for the page that follows."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


class HtmlBatch:
    """Collect documents and validate them all in one vnu call (vnu startup is ~1 s)."""

    def __init__(self) -> None:
        """Start an empty batch."""
        self.docs: list[tuple[str, str]] = []

    def add(self, html: str, url: str = "") -> None:
        """Queue one document; `url` labels it in error messages."""
        self.docs.append((url or f"document {len(self.docs)}", html))

    def add_page(self, page: Page) -> None:
        """Queue the raw HTML of the page's current URL."""
        response = page.request.get(page.url)
        assert response.ok, f"GET {page.url} returned {response.status}"
        self.add(response.text(), page.url)

    def check(self) -> None:
        """Validate every queued document at once, then empty the batch."""
        docs, self.docs = self.docs, []
        if not docs:
            return
        with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
            paths = []
            for i, (_, html) in enumerate(docs):
                path = Path(tmp) / f"doc{i}.html"
                path.write_text(html, encoding="utf-8")
                paths.append(str(path))
            code, out = _run_vnu(paths)
        if code != 0:
            labels = {f"doc{i}.html": label for i, (label, _) in enumerate(docs)}
            out = re.sub(r'"file:[^"]*/(doc\d+\.html)"', lambda m: labels[m.group(1)], out)
            detail = out or f"vnu exited {code}"
            raise AssertionError(f"invalid HTML in {len(docs)} batched document(s):\n{detail}")


def pick(page: Page, label: str, typed: str, option: str | None = None) -> str:
    """Choose in an as-you-type picker (coalition.pickers) as a person would: type into the box named `label`, then
    tap the match containing `option` (the first match when None). Returns the text of the chosen match."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill("")
    box.press_sequentially(typed, delay=30)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    matches = listbox.get_by_role("option")
    chosen = matches.filter(has_text=option).first if option else matches.first
    chosen.wait_for()
    text = chosen.inner_text()
    chosen.click()
    return text


def open_menu(page: Page) -> None:
    """On a phone the navigation is in the header's Menu disclosure (docs/architecture.md#the-phone-layout): open it."""
    menu = page.locator("details.site-menu")
    if menu.count() and menu.get_attribute("open") is None and page.locator("summary.site-menu__toggle").is_visible():
        page.locator("summary.site-menu__toggle").click()


def go_to(page: Page, name: str) -> None:
    """Follow the navigation entry `name`: from the bottom bar when it is there, else from the Menu."""
    shortcut = page.get_by_role("navigation", name="Shortcuts").get_by_role("link", name=name, exact=True)
    if shortcut.count() and shortcut.is_visible():
        shortcut.click()
    else:
        open_menu(page)
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _catalogue_words() -> tuple[set[str], set[str]]:
    """The words of the app's English strings, and of their Spanish translations, from the catalogue."""
    english: set[str] = set()
    spanish: set[str] = set()
    text = (Path(__file__).resolve().parents[2] / "locale/es/LC_MESSAGES/django.po").read_text()
    for block in text.split("\n\n"):
        target = None
        for line in block.splitlines():
            if line.startswith(("msgid", "msgid_plural")):
                target = english
            elif line.startswith("msgstr"):
                target = spanish
            elif not line.startswith('"'):
                continue
            if target is not None and '"' in line:
                quoted = line[line.index('"') + 1:line.rindex('"')]
                quoted = re.sub(r"%\(\w+\)[sd]|\{[^}]*\}|<[^>]+>|&\w+;", " ", quoted)
                target.update(w.lower() for w in _WORD.findall(quoted))
    return english, spanish


def english_words_on(page: Page, allowed: set[str]) -> list[str]:
    """The visible words of the page that belong only to the app's English strings (a word its Spanish catalogue
    never uses), leaving out `allowed` (proper names: people, places, the coalition). A Spanish page should
    have none."""
    english, spanish = _catalogue_words()
    only_english = english - spanish - {w.lower() for w in allowed}
    visible = page.evaluate("() => document.body.innerText")
    return sorted({w for w in (m.lower() for m in _WORD.findall(visible)) if w in only_english and len(w) > 2})
