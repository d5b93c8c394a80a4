"""Write an encrypted backup of the database and the uploaded files: `manage.py backup` (or `make backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coalition.backups import BackupError, backup_write, new_key


class Command(BaseCommand):
    help = ("Write one encrypted file holding a consistent dump of the database and every uploaded file, into "
            "BACKUP_DIR (or --to). Needs BACKUP_KEY; --new-key prints a fresh key and does nothing else.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, default=None, help="The folder to write into (default BACKUP_DIR).")
        parser.add_argument("--new-key", action="store_true", help="Print a new BACKUP_KEY and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        try:
            written = backup_write(destination=options["to"] or Path(settings.BACKUP_DIR), key=settings.BACKUP_KEY)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(written.counts.values())
        self.stdout.write(f"Wrote {written.path} ({rows} rows in {len(written.counts)} tables, "
                          f"{written.media_files} uploaded files).")
