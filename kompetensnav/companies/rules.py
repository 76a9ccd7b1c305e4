"""Who may do what with companies. Companies are shared across the network: every affiliated
user reads them; the people who meet companies (brokers, organisation admins, coordinators)
add and correct them."""

import rules

from kompetensnav.accounts.rules import (
    has_affiliation,
    is_broker,
    is_coordinator,
    is_course_provider,
    is_org_admin,
)

rules.add_perm("companies.view_companies", has_affiliation)
rules.add_perm("companies.edit_companies", is_broker | is_org_admin | is_coordinator)
rules.add_perm("companies.import", is_coordinator)
# merging two records of one company moves other organisations' visits: the network's office
rules.add_perm("companies.merge", is_coordinator)
# A company's contact people are personal data: for the people who work with companies (and
# the course providers who plan courses with them), not for viewers or the board.
rules.add_perm(
    "companies.view_contacts", is_broker | is_org_admin | is_coordinator | is_course_provider
)
