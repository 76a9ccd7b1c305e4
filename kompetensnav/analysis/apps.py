from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "kompetensnav.analysis"
    label = "analysis"
    verbose_name = _("Needs analysis and matching")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register
        from kompetensnav.notifications import kinds

        from . import notices, receivers  # noqa: F401 - receivers connects its receivers
        from .models import CourseTip

        audit(CourseTip)  # an e-mail address and a message sent to a company
        kinds.register(*notices.KINDS)
        from kompetensnav.common import panels
        from kompetensnav.companies import timeline as company_timeline

        from . import exporters as analysis_exporters
        from . import panels as analysis_panels

        register(
            NavItem(
                _("Needs without an offer"),
                "analysis:unmet_needs",
                "analysis.view_unmet_needs",
                545,
            )
        )
        panels.register(
            panels.Panel("home", "analysis/partials/home.html", analysis_panels.home, 16),
            panels.Panel(
                "visit_detail", "analysis/partials/visit_panel.html", analysis_panels.visit
            ),
            panels.Panel(
                "course_detail", "analysis/partials/course_panel.html", analysis_panels.course
            ),
            panels.Panel(
                "course_review", "analysis/partials/course_panel.html", analysis_panels.course
            ),
            panels.Panel(
                "needs_dashboard",
                "analysis/partials/offer_panel.html",
                analysis_panels.needs_dashboard,
                order=10,
                sheets=analysis_exporters.needs_dashboard_sheets,
            ),
        )
        from . import timeline

        company_timeline.register(timeline.course_tips)
