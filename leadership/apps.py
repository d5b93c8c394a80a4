from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = _("Leadership development")

    def ready(self) -> None:
        import leadership.notices  # noqa: F401 - registers the leadership message kinds with the outbox

        # The people app sits below this one and never imports it: it signals, the ladder listens.
        from leadership import receivers
        from members import signals

        signals.person_stage_changed.connect(receivers.record_stage_change, dispatch_uid="leadership-stage-change")
        signals.media_appearance_added.connect(receivers.record_media_milestone,
                                               dispatch_uid="leadership-media-milestone")
