from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "kompetensnav.collaboration"
    label = "collaboration"
    verbose_name = _("The collaboration model")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from .models import CouncilMember

        audit(CouncilMember)

        register(NavItem(_("Collaboration"), "collaboration:overview", "collaboration.view", 650))

        from kompetensnav.common import panels

        from . import panels as collaboration_panels

        panels.register(
            panels.Panel(
                "annual_report",
                "collaboration/partials/annual_panel.html",
                collaboration_panels.annual_report,
                document=(
                    "collaboration/partials/annual_document.html",
                    collaboration_panels.annual_report_document,
                ),
            ),
            panels.Panel(
                "unmet_needs",
                "collaboration/partials/unmet_panel.html",
                collaboration_panels.unmet_needs,
            ),
        )
