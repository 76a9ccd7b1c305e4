"""Who may do what. Predicates read the affiliation the user acts for (user.affiliation)."""

import rules

from .acting import acting_affiliation
from .enums import Role


def _role(user) -> str | None:
    affiliation = acting_affiliation(user)
    return affiliation.role if affiliation is not None else None


def _org_id(user) -> int | None:
    affiliation = acting_affiliation(user)
    return affiliation.organisation_id if affiliation is not None else None


@rules.predicate
def is_coordinator(user) -> bool:
    return _role(user) == Role.COORDINATOR


@rules.predicate
def is_org_admin(user) -> bool:
    return _role(user) == Role.ORG_ADMIN


@rules.predicate
def is_broker(user) -> bool:
    return _role(user) == Role.BROKER


@rules.predicate
def is_course_provider(user) -> bool:
    return _role(user) == Role.COURSE_PROVIDER


@rules.predicate
def is_board(user) -> bool:
    return _role(user) == Role.BOARD


@rules.predicate
def has_affiliation(user) -> bool:
    return _role(user) is not None


@rules.predicate
def acts_for_organisation(user, organisation) -> bool:
    """The object (an organisation, or anything with organisation_id) is the user's own."""
    if organisation is None:
        return False
    org_id = getattr(organisation, "organisation_id", None) or getattr(organisation, "pk", None)
    return org_id is not None and org_id == _org_id(user)


rules.add_perm("accounts.use_site", has_affiliation)
rules.add_perm("accounts.manage_people", is_coordinator | is_org_admin)
rules.add_perm(
    "accounts.manage_person",
    is_coordinator | (is_org_admin & acts_for_organisation),
)
rules.add_perm("accounts.assign_coordinator", is_coordinator)
rules.add_perm("accounts.disable_user", is_coordinator)
rules.add_perm("accounts.person_data", is_coordinator)  # a person's data network-wide (GDPR)
rules.add_perm("accounts.use_api_tokens", has_affiliation)
