from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kompetensnav.projects"
    label = "projects"
    verbose_name = _("Projects and funding")

    def ready(self) -> None:
        from kompetensnav.common.navigation import NavItem, register

        register(NavItem(_("Projects"), "projects:project_list", "projects.view_projects", 700))
