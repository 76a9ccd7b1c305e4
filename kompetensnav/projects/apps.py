from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kompetensnav.projects"
    label = "projects"
    verbose_name = _("Projects and funding")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register
        from kompetensnav.notifications import kinds
        from kompetensnav.participants.signals import (
            attendance_recorded,
            participants_anonymised,
            person_data_requested,
        )

        from . import notices
        from . import panels as projects_panels
        from .models import IdentityNumber
        from .receivers import cofinancing_recheck, identity_number_of, identity_numbers_erase

        kinds.register(*notices.KINDS)
        attendance_recorded.connect(cofinancing_recheck, dispatch_uid="projects-cofinancing")
        participants_anonymised.connect(identity_numbers_erase, dispatch_uid="projects-retention")
        person_data_requested.connect(identity_number_of, dispatch_uid="projects-person-data")

        # the log keeps that a number changed or was read, never the number
        audit(IdentityNumber, mask=["personal_identity_number"])

        register(NavItem(_("Projects"), "projects:project_list", "projects.view_projects", 700))
        panels.register(
            panels.Panel("home", "projects/partials/home_warnings.html", projects_panels.home, 17)
        )
