from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from messaging import (
            broadcast_kind,  # noqa: F401 - registers the broadcast message kind
            notices,  # noqa: F401 - registers the inbox's answer kind with the outbox
        )
