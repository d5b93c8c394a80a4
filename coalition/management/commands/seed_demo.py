"""Load the demo data: the real partner organizations, the demo accounts and invented people."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's seeder, in order; each is idempotent and receives what the earlier ones returned.
SEEDERS = [
    "coalition.demo",
    "members.demo",
    "leadership.demo",  # the ladder of the people members.demo made
    "events.demo",
    "campaigns.demo",  # issue 4: coalition tables, campaigns, bills and whip counts
    "campaigns.demo_resources",  # issue 6: documents for the Chicago 400 table and Clean Slate
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        context: dict[str, Any] = {}
        with transaction.atomic():
            for dotted in SEEDERS:
                result = import_module(dotted).seed(**context)
                context.update(result or {})
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
