from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API and webhooks")

    def ready(self) -> None:
        # Webhooks follow the domain's own saves: the domain apps never import this app.
        from api import schema, webhooks  # noqa: F401 - the schema extension registers itself

        webhooks.connect()
