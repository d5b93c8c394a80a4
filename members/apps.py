from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People")

    def ready(self) -> None:
        from members import (
            broadcast_reach,  # noqa: F401 - tells the broadcasts about audiences and unsubscribing
            notices,  # noqa: F401 - registers the members message kinds with the outbox
        )
        from members.consent import consent_sms_reply
        from members.replies import inbound_reply_place
        from messaging import inbound

        inbound.register(consent_sms_reply)  # what a reply to our texts does to consent
        inbound.register_reply(inbound_reply_place)  # whose a reply for the inbox is, on their timeline
