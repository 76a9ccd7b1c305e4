from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "kompetensnav.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from . import sqlite  # noqa: F401  (connects the Unicode LIKE for SQLite)
        from .navigation import NavItem, register

        register(NavItem(_("Start"), "common:home", None, order=0))
