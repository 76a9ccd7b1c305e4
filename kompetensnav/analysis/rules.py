"""Who sees what of the matching. Needs and published courses are shared network-wide, so are
the suggestions between them; a visit (and the tips logged on it) stays private to the
visiting organisation and the coordinators."""

import rules

from kompetensnav.accounts.rules import (
    has_affiliation,
    is_broker,
    is_coordinator,
    is_course_provider,
    is_org_admin,
)

rules.add_perm("analysis.view_matches", has_affiliation)
rules.add_perm("analysis.view_unmet_needs", is_coordinator | is_course_provider | is_org_admin)
rules.add_perm("analysis.propose_course", is_coordinator | is_course_provider | is_org_admin)
rules.add_perm("analysis.tell_company", is_coordinator | is_broker | is_org_admin)
