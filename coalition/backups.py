"""Encrypted backups of the database and the uploaded files, and restoring them into an empty installation.

A backup is one file: a tar stream (a manifest with every table's row count, the database dump, the media files)
cut into chunks, each chunk encrypted and authenticated with Fernet under `BACKUP_KEY`. Each chunk carries its
number and whether it is the last, so a reordered, shortened or altered file is refused, never half restored.
PostgreSQL is dumped with `pg_dump --format=custom` (one consistent snapshot) and restored with `pg_restore` in
one transaction; SQLite (the embedded default) with its online backup API. docs/howto.md says how to run them.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

MAGIC = b"COALITION-BACKUP 1\n"
CHUNK = 4 * 1024 * 1024
_HEADER = struct.Struct(">QB")  # chunk number, 1 on the last chunk
_LENGTH = struct.Struct(">Q")


class BackupError(Exception):
    """A backup or a restore that cannot go ahead; the message says why in plain words."""


def new_key() -> str:
    """A fresh key for BACKUP_KEY."""
    return Fernet.generate_key().decode()


def _fernet(key: str) -> Fernet:
    if not key:
        raise BackupError("BACKUP_KEY is not set. Make one with `manage.py backup --new-key` and keep it "
                          "somewhere other than the server: without it no backup can be read.")
    try:
        return Fernet(key.encode())
    except ValueError as error:
        raise BackupError("BACKUP_KEY is not a valid key (44 characters of URL-safe base64, as "
                          "`manage.py backup --new-key` prints).") from error


# -- The encrypted container ---------------------------------------------------------------------------------


def encrypt_stream(source: IO[bytes], target: IO[bytes], key: str) -> None:
    """Write `source` into `target` as numbered encrypted chunks, the last one marked."""
    fernet = _fernet(key)
    target.write(MAGIC)
    number, data = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        token = fernet.encrypt(_HEADER.pack(number, int(last)) + data)
        target.write(_LENGTH.pack(len(token)) + token)
        if last:
            return
        number, data = number + 1, following


def decrypt_chunks(source: IO[bytes], key: str) -> Iterator[bytes]:
    """The plain chunks of an encrypted backup, in order; BackupError if it was altered, cut short or re-keyed."""
    fernet = _fernet(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This file is not a coalition backup.")
    expected = 0
    while True:
        length = source.read(_LENGTH.size)
        if len(length) < _LENGTH.size:
            raise BackupError("The backup file is incomplete: it ends before its last part.")
        size = _LENGTH.unpack(length)[0]
        token = source.read(size)
        if len(token) < size:
            raise BackupError("The backup file is incomplete: it ends before its last part.")
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as error:
            raise BackupError("The backup cannot be read with this BACKUP_KEY, or the file was changed.") from error
        number, last = _HEADER.unpack_from(plain)
        if number != expected:
            raise BackupError("The backup file's parts are out of order.")
        yield plain[_HEADER.size:]
        if last:
            if source.read(1):
                raise BackupError("The backup file has extra data after its last part.")
            return
        expected += 1


class _ChunkReader(io.RawIOBase):
    """A file-like view of decrypted chunks, so tarfile can read the stream without it all in memory."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buffer = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, into: Any) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(into), len(self._buffer))
        into[:n], self._buffer = self._buffer[:n], self._buffer[n:]
        return n


# -- What goes in -------------------------------------------------------------------------------------------


def _tables() -> dict[str, str]:
    return {model._meta.label: model._meta.db_table for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def table_counts(cursor: Any) -> dict[str, int]:
    """Every model's row count through `cursor` (a DB-API cursor): in the manifest, compared after a restore."""
    counts = {}
    for label, table in _tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - table names come from the models
        counts[label] = int(cursor.fetchone()[0])
    return counts


def _database_settings() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", str(db["NAME"])]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(target: Path) -> tuple[str, dict[str, int]]:
    """Dump the database into `target` and count its rows in the same snapshot, so the counts describe the dump."""
    db = _database_settings()
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            # The arguments come from the settings and a snapshot id, never from a request.
            command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                       f"--snapshot={snapshot}", "--file", str(target), *args]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return "postgresql", counts
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            counts = table_counts(copy.cursor())
        finally:
            copy.close()
        return "sqlite", counts
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs (postgresql-client).")
    return found


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


@dataclass
class Written:
    path: Path
    counts: dict[str, int]
    media_files: int


def backup_write(*, destination: Path, key: str, now: datetime | None = None) -> Written:
    """Write an encrypted backup of the database and MEDIA_ROOT into the folder `destination`. Read-only on the
    database; the file is written beside its final name and renamed, so a failed run leaves no partial backup."""
    _fernet(key)  # a missing or malformed key stops the run before anything is dumped
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    destination.mkdir(parents=True, exist_ok=True)
    final = destination / f"coalition-{stamp}.backup"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="coalition-backup-") as work:
        dump = Path(work) / "database"
        engine, counts = _dump_database(dump)
        media = list(_media_files(media_root))
        manifest = {"format": 1, "created_at": stamp, "engine": engine, "counts": counts,
                    "media_files": len(media)}
        plain = Path(work) / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname="database")
            for path in media:
                tar.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
        partial = final.with_suffix(".partial")
        with plain.open("rb") as source, partial.open("wb") as target:
            encrypt_stream(source, target, key)
        partial.rename(final)
    return Written(path=final, counts=counts, media_files=len(media))


# -- Restoring ----------------------------------------------------------------------------------------------


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _safe_member(member: tarfile.TarInfo) -> bool:
    name = Path(member.name)
    return member.isfile() and not name.is_absolute() and ".." not in name.parts


def backup_restore(*, source: Path, key: str) -> dict[str, Any]:
    """Bring a backup back into an empty database and an empty MEDIA_ROOT, then check every table's row count
    against the manifest. Refuses a database that has any table, or a media folder with files."""
    if not _database_is_empty():
        raise BackupError("The database is not empty. Restore only into a new, empty database: nothing was "
                          "changed.")
    media_root = Path(settings.MEDIA_ROOT)
    if any(_media_files(media_root)):
        raise BackupError(f"The media folder {media_root} already has files. Restore into an empty folder: "
                          "nothing was changed.")
    with tempfile.TemporaryDirectory(prefix="coalition-restore-") as work:
        unpacked = Path(work)
        with source.open("rb") as encrypted:
            reader = io.BufferedReader(_ChunkReader(decrypt_chunks(encrypted, key)), buffer_size=CHUNK)
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    if not _safe_member(member):
                        raise BackupError(f"The backup holds an unexpected entry: {member.name}")
                    tar.extract(member, unpacked, filter="data")
        manifest = json.loads((unpacked / "manifest.json").read_text())
        _restore_database(unpacked / "database", manifest["engine"])
        restored_media = unpacked / "media"
        if restored_media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(restored_media, media_root, dirs_exist_ok=True)
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    differ = {label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n}
    if differ:
        raise BackupError("The restored database does not match the backup: " + ", ".join(
            f"{label} {got} rows instead of {n}" for label, (n, got) in sorted(differ.items())))
    return manifest


def _restore_database(dump: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"This backup is of a {engine} database; this installation uses {connection.vendor}.")
    if engine == "postgresql":
        args, env = _pg_env(_database_settings())
        connection.close()
        command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                   *args, str(dump)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed, nothing was kept: {done.stderr.strip()}")
        return
    connection.ensure_connection()
    copy = sqlite3.connect(dump)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()
