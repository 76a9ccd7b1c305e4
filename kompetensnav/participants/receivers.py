"""Receivers of other apps' signals, connected in ParticipantsConfig.ready()."""

from kompetensnav.campus.models import Course

from .services import Place, seats_recount


def recount_seats(sender, *, course: Course, **kwargs) -> list[Place]:
    """A session of the course was created or changed (campus.signals.session_saved): count
    the registered people into its seats, and answer the places that are now overfull."""
    return seats_recount(course=course)
