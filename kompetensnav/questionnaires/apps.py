from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "kompetensnav.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from . import rules  # noqa: F401
        from .models import Answer, Invitation, Response

        audit(Response)
        audit(Answer)
        audit(Invitation)
        register(
            NavItem(
                _("Questionnaires"),
                "questionnaires:questionnaire_list",
                "questionnaires.view_results",
                350,
            )
        )
