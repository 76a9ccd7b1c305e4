"""Who may do what in the collaboration model.

Actors, priorities, initiatives and the maps are shared across the network: everyone
affiliated reads them. A council is private to its members: coordinators, the strategic
level and the council's members see it (another user gets 404); its chair and coordinators
manage it. The strategic level is the organisation admins and board members of an
organisation whose actor works at the strategic level; with coordinators they set the
priorities and start councils. A member is a person on the council (matched by the
e-mail address of their account) or anyone acting for an organisation with a seat."""

import rules
from django.db.models import Q

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.rules import (
    acts_for_organisation,
    has_affiliation,
    is_coordinator,
    is_org_admin,
)

from .enums import Level


def user_email(user) -> str:
    return (getattr(user, "email", "") or "").strip()


@rules.predicate
def is_strategic(user) -> bool:
    affiliation = acting_affiliation(user)
    if affiliation is None or affiliation.role not in (Role.ORG_ADMIN, Role.BOARD):
        return False
    # the reverse one-to-one raises an AttributeError when the organisation is no actor
    actor = getattr(affiliation.organisation, "actor", None)
    return actor is not None and actor.level in (Level.STRATEGIC, Level.BOTH)


def member_condition(user, prefix: str = "") -> Q:
    """The councils `user` belongs to, as a condition on Council (or `prefix`ed)."""
    affiliation = acting_affiliation(user)
    condition = Q(pk__in=[])
    email = user_email(user)
    if email:
        condition |= Q(**{f"{prefix}members__email__iexact": email})
    if affiliation is not None:
        condition |= Q(**{f"{prefix}members__actor__organisation_id": affiliation.organisation_id})
    return condition


@rules.predicate
def is_council_member(user, council) -> bool:
    if council is None:
        return False
    return type(council).objects.filter(member_condition(user), pk=council.pk).exists()


@rules.predicate
def chairs_council(user, council) -> bool:
    email = user_email(user)
    if council is None or not email or acting_affiliation(user) is None:
        return False
    return council.members.filter(is_chair=True, email__iexact=email).exists()


@rules.predicate
def owns_actor(user, actor) -> bool:
    return (
        actor is not None
        and actor.organisation_id is not None
        and acts_for_organisation(user, actor.organisation)
    )


@rules.predicate
def owns_initiative(user, initiative) -> bool:
    return initiative is not None and owns_actor(user, initiative.owner)


rules.add_perm("collaboration.view", has_affiliation)
rules.add_perm("collaboration.manage_actors", is_coordinator)
rules.add_perm("collaboration.edit_actor", is_coordinator | (is_org_admin & owns_actor))
rules.add_perm("collaboration.create_council", is_coordinator | is_strategic)
rules.add_perm("collaboration.see_all_councils", is_coordinator | is_strategic)
rules.add_perm("collaboration.view_council", is_coordinator | is_strategic | is_council_member)
rules.add_perm("collaboration.manage_council", is_coordinator | chairs_council)
rules.add_perm("collaboration.manage_priorities", is_coordinator | is_strategic)
rules.add_perm("collaboration.create_initiative", is_coordinator | is_strategic | is_org_admin)
rules.add_perm(
    "collaboration.manage_initiative",
    is_coordinator | is_strategic | (is_org_admin & owns_initiative),
)
rules.add_perm("collaboration.import", is_coordinator)
