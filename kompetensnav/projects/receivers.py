"""Receivers of other apps' signals, connected in ProjectsConfig.ready()."""

from .models import IdentityNumber
from .services import cofinancing_warnings_send


def cofinancing_recheck(sender, session, **kwargs) -> None:
    """Attendance was recorded in a course: re-check its project's co-financing forecast now,
    rather than waiting for the daily check (the warning still goes out at most monthly)."""
    if session.course.project_id is not None:
        cofinancing_warnings_send(project_ids=[session.course.project_id])


def identity_numbers_erase(sender, ids, **kwargs) -> None:
    """Participants were anonymised at the end of their retention period: their personal
    identity numbers go too (the audit log keeps that they existed, never the number)."""
    IdentityNumber.objects.filter(participant_id__in=ids).delete()


def identity_number_of(sender, participant, **kwargs) -> dict:
    """For a participant's export of their data: the identity number, masked (the number
    itself is never put in an export, docs/quality.md)."""
    number = IdentityNumber.objects.filter(participant=participant).first()
    return {"identity_number": number.masked if number else None}
