from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "kompetensnav.interchange"
    label = "interchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register

        from . import panels as interchange_panels
        from . import registry
        from .models import ImportJob

        registry.autodiscover()
        # Who uploaded and imported what; the file itself is not copied into the log.
        audit(ImportJob, exclude=["content", "result", "progress_done", "progress_total"])
        register(NavItem(_("Import"), "interchange:upload", "interchange.use_web_import", 800))
        panels.register(
            panels.Panel(
                "home", "interchange/partials/home_imports.html", interchange_panels.home, 18
            )
        )
