from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    """The key figures' registry, labels, privacy rule and charts: the floor every app that
    defines or draws figures stands on. No models; it imports none of the apps."""

    name = "kompetensnav.figures"
    label = "figures"
    verbose_name = _("Key figures")

    def ready(self) -> None:
        from . import registry

        registry.autodiscover()
