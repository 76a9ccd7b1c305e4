from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kompetensnav.visits"
    label = "visits"
    verbose_name = _("Visits and needs")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register
        from kompetensnav.common.people import register as register_person_source
        from kompetensnav.companies import timeline as company_timeline
        from kompetensnav.notifications import kinds

        from . import notices, receivers  # noqa: F401 (receivers connect themselves)
        from . import panels as visits_panels
        from .models import Need, PlanItem, Visit
        from .people import GIVEN_SOURCE
        from .people import SOURCE as person_source

        # Free text about people and companies: notes, advice, who was present.
        audit(Visit)
        audit(Need)
        audit(PlanItem)
        kinds.register(*notices.KINDS)
        register_person_source(person_source)
        register_person_source(GIVEN_SOURCE)

        register(
            NavItem(_("Visits"), "visits:visit_list", "visits.log_visit", 310),
            NavItem(_("My follow-ups"), "visits:followups", "visits.view_followups", 320),
            NavItem(_("Needs analysis"), "visits:dashboard", "visits.view_dashboard", 330),
        )
        panels.register(
            panels.Panel("home", "visits/partials/home_broker.html", visits_panels.home, 14),
            panels.Panel(
                "company_actions",
                "visits/partials/company_actions.html",
                visits_panels.company_actions,
                order=10,
            ),
            panels.Panel(
                "company_detail",
                "visits/partials/company_visits.html",
                visits_panels.company_visits,
                order=10,
            ),
        )
        from . import timeline

        company_timeline.register(timeline.visits)
