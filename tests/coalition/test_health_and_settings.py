"""/healthz, production settings that refuse to start (no secret, hosts, PostgreSQL or SMS provider; debug on),
and Django's deploy checks under them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x7!kq2-production-like-secret-for-the-deploy-check-9f8e7d6c5b4a3f2e1d0c",
    "DJANGO_ALLOWED_HOSTS": "crm.example.org",
    "DATABASE_URL": "postgres://coalition@127.0.0.1:5432/coalition",
    "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef",
    "TWILIO_AUTH_TOKEN": "a-token-for-the-settings-tests",
    "TWILIO_FROM_NUMBER": "+12175550100",
    "FIELD_ENCRYPTION_KEYS": "hWkzU0a3kGm0W6gqQ0pX7m4rA1oG6c0dHq8xZ2vL5nE=",
}
TWILIO = "messaging.backends.TwilioSmsBackend"


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests' conftest allows async-unsafe calls in this process; a deployment never does.
    dropped = {"DATABASE_URL", "DJANGO_ENV", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG",
               "SMS_BACKEND", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER",
               "FIELD_ENCRYPTION_KEYS"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_healthz_reports_the_database_and_broker() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_down(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "kind": "redis", "error": "ConnectionError"}


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL",
                                     "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without(missing: str) -> None:
    env = {**PRODUCTION_ENV, missing: ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Production settings need" in result.stderr and missing.split("_")[-1].lower() in result.stderr.lower()


def test_production_refuses_sqlite() -> None:
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///tmp/x.db"})
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_deploy_check_passes_under_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def setting(name: str, env: dict[str, str]) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage("shell", "--verbosity", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("value", ["true", "1", "yes", "on"])
def test_production_refuses_to_start_with_debug_on(value: str) -> None:
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": value})
    assert result.returncode != 0
    assert "Production settings need" in result.stderr and "DJANGO_DEBUG off" in result.stderr


def test_production_starts_with_debug_off_or_unset() -> None:
    assert setting("DEBUG", {**PRODUCTION_ENV, "DJANGO_DEBUG": "false"}) == "False"
    assert setting("DEBUG", PRODUCTION_ENV) == "False"


def test_production_sends_texts_through_the_real_provider_by_default() -> None:
    assert setting("SMS_BACKEND", PRODUCTION_ENV) == TWILIO
    assert setting("SMS_BACKEND", {"DJANGO_ENV": "development"}) == "messaging.backends.FileSmsBackend"


@pytest.mark.parametrize("missing", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"])
@pytest.mark.parametrize("backend", ["", TWILIO])
def test_production_refuses_to_start_without_the_sms_providers_credentials(missing: str, backend: str) -> None:
    result = manage("check", env={**PRODUCTION_ENV, "SMS_BACKEND": backend, missing: ""})
    assert result.returncode != 0
    assert "Production settings need" in result.stderr and missing in result.stderr


def test_production_takes_another_sms_backend_only_when_it_is_named() -> None:
    env = {**PRODUCTION_ENV, "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_FROM_NUMBER": ""}
    named = {**env, "SMS_BACKEND": "messaging.backends.ConsoleSmsBackend"}
    assert setting("SMS_BACKEND", named) == "messaging.backends.ConsoleSmsBackend"
    assert manage("check", env=env).returncode != 0
