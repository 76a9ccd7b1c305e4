from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompetensnav.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from kompetensnav.common.people import register as register_person_source

        from .people import SOURCE as person_source

        register_person_source(person_source)  # a person's data (GDPR)
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register

        from . import panels as accounts_panels

        # The audit app (above accounts) registers User, Affiliation and ApiToken for the log.
        register(NavItem(_("People and roles"), "accounts:people", "accounts.manage_people", 800))
        panels.register(
            panels.Panel(
                "home", "accounts/partials/home_affiliation.html", accounts_panels.home, 10
            )
        )
