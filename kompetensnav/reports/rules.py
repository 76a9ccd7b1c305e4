import rules

from kompetensnav.accounts.rules import has_affiliation, is_board, is_coordinator, is_org_admin

# The key figures are the network's, not one member's: everyone who acts for an
# organisation may see them.
rules.add_perm("reports.view_figures", has_affiliation)

# The annual report is made of the same aggregated figures (counts, sums and percentages over
# the whole network, never a person or one member's private record), so it is not sensitive.
# It is the coordinator's document for the annual meeting; the board, who approve it, and the
# members' organisation admins may read it and download the finished files. Making one costs
# the worker some seconds, so only coordinators start (and delete) them.
# Jobs are network-wide: a report another coordinator made is everyone's to read, like the
# figures in it.
is_report_reader = is_coordinator | is_board | is_org_admin
rules.add_perm("reports.view_annual_report", is_report_reader)
rules.add_perm("reports.create_annual_report", is_coordinator)
rules.add_perm("reports.delete_annual_report", is_coordinator)

# The competence analysis is the strategic level's yearly document, made of the same kind of
# aggregates (small cells hidden as in every shared view). Coordinators write it, preview it,
# publish it and delete drafts; the board and organisation admins read it and its versions.
# Published versions are never deleted (services.competence_report_delete).
rules.add_perm("reports.view_competence_analysis", is_report_reader)
rules.add_perm("reports.create_competence_analysis", is_coordinator)
rules.add_perm("reports.publish_competence_analysis", is_coordinator)
rules.add_perm("reports.delete_competence_analysis", is_coordinator)
