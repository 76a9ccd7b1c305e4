"""Who may do what with the course catalogue.

- Everyone affiliated reads the network's published courses; a course in any other status is
  private to its provider organisation, the board and the coordinators (selectors narrow
  querysets so another organisation's draft is simply not found: 404).
- Course providers and organisation admins create and edit their own organisation's courses,
  submit them, publish them once approved, archive them and manage their sessions;
  coordinators may do all of that for every member.
- The board and the coordinators review submitted courses (approve, or send back).

Role-level permissions (no object) gate a page before the course is looked up, so a role
that may never do something gets 403 whatever the course; object permissions then decide
for the course found.
"""

import rules

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.rules import (
    has_affiliation,
    is_board,
    is_coordinator,
    is_course_provider,
    is_org_admin,
)


@rules.predicate
def provides_course(user, course) -> bool:
    """The course (or session, through its course) is offered by the user's organisation."""
    if course is None:
        return False
    course = getattr(course, "course", course)
    affiliation = acting_affiliation(user)
    return affiliation is not None and course.provider_id == affiliation.organisation_id


is_provider_staff = is_course_provider | is_org_admin

rules.add_perm("campus.view_courses", has_affiliation)
# role level: may this role ever write courses / review them
rules.add_perm("campus.add_course", is_coordinator | is_provider_staff)
rules.add_perm("campus.review_courses", is_coordinator | is_board)
# object level
rules.add_perm("campus.change_course", is_coordinator | (is_provider_staff & provides_course))
rules.add_perm("campus.review_course", is_coordinator | is_board)
rules.add_perm("campus.publish_course", is_coordinator | (is_provider_staff & provides_course))
rules.add_perm("campus.manage_sessions", is_coordinator | (is_provider_staff & provides_course))
