from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "kompetensnav.participants"
    label = "participants"
    verbose_name = _("Participants and attendance")

    def ready(self) -> None:
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from .models import Attendance, Participant, PendingRegistration, Registration

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
