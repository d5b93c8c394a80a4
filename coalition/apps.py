from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self) -> None:
        from django.core.checks import Tags, register

        from coalition import fieldcrypto, lookups

        lookups.register()
        register(fieldcrypto.check_keys, Tags.database)
