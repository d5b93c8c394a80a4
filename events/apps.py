from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from events import (
            metrics,  # noqa: F401 - registers the event goal metrics with the campaigns app
            notices,  # noqa: F401 - registers the event message kinds with the outbox
        )
