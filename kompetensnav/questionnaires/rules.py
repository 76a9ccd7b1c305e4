"""Who may do what with questionnaires. Questionnaires and their results are shared across
the network: coordinators build and distribute them; brokers, organisation admins and the
board read the results."""

import rules

from kompetensnav.accounts.rules import is_board, is_broker, is_coordinator, is_org_admin

rules.add_perm("questionnaires.manage", is_coordinator)
rules.add_perm("questionnaires.view_results", is_coordinator | is_org_admin | is_broker | is_board)
# Answering inside the system (a visit's embedded questionnaire): anyone who records visits.
rules.add_perm("questionnaires.answer", is_coordinator | is_org_admin | is_broker)
# Names and e-mail addresses of named respondents: coordinators only.
rules.add_perm("questionnaires.view_respondents", is_coordinator)
