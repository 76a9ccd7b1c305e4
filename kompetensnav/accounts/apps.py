from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompetensnav.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from .models import Affiliation, ApiToken, User

        audit(User, exclude=["password", "last_login"])
        audit(Affiliation)
        audit(ApiToken, exclude=["key_hash", "last_used"])
        register(NavItem(_("People and roles"), "accounts:people", "accounts.manage_people", 800))
