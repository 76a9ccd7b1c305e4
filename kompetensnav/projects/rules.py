"""Who may do what with projects.

Projects, their budgets and Erasmus+ utilisation are shared across the network: members are
the partners, and the figures are aggregates. Coordinators run projects; the project owner
(the lead partner's organisation admin) manages its own project. Participant reporting holds
personal data and is limited to coordinators and the project owner's admin."""

import rules

from kompetensnav.accounts.rules import has_affiliation, is_coordinator, is_org_admin

from .enums import PartnerRole


@rules.predicate
def leads_project(user, project) -> bool:
    affiliation = getattr(user, "affiliation", None)
    if project is None or affiliation is None:
        return False
    return project.partners.filter(
        organisation_id=affiliation.organisation_id, role=PartnerRole.LEAD
    ).exists()


@rules.predicate
def partner_of_project(user, project) -> bool:
    affiliation = getattr(user, "affiliation", None)
    if project is None or affiliation is None:
        return False
    return project.partners.filter(organisation_id=affiliation.organisation_id).exists()


rules.add_perm("projects.view_projects", has_affiliation)
rules.add_perm("projects.create_project", is_coordinator)
rules.add_perm("projects.manage_project", is_coordinator | (is_org_admin & leads_project))
rules.add_perm("projects.manage_mobilities", is_coordinator | (is_org_admin & partner_of_project))
rules.add_perm("projects.report_participants", is_coordinator | (is_org_admin & leads_project))
