"""Backups: written encrypted, refused when altered, restored into a fresh database with the same rows and files."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from campaigns import services as campaign_services
from campaigns.models import Resource
from coalition.backups import CHUNK, BackupError, decrypt_chunks, encrypt_stream, new_key
from events.models import RSVP
from members.models import Person
from tests.campaigns.factories import CampaignFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.members.factories import PersonFactory

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4 the coalition's talking points\n"


def _decrypt(data: bytes, key: str) -> bytes:
    return b"".join(decrypt_chunks(io.BytesIO(data), key))


def test_the_container_round_trips_and_refuses_a_changed_a_shortened_or_a_rekeyed_file() -> None:
    key = new_key()
    plain = os.urandom(CHUNK * 2 + 10)  # three chunks
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(plain), out, key)
    data = out.getvalue()
    assert _decrypt(data, key) == plain
    assert plain[:64] not in data

    changed = bytearray(data)
    changed[len(data) // 2] ^= 1
    with pytest.raises(BackupError, match="cannot be read"):
        _decrypt(bytes(changed), key)
    with pytest.raises(BackupError, match="incomplete"):
        _decrypt(data[: len(data) * 2 // 3], key)
    first_chunk_end = len(b"COALITION-BACKUP 1\n") + 8 + int.from_bytes(data[19:27], "big")
    with pytest.raises(BackupError, match="incomplete"):
        _decrypt(data[:first_chunk_end], key)  # whole chunks, but not the last one
    with pytest.raises(BackupError, match="cannot be read with this BACKUP_KEY"):
        _decrypt(data, new_key())
    with pytest.raises(BackupError, match="not a coalition backup"):
        _decrypt(b"PGDMP" + data, key)


def test_an_empty_file_is_one_last_chunk() -> None:
    key = new_key()
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(b""), out, key)
    assert _decrypt(out.getvalue(), key) == b""


@pytest.mark.django_db
def test_without_a_key_the_backup_says_how_to_make_one(settings: Any, tmp_path: Path) -> None:
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="--new-key"):
        call_command("backup", "--to", str(tmp_path))
    settings.BACKUP_KEY = "not-a-key"
    with pytest.raises(CommandError, match="not a valid key"):
        call_command("backup", "--to", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def fresh_target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a new, empty installation of the same kind as the test database."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ENV")}
    env.update({"DJANGO_SETTINGS_MODULE": "coalition.settings", "MEDIA_ROOT": str(tmp_path / "restored-media"),
                "VAR_DIR": str(tmp_path / "restored-var"), "REDIS_URL": ""})
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(tmp_path / "restored.sqlite3")
        yield env
        return
    import psycopg

    db = django_settings.DATABASES["default"]
    name = f"restore_{uuid.uuid4().hex[:12]}"
    netloc = f"{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    admin = urlunsplit(("postgresql", netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(("postgres", netloc, "/" + name, "", ""))
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore(env: dict[str, str], backup: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", "restore", str(backup)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def _rows(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    if "DATABASE_URL" not in env:
        with sqlite3.connect(env["SQLITE_PATH"]) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    parts = urlsplit(env["DATABASE_URL"])
    with psycopg.connect(urlunsplit(("postgresql", *parts[1:]))) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_the_same_people_rsvps_and_files(
        settings: Any, tmp_path: Path, staff: Any, regions: Any, fresh_target: dict[str, str]) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BACKUP_KEY = key = new_key()
    fresh_target["BACKUP_KEY"] = key
    people = [PersonFactory(first_name=f"Restorable{i}", last_name="Backupson") for i in range(3)]
    event = EventFactory(title="Springfield advocacy day")
    for person in people:
        RSVPFactory(event=event, person=person)
    resource = campaign_services.resource_create(
        actor=staff, upload=SimpleUploadedFile("points.pdf", PDF, "application/pdf"), title="Talking points",
        kind=Resource.Kind.TALKING_POINTS, language="en", campaign=CampaignFactory(), audience=Resource.Audience.PUBLIC)

    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), stdout=out)
    [backup] = list((tmp_path / "backups").iterdir())
    assert "Wrote" in out.getvalue() and backup.suffix == ".backup"
    assert b"Restorable0" not in backup.read_bytes() and PDF not in backup.read_bytes()

    done = _restore(fresh_target, backup)
    assert done.returncode == 0, done.stderr
    assert "each table's count checked" in done.stdout

    person_table, rsvp_table = Person._meta.db_table, RSVP._meta.db_table
    names = sorted(r[0] for r in _rows(fresh_target, f'SELECT first_name FROM "{person_table}"'))  # noqa: S608
    assert names == sorted(p.first_name for p in people)
    rsvps = f'SELECT COUNT(*) FROM "{rsvp_table}" WHERE event_id = {int(event.pk)}'  # noqa: S608
    assert _rows(fresh_target, rsvps) == [(3,)]
    restored_file = Path(fresh_target["MEDIA_ROOT"]) / resource.file.name
    assert restored_file.read_bytes() == PDF

    again = _restore(fresh_target, backup)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr
    assert _rows(fresh_target, f'SELECT COUNT(*) FROM "{person_table}"') == [(3,)]  # noqa: S608
