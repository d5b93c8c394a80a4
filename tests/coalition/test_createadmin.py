"""`manage.py createadmin`: the first admin of a new installation, for people and for scripts."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from coalition.models import AuditEntry, User

pytestmark = pytest.mark.django_db

PASSWORD = "a long admin passphrase 2026"


def create(monkeypatch, *args: str, stdin: str = "") -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("createadmin", *args, stdout=out)
    return out.getvalue()


def test_a_script_creates_an_admin_who_can_sign_in(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    said = create(monkeypatch, "--email", "Ada@Example.org", "--first-name", "Ada", "--no-input", "--password-stdin",
                  stdin=PASSWORD + "\n")
    assert "ada@example.org created" in said
    user = User.objects.get()
    assert user.email == "ada@example.org" and user.role == User.Role.ADMIN and user.first_name == "Ada"
    client = Client()
    response = client.post(reverse("account_login"), {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("coalition:home"))
    assert home.status_code == 200 and home.context["user"].role == User.Role.ADMIN
    # The back office is the admin's.
    assert client.get("/backoffice/").status_code == 200
    assert AuditEntry.objects.filter(object_id=str(user.pk), action=AuditEntry.Action.CREATE).exists()


def test_the_password_may_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COALITION_ADMIN_PASSWORD", PASSWORD)
    create(monkeypatch, "--email", "env@example.org", "--no-input")
    assert User.objects.get().check_password(PASSWORD)


def test_running_it_twice_says_so_and_makes_no_second_account(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    create(monkeypatch, "--email", "ada@example.org", "--no-input", "--password-stdin", stdin=PASSWORD)
    with pytest.raises(CommandError) as error:
        create(monkeypatch, "--email", "ADA@example.org", "--no-input", "--password-stdin", stdin="another one 2026!")
    assert "already exists" in str(error.value) and "Nothing was changed" in str(error.value)
    assert User.objects.count() == 1
    assert User.objects.get().check_password(PASSWORD)


def test_a_weak_password_is_refused_and_nothing_is_made(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError) as error:
        create(monkeypatch, "--email", "ada@example.org", "--no-input", "--password-stdin", stdin="password\n")
    assert "too common" in str(error.value)
    assert not User.objects.exists()


def test_without_a_password_a_script_is_told_how(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COALITION_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError) as error:
        create(monkeypatch, "--email", "ada@example.org", "--no-input")
    assert "--password-stdin" in str(error.value)
    assert not User.objects.exists()


def test_asking_interactively(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter(["ada@example.org", "Ada", "Lovelace"])
    passwords = iter(["short", "short", PASSWORD, PASSWORD])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))
    monkeypatch.delenv("COALITION_ADMIN_PASSWORD", raising=False)
    err = io.StringIO()

    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", TTY())
    call_command("createadmin", stdout=io.StringIO(), stderr=err)
    assert "too short" in err.getvalue()
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name, user.role) == ("ada@example.org", "Ada", "Lovelace", "admin")
    assert user.check_password(PASSWORD)
