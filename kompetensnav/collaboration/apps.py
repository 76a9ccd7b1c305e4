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
