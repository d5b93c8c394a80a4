"""Restore a backup into an empty installation: `manage.py restore FILE` (or `make restore FILE=...`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coalition.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a file written by `manage.py backup` into this installation's database and MEDIA_ROOT. "
            "Both must be empty (a new database: do not migrate it first). Checks every table's row count "
            "against the backup afterwards. Needs the BACKUP_KEY the backup was written with.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .backup file.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"There is no file {source}.")
        try:
            manifest = backup_restore(source=source, key=settings.BACKUP_KEY)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Restored the backup of {manifest['created_at']}: {rows} rows in "
                          f"{len(manifest['counts'])} tables and {manifest['media_files']} uploaded files, "
                          "each table's count checked.")
