from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People")

    def ready(self) -> None:
        # The stories app sits above this one and is never imported here: it signals, the ladder listens.
        from members import receivers, signals

        signals.media_appearance_added.connect(receivers.record_media_milestone,
                                               dispatch_uid="members-media-milestone")
