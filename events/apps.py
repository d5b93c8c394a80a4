from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from events import (
            broadcast_fields,
            confirm_ask,  # noqa: F401 - registers the day-before question and its answer with the outbox
            metrics,  # noqa: F401 - registers the event goal metrics with the campaigns app
            notices,  # noqa: F401 - registers the event message kinds with the outbox
        )
        from events.confirm_replies import rsvp_confirm_reply
        from messaging import inbound

        broadcast_fields.register()  # {event}, {bus}, {pickup_time}, {rsvp_link} in broadcasts to RSVPs and buses
        inbound.register(rsvp_confirm_reply)  # a YES or NO to the day-before question
