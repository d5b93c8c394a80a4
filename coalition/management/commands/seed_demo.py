"""Load the demo data: the real partner organizations, the demo accounts and invented people."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coalition.demo import DEMO_PASSWORD

# Each app's seeder, in order; each is idempotent and receives what the earlier ones returned.
SEEDERS = [
    "coalition.demo",
    "members.demo",
    "leadership.demo",  # the ladder of the people members.demo made
    "stories.demo",  # leaders' stories, told by the people members.demo made
    "campaigns.demo",  # coalition tables, campaigns, bills and whip counts
    "campaigns.demo_resources",  # documents for the Chicago 400 table and Clean Slate
    "events.demo",  # events, the advocacy day among them tied to its campaign
    "members.demo_outreach",  # a saved list, a draft broadcast to it and a text waiting in the inbox
]
PRODUCTION_FLAG = "--i-know-this-is-production"
WHY_NOT_IN_PRODUCTION = (
    "This instance runs with production settings (DJANGO_ENV=production). The demo accounts, an admin among "
    f"them, all have the password published in the README ({DEMO_PASSWORD}): anyone who reads it could sign in "
    "as an admin, set up their own second factor and see everyone's sensitive facts."
)


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: running it twice changes nothing). Refused under production settings "
        f"unless given {PRODUCTION_FLAG}: the demo accounts' password is public."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            PRODUCTION_FLAG, action="store_true", dest="production_ok",
            help="Load the demo data even under production settings (a throwaway copy, never real members' data).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["production_ok"]:
            raise CommandError(
                f"Refusing to load the demo data. {WHY_NOT_IN_PRODUCTION} Create the first admin with "
                f"`manage.py createsuperuser` instead. For a throwaway copy, run again with {PRODUCTION_FLAG}."
            )
        if settings.PRODUCTION:
            self.stderr.write(self.style.WARNING(
                f"{WHY_NOT_IN_PRODUCTION} Loading it anyway ({PRODUCTION_FLAG}): change or remove the demo "
                "accounts before anyone else can reach this instance."
            ))
        context: dict[str, Any] = {}
        with transaction.atomic():
            for dotted in SEEDERS:
                result = import_module(dotted).seed(**context)
                context.update(result or {})
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
