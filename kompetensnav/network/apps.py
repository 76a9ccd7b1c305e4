from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "kompetensnav.network"
    label = "network"
    verbose_name = _("The network")

    def ready(self) -> None:
        from kompetensnav.common.people import register as register_person_source

        from .people import SOURCE as person_source

        register_person_source(person_source)  # a person's data (GDPR)
        from kompetensnav.audit.registry import audit
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register

        from . import panels as network_panels
        from .models import Contact

        audit(Contact)

        register(
            NavItem(
                _("Member directory"),
                "network:organisation_list",
                "network.view_organisations",
                500,
            ),
            NavItem(_("Contacts"), "network:contact_list", "network.view_contacts", 510),
            NavItem(_("Events"), "network:event_list", "network.view_organisations", 520),
        )
        panels.register(
            panels.Panel("home", "network/partials/home_summary.html", network_panels.home, 20)
        )
