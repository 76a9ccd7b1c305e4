from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "kompetensnav.interchange"
    label = "interchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from . import registry

        registry.autodiscover()
