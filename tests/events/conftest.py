from __future__ import annotations

from typing import Any

import pytest

from messaging.backends import LocmemSmsBackend


@pytest.fixture(autouse=True)
def _sms_in_memory(settings: Any) -> None:
    settings.SMS_BACKEND = "messaging.backends.LocmemSmsBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    LocmemSmsBackend.outbox = []
