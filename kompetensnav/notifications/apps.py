from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kompetensnav.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from kompetensnav.common.people import register as register_person_source

        from .people import SOURCE as person_source

        register_person_source(person_source)  # a person's data (GDPR)
        from kompetensnav.common import panels

        from . import panels as notification_panels

        panels.register(
            panels.Panel("home", "notifications/partials/home.html", notification_panels.home, 12)
        )
