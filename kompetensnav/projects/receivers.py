"""Receivers of other apps' signals, connected in ProjectsConfig.ready()."""

from .services import cofinancing_warnings_send


def cofinancing_recheck(sender, session, **kwargs) -> None:
    """Attendance was recorded in a course: re-check its project's co-financing forecast now,
    rather than waiting for the daily check (the warning still goes out at most monthly)."""
    if session.course.project_id is not None:
        cofinancing_warnings_send(project_ids=[session.course.project_id])
