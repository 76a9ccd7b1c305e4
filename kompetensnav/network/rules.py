import rules

from kompetensnav.accounts.rules import (
    acts_for_organisation,
    has_affiliation,
    is_coordinator,
    is_org_admin,
)

rules.add_perm("network.view_organisations", has_affiliation)

# A member's own admin edits its profile and contacts; coordinators edit every member's.
rules.add_perm("network.edit_organisation", is_coordinator | (is_org_admin & acts_for_organisation))
rules.add_perm("network.create_organisation", is_coordinator)
rules.add_perm("network.manage_events", is_coordinator)
rules.add_perm("network.import", is_coordinator)
rules.add_perm("network.view_contacts", has_affiliation)
rules.add_perm("network.export_contacts", is_coordinator | is_org_admin)
rules.add_perm("network.manage_memberships", is_coordinator)
