from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kompetensnav.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register

        from . import panels as reports_panels

        panels.register(
            panels.Panel("home", "reports/partials/home_figures.html", reports_panels.home, 14)
        )

        # "Verksamheten i siffror": the menu names the page by its title
        register(
            NavItem(_("Activities in figures"), "reports:figures", "reports.view_figures", 600),
            # the page's <h1>: "Årsrapport"
            NavItem(_("Annual report"), "reports:annual", "reports.view_annual_report", 610),
            # "Kompetensanalys": the region's yearly analysis, written and published here
            NavItem(
                _("Competence analysis"),
                "reports:competence",
                "reports.view_competence_analysis",
                620,
            ),
        )
