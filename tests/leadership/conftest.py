"""Fixtures of the leadership tests."""

from __future__ import annotations

from typing import Any

import pytest

from leadership.models import Stage


@pytest.fixture
def stages(regions: Any) -> dict[int, Stage]:
    return {s.order: s for s in Stage.objects.all()}
