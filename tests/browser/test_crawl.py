"""Every role crawls what it can reach on a 360x740 phone, and every page it reaches passes the house checks.

From home, each role follows same-origin GET links breadth first, one page per view (the URL pattern and its
query's names: /people/12/ and /people/40/ are one page, /people/?page=2 another), up to MAX_PAGES. On each page:
axe-core (WCAG 2.2 A/AA), the Nu HTML checker (one batched run per role) and no sideways scroll. Every problem
of every page is collected first and reported together, so one run lists all there is to fix.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from events.models import Event

from .checks import AXE_JS, AXE_TAGS, HtmlBatch, _format_violations, open_menu, sign_in

MAX_PAGES = int(os.environ.get("CRAWL_MAX_PAGES", "40"))
ROLES = {
    "admin": "admin@demo.coalition.test",
    "staff": "staff@demo.coalition.test",
    "organizer": "chicago.organizer@demo.coalition.test",
    "partner": "partner@demo.coalition.test",
    "member": "member@demo.coalition.test",
    "signed-out": None,
}
# Not pages: signing out ends the crawl, downloads are files, the back office is Django's admin (not ours).
SKIP = re.compile(r"/accounts/logout/|\.(csv|ics|pdf|png|svg|json|webmanifest)$|/backoffice/|/static/|/media/"
                  r"|/export|/file/$|/calendar/")
_AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
# An SVG link's `href` is an object, not a string (the county map's counties): resolve the attribute instead.
_LINKS = ("() => Array.from(document.querySelectorAll('a[href]'), "
          "a => new URL(a.getAttribute('href'), document.baseURI).href)")
_OVERFLOW = ("() => ({width: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: Array.from("
             "document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
             ".slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')"
             " + ' ' + (e.textContent || '').trim().slice(0, 40))})")


def page_kind(url: str) -> str | None:
    """One key per view and set of query names; None for what the crawl does not visit."""
    parts = urlsplit(url)
    if SKIP.search(parts.path):
        return None
    try:
        route = resolve(parts.path).route
    except Resolver404:
        return parts.path
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{route}?{'&'.join(names)}"


def crawl(page: Page, base: str, starts: list[str]) -> tuple[list[str], list[str], HtmlBatch]:
    """Visit up to MAX_PAGES pages from `starts`; the pages visited, the problems found, their HTML to validate."""
    seen: set[str] = set()
    queue: deque[str] = deque(f"{base}{path}" for path in starts)
    visited: list[str] = []
    problems: list[str] = []
    batch = HtmlBatch()
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        kind = page_kind(url)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download the skip list did not know
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None
        landed = urldefrag(page.url)[0]
        if landed != url:
            # A redirect lands on a page of its own kind: check it once, like any other.
            landed_kind = page_kind(landed)
            if landed_kind is None or (landed_kind in seen and landed_kind != kind):
                continue
            seen.add(landed_kind or "")
        visited.append(landed)
        if response.status != 200:
            problems.append(f"{landed}: answered {response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        batch.add(response.text(), landed)
        overflow = page.evaluate(_OVERFLOW)
        if overflow["width"] > overflow["viewport"]:
            problems.append(f"{landed}: scrolls sideways ({overflow['width']}px > {overflow['viewport']}px): "
                            f"{overflow['wide']}")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(_AXE_RUN, AXE_TAGS)
        if result["violations"]:
            problems.append(f"{landed}: axe\n{_format_violations(result['violations'])}")
        if len(visited) == 1 and page.locator("summary.site-menu__toggle").count():
            # The Menu's contents (navigation, account, language) are only checked once it is open.
            open_menu(page)
            result = page.evaluate(_AXE_RUN, AXE_TAGS)
            if result["violations"]:
                problems.append(f"{landed} (menu open): axe\n{_format_violations(result['violations'])}")
            overflow = page.evaluate(_OVERFLOW)
            if overflow["width"] > overflow["viewport"]:
                problems.append(f"{landed} (menu open): scrolls sideways: {overflow['wide']}")
        for href in page.evaluate(_LINKS):
            link = urldefrag(href)[0]
            if link.startswith(base + "/") and page_kind(link) not in seen:
                queue.append(link)
    return visited, problems, batch


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_reachable_page_passes_on_a_phone(
    role: str, browser: Browser, phone: dict, live_server  # type: ignore[no-untyped-def, type-arg]
) -> None:
    call_command("seed_demo")
    context = browser.new_context(**phone)
    page = context.new_page()
    base = live_server.url
    email = ROLES[role]
    if email:
        sign_in(page, base, email)
    starts = ["/"]
    if email is None:
        # Signed out, home is the sign-in page; the public event pages are reached from links people are sent.
        starts += [reverse("public:event", args=[slug])
                   for slug in Event.objects.filter(is_public=True).values_list("slug", flat=True)[:3]]
    started = time.monotonic()
    visited, problems, batch = crawl(page, base, starts)
    try:
        batch.check()
    except AssertionError as error:
        problems.append(str(error))
    context.close()
    print(f"\n{role}: {len(visited)} pages in {time.monotonic() - started:.1f}s")
    # A crawl that reaches next to nothing proves nothing: sign-in, password reset and a public event page at least.
    assert len(visited) >= (3 if email is None else 4), f"{role} reached only {visited}"
    assert not problems, f"{role}: {len(problems)} problem(s) on {len(visited)} pages:\n" + "\n".join(problems)
