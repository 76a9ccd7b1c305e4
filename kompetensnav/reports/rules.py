import rules

from kompetensnav.accounts.rules import has_affiliation

# The key figures are the network's, not one member's: everyone who acts for an
# organisation may see them.
rules.add_perm("reports.view_figures", has_affiliation)
