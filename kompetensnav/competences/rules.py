import rules

from kompetensnav.accounts.rules import has_affiliation, is_coordinator

# The vocabulary is shared: every member reads it; the network's coordinators curate it.
rules.add_perm("competences.view_areas", has_affiliation)
rules.add_perm("competences.curate_areas", is_coordinator)
