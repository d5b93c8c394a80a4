"""The browser-test checks pass on a good page and fail on bad ones (no Django needed)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .checks import HtmlBatch, assert_accessible, assert_valid_html

GOOD = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tooling check</title></head>
<body>
<header><nav aria-label="Main"><a href="#main">Skip to content</a></nav></header>
<main id="main"><h1>Members</h1>
<form><label for="q">Search</label> <input id="q" name="q" type="search"> <button>Go</button></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Coalition logo" width="1" height="1">
</main>
</body>
</html>"""

BAD_A11Y = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">
</main></body>
</html>"""

BAD_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><p><div>block in p</div></p><blink>unknown</blink></body></html>"""


def test_good_page_passes_both_checks(page: Page, browser: Browser, phone: dict[str, Any]) -> None:
    """An accessible, valid HTML5 page passes axe and vnu, on desktop and phone."""
    page.set_content(GOOD)
    assert_accessible(page)
    assert_valid_html(GOOD)
    context = browser.new_context(**phone)
    mobile = context.new_page()
    mobile.set_content(GOOD)
    assert mobile.viewport_size == {"width": 360, "height": 740}
    assert_accessible(mobile)
    context.close()


def test_checks_fail_on_bad_pages(page: Page) -> None:
    """Missing alt text and labels fail axe; misnested and unknown elements fail vnu."""
    page.set_content(BAD_A11Y)
    with pytest.raises(AssertionError) as axe_error:
        assert_accessible(page)
    assert "image-alt" in str(axe_error.value) and "label" in str(axe_error.value)
    with pytest.raises(AssertionError) as vnu_error:
        assert_valid_html(BAD_HTML, "/bad/")
    assert "/bad/" in str(vnu_error.value) and "blink" in str(vnu_error.value)


def test_batch_names_the_bad_document() -> None:
    """One vnu call checks several documents and names the invalid one."""
    batch = HtmlBatch()
    batch.add(GOOD, "/good/")
    batch.add(BAD_HTML, "/bad/")
    with pytest.raises(AssertionError) as error:
        batch.check()
    assert "/bad/" in str(error.value) and "/good/" not in str(error.value)
    assert not batch.docs
