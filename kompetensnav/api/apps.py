from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kompetensnav.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from . import receivers, rules  # noqa: F401 - they connect and register themselves
        from .models import WebhookSubscription

        # where the network's personal data is sent: who added or changed it, and when
        audit(WebhookSubscription, exclude=["secret"])

        register(NavItem(_("Webhooks"), "webhooks:webhook_list", "api.manage_webhooks", 850))
