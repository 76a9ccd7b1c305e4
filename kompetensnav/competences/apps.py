from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "kompetensnav.competences"
    label = "competences"
    verbose_name = _("Competence areas")

    def ready(self) -> None:
        from kompetensnav.common.navigation import NavItem, register

        register(
            NavItem(_("Competence areas"), "competences:area_list", "competences.view_areas", 560)
        )
