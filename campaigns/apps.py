from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from campaigns import (
            metrics,  # noqa: F401 - registers the default goal metrics
            metrics_voting,  # noqa: F401 - registers the voting bloc's goal metrics
        )
