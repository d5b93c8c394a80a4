from __future__ import annotations

from typing import Any

import pytest

from messaging.backends import LocmemSmsBackend


@pytest.fixture(autouse=True)
def _sms_in_memory(settings: Any) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    LocmemSmsBackend.outbox = []


@pytest.fixture(autouse=True)
def _daytime(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts are held in quiet hours (21:00-08:00 Chicago): tests that are not about them run "by day"."""
    if "quiet" in request.node.name or "night" in request.node.name:
        return
    from messaging import services

    monkeypatch.setattr(services, "quiet_until", lambda now, event_start: None)
