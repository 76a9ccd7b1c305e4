from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "kompetensnav.participants"
    label = "participants"
    verbose_name = _("Participants and attendance")

    def ready(self) -> None:
        from kompetensnav.common.people import register as register_person_source

        from .people import SOURCE as person_source

        register_person_source(person_source)  # a person's data (GDPR)
        from kompetensnav.audit.registry import audit
        from kompetensnav.campus.signals import registered_at_sites, session_saved
        from kompetensnav.common import panels
        from kompetensnav.common.navigation import NavItem, register
        from kompetensnav.companies import timeline as company_timeline

        from . import exporters as participants_exporters
        from . import panels as participants_panels
        from . import receivers
        from .models import Attendance, Participant, PendingRegistration, Registration

        session_saved.connect(receivers.recount_seats, dispatch_uid="participants-recount-seats")
        registered_at_sites.connect(
            receivers.registered_at_sites, dispatch_uid="participants-registered-at-sites"
        )

        audit(Participant)
        audit(Registration)
        audit(Attendance)
        audit(PendingRegistration)

        register(
            NavItem(
                _("Participants"),
                "participants:course_list",
                "participants.view_participants",
                620,
            ),
        )
        panels.register(
            panels.Panel(
                "home", "participants/partials/home_provider.html", participants_panels.home, 14
            ),
            panels.Panel(
                "company_detail",
                "participants/partials/company_courses.html",
                participants_panels.company_courses,
                order=20,
            ),
            panels.Panel(
                "course_signup",
                "participants/partials/course_signup.html",
                participants_panels.course_signup,
            ),
            panels.Panel(
                "needs_dashboard",
                "participants/partials/gender_panel.html",
                participants_panels.needs_dashboard,
                order=20,
                sheets=participants_exporters.needs_dashboard_sheets,
            ),
        )
        from . import timeline

        company_timeline.register(timeline.employees_on_courses)
