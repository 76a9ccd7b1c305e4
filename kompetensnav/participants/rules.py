"""Who may see and handle participants. Registrations and attendance are personal data of
the course's provider and receiving sites: a coordinator sees everything, an organisation
admin or course provider the courses their organisation provides (every site) or receives
(their own site)."""

import rules

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.rules import is_coordinator, is_course_provider, is_org_admin

is_course_staff = is_org_admin | is_course_provider


def _org_id(user) -> int | None:
    affiliation = acting_affiliation(user)
    return affiliation.organisation_id if affiliation is not None else None


@rules.predicate
def provides_course(user, course) -> bool:
    """The course (or a session of it) is provided by the organisation the user acts for."""
    if course is None:
        return False
    course = getattr(course, "course", course)
    return course.provider_id == _org_id(user)


@rules.predicate
def receives_session(user, session) -> bool:
    if session is None or not hasattr(session, "sites"):
        return False
    org_id = _org_id(user)
    return org_id is not None and session.sites.filter(organisation_id=org_id).exists()


rules.add_perm("participants.view_participants", is_coordinator | is_course_staff)
rules.add_perm("participants.manage_course", is_coordinator | (is_course_staff & provides_course))
rules.add_perm(
    "participants.take_attendance",
    is_coordinator | (is_course_staff & (provides_course | receives_session)),
)
rules.add_perm("participants.import", is_coordinator)
# a person's own data (GDPR): export and erasure, for the network as the controller
rules.add_perm("participants.manage_personal_data", is_coordinator)
