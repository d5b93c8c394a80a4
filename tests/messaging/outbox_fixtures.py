"""Fixtures shared by the events and messaging tests: in-memory SMS and email, and daytime by default."""

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
def _daytime(request: pytest.FixtureRequest, settings: Any) -> None:
    """Texts wait out quiet hours (21:00-08:00 Chicago). So that results do not depend on the hour the
    suite runs at, quiet hours are off unless a test is marked `quiet_hours` (and then sets its clock)."""
    if request.node.get_closest_marker("quiet_hours") is None:
        settings.SMS_QUIET_HOURS = None
    else:
        settings.SMS_QUIET_HOURS = (21, 8)


def about(subject: Any) -> dict[str, Any]:
    """The lookup of the messages about `subject` (an RSVP, a mentorship, a consent request)."""
    from django.contrib.contenttypes.models import ContentType

    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
