from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kompetensnav.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from kompetensnav.common.navigation import NavItem, register

        from . import figures

        figures.autodiscover()
        register(NavItem(_("Key figures"), "reports:figures", "reports.view_figures", 600))
