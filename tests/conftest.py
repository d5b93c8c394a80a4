"""Shared fixtures: the roles of docs/access.md as accounts, regions, and the real services' switches."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from coalition.celery import app as celery_app
from coalition.models import Region, User
from coalition.reference import load_regions_and_counties
from leadership.reference import load_default_stages, load_default_trainings
from tests import sqlite_live_server
from tests.coalition.factories import OrganizationFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

# Every thread the tests start (the live server's request threads, the reliability tests' racers) closes its
# database connection when its request or task ends, instead of keeping it for a minute: the shared PostgreSQL
# allows 100 connections, and a browser journey makes hundreds of requests.
settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
sqlite_live_server.install()


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Transactional tests (live_server, the browser's) flush every table, reference data included, so they run
    # after the others, as Django orders them. pytest-django sorts so, but pytest's own grouping of the browser's
    # session-scoped parametrized fixture can pull them forward again; this stable sort runs last.
    items.sort(key=_transactional)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (the PostgreSQL pass of .ci/run runs it)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(settings: Any) -> None:
    """Each test starts with an empty cache (rate limits live there), tasks in-process, quick hashing, webhooks
    allowed to loopback, and in
    English (a request by someone who reads Spanish leaves Spanish active on the thread, as a server's next request
    would reset it)."""
    translation.activate("en")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The webhook tests' receivers listen on loopback, which a real installation refuses (api/destinations.py).
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
    cache.clear()
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture
def redis_url() -> str:
    """The real Redis on loopback. In CI a missing Redis fails; elsewhere the test says it was not run."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if IN_CI:
            pytest.fail("REDIS_URL is not set in CI: Redis must run on loopback (see docs/testing.md).")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/1 (.ci/run does)")
    return url


@pytest.fixture
def regions(db: None) -> dict[str, Region]:
    # Transactional tests (the browser's) flush the tables that migrations filled: load them again.
    load_regions_and_counties()
    load_default_stages()
    load_default_trainings()
    return {region.slug: region for region in Region.objects.all()}


@pytest.fixture
def region_chicago(regions: dict[str, Region]) -> Region:
    return regions["chicago"]


@pytest.fixture
def region_central(regions: dict[str, Region]) -> Region:
    return regions["central"]


@pytest.fixture
def coalition_admin(db: None) -> User:
    return UserFactory(role=User.Role.ADMIN, email="admin@test.example")


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory(role=User.Role.STAFF, email="staff@test.example")


@pytest.fixture
def organizer_chicago(region_chicago: Region) -> User:
    return UserFactory(role=User.Role.ORGANIZER, region=region_chicago, email="chicago@test.example")


@pytest.fixture
def organizer_central(region_central: Region) -> User:
    return UserFactory(role=User.Role.ORGANIZER, region=region_central, email="central@test.example")


@pytest.fixture
def partner_organization(region_chicago: Region) -> object:
    return OrganizationFactory(name="Safer Foundation (test)", region=region_chicago)


@pytest.fixture
def partner_rep(partner_organization: object) -> User:
    return UserFactory(role=User.Role.PARTNER, organization=partner_organization, email="partner@test.example")


@pytest.fixture
def member(region_chicago: Region) -> User:
    from tests.members.factories import PersonFactory

    person = PersonFactory(first_name="Dolores", last_name="Reyes")
    return UserFactory(role=User.Role.MEMBER, person=person, email="member@test.example")


@pytest.fixture
def accounts(
    coalition_admin: User,
    staff: User,
    organizer_chicago: User,
    organizer_central: User,
    partner_rep: User,
    member: User,
) -> dict[str, User | None]:
    """Every role of the permission matrix, by column name; `anon` is nobody signed in."""
    return {
        "anon": None,
        "admin": coalition_admin,
        "staff": staff,
        "organizer_chicago": organizer_chicago,
        "organizer_central": organizer_central,
        "partner": partner_rep,
        "member": member,
    }
