import rules

from kompetensnav.accounts.rules import has_affiliation

rules.add_perm("network.view_organisations", has_affiliation)
