"""Playwright on Debian's Chromium, with axe-core and the Nu HTML checker from node_modules."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .checks import AXE_JS, VNU_JAR, HtmlBatch

# Sync Playwright runs an event loop in the test thread; Django's ORM (live_server tests) must allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def _browser_tooling_present() -> None:
    """Fail every browser test, loudly, when Chromium, axe-core or vnu-jar is not installed."""
    missing = [str(p) for p in (CHROMIUM, AXE_JS, VNU_JAR) if not p.exists()]
    if missing:
        pytest.fail(
            f"Browser-test tooling is missing: {', '.join(missing)}. "
            "Run `make test` (it installs Chromium with apt and axe-core/vnu-jar with `npm ci`).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium headless instead of a Playwright-downloaded browser."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Bypass the app's strict CSP so axe-core can be injected."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session")
def phone(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Context args for a 360x740 touch phone: `browser.new_context(**phone)`."""
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "screen": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    }


@pytest.fixture(scope="session")
def html_batch() -> Iterator[HtmlBatch]:
    """Session-wide HtmlBatch validated in one vnu call at session end (errors show at teardown)."""
    batch = HtmlBatch()
    yield batch
    batch.check()
