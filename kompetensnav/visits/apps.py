from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kompetensnav.visits"
    label = "visits"
    verbose_name = _("Visits and needs")

    def ready(self) -> None:
        pass
