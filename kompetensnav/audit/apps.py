from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kompetensnav.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kompetensnav.common.navigation import NavItem, register

        register(NavItem(_("Audit log"), "audit:log", "audit.view_log", order=900))
