from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kompetensnav.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from kompetensnav.accounts.models import Affiliation, ApiToken, User
        from kompetensnav.common.navigation import NavItem, register

        from .registry import audit

        # Every app above registers its own models; accounts sits below audit (whose page
        # needs accounts' roles), so its people, roles and tokens are registered here.
        audit(User, exclude=["password", "last_login"])
        audit(Affiliation)
        audit(ApiToken, exclude=["key_hash", "last_used"])

        register(NavItem(_("Audit log"), "audit:log", "audit.view_log", order=900))
