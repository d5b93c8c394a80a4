"""Re-encrypt every sensitive fact under the first of FIELD_ENCRYPTION_KEYS: `manage.py rotate_field_keys`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coalition.fieldcrypto import FieldKeyError, new_key, rotate_all


class Command(BaseCommand):
    help = ("Key rotation: put a new key first in FIELD_ENCRYPTION_KEYS (the old one after it), run this, then "
            "drop the old key. Re-encrypts every encrypted value with the first key; safe to run twice. "
            "--new-key prints a fresh key and does nothing else.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="Print a new key and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        try:
            done = rotate_all()
        except FieldKeyError as error:
            raise CommandError(str(error)) from error
        for label, count in done.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted with the first key.")
