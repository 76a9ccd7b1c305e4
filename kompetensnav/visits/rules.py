"""Who may do what with visits. A visit's notes and advice are private to the visiting
organisation and the network's coordinators (selectors narrow to that, so another
organisation's visit answers 404); needs and their aggregates are shared network-wide."""

import rules

from kompetensnav.accounts.rules import (
    acts_for_organisation,
    has_affiliation,
    is_broker,
    is_coordinator,
    is_org_admin,
)

logs_visits = is_broker | is_org_admin | is_coordinator

rules.add_perm("visits.view_visits", has_affiliation)
rules.add_perm("visits.log_visit", logs_visits)
# object: a visit; only the visiting organisation (or a coordinator) edits it
changes_visit = is_coordinator | (logs_visits & acts_for_organisation)
rules.add_perm("visits.edit_visit", changes_visit)
rules.add_perm("visits.delete_visit", changes_visit)
rules.add_perm("visits.view_followups", logs_visits)
rules.add_perm("visits.plan_visits", logs_visits)
rules.add_perm("visits.view_needs", has_affiliation)
rules.add_perm("visits.view_dashboard", has_affiliation)
rules.add_perm("visits.import", is_coordinator)
