"""Receivers of other apps' signals, connected in ParticipantsConfig.ready()."""

from kompetensnav.campus.models import Course

from .services import Place, registered_per_site, seats_recount


def recount_seats(sender, *, course: Course, **kwargs) -> list[Place]:
    """A session of the course was created or changed (campus.signals.session_saved): count
    the registered people into its seats, and answer the places that are now overfull."""
    return seats_recount(course=course)


def registered_at_sites(sender, *, course_ids: set[int], **kwargs) -> dict[tuple[int, int], int]:
    """The people registered at each receiving site of the courses
    (campus.signals.registered_at_sites)."""
    return registered_per_site(course_ids=course_ids)
