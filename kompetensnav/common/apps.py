from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "kompetensnav.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django.apps import apps

        from . import datacache, lookups, similarity, sqlite  # noqa: F401  (connect, register)
        from .navigation import NavItem, register
        from .validators import protect_model_text_fields

        # Every model is loaded before any ready() runs.
        protect_model_text_fields(
            model for model in apps.get_models() if model.__module__.startswith("kompetensnav.")
        )

        register(NavItem(_("Start"), "common:home", None, order=0))
        register(NavItem(_("Personal data"), "common:person_data", "accounts.person_data", 910))
