"""Who may do what with companies. Companies are shared across the network: every affiliated
user reads them; the people who meet companies (brokers, organisation admins, coordinators)
add and correct them."""

import rules

from kompetensnav.accounts.rules import has_affiliation, is_broker, is_coordinator, is_org_admin

rules.add_perm("companies.view_companies", has_affiliation)
rules.add_perm("companies.edit_companies", is_broker | is_org_admin | is_coordinator)
rules.add_perm("companies.import", is_coordinator)
