"""The network's routes in the permission matrix (tests/test_permission_matrix.py).

Organisations, their profiles, memberships, contacts and events are shared across the
network: everyone affiliated reads them, so another organisation's object is found. Editing
one without the right answers 403, not 404. The matrix can only express "allowed on own,
404 on foreign" for roles in `allowed`, so routes where an organisation admin edits their
own organisation's things have no `foreign_kwargs` here; the 403 for another organisation's
admin is tested in kompetensnav/network/tests/test_profile.py and test_contacts.py.
"""

from datetime import date

from kompetensnav.accounts.enums import Role
from kompetensnav.network.models import Collaboration, Contact, Event, Membership
from tests.permissions import ALL_ROLES, Route

EDITORS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}
COORDINATOR = {Role.COORDINATOR.value}


def _own_org(w):
    return {"pk": w["own_org"].pk}


ROUTES: dict[str, Route] = {
    "network:organisation_list": Route(allowed=ALL_ROLES),
    "network:organisation_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_own_org,
        foreign_kwargs=lambda w: {"pk": w["foreign_org"].pk},
        foreign_allowed=ALL_ROLES,
    ),
    "network:organisation_edit": Route(allowed=EDITORS, kwargs=_own_org),
    "network:organisation_create": Route(allowed=COORDINATOR),
    "network:membership_create": Route(
        allowed=COORDINATOR,
        kwargs=_own_org,
        foreign_kwargs=lambda w: {"pk": w["foreign_org"].pk},
        foreign_allowed=COORDINATOR,
    ),
    "network:membership_edit": Route(
        allowed=COORDINATOR,
        kwargs=lambda w: {"pk": w["own_membership"].pk},
        foreign_kwargs=lambda w: {"pk": w["foreign_membership"].pk},
        foreign_allowed=COORDINATOR,
    ),
    "network:contact_list": Route(allowed=ALL_ROLES),
    "network:contact_export": Route(allowed=EDITORS, kwargs=lambda w: {"fmt": "csv"}),
    "network:contact_create": Route(allowed=EDITORS, kwargs=_own_org),
    "network:contact_edit": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["own_contact"].pk}),
    "network:contact_delete": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["own_contact"].pk}),
    "network:contact_confirm": Route(
        allowed=EDITORS, method="post", ok=302, kwargs=lambda w: {"pk": w["own_contact"].pk}
    ),
    "network:event_list": Route(allowed=ALL_ROLES),
    "network:event_calendar": Route(allowed=ALL_ROLES),
    "network:event_create": Route(allowed=COORDINATOR),
    "network:event_edit": Route(allowed=COORDINATOR, kwargs=lambda w: {"pk": w["event"].pk}),
    "network:collaboration_list": Route(allowed=ALL_ROLES),
    "network:collaboration_create": Route(allowed=COORDINATOR),
    "network:collaboration_edit": Route(
        allowed=COORDINATOR, kwargs=lambda w: {"pk": w["collaboration"].pk}
    ),
}


def extend_world(world: dict) -> None:
    own, foreign = world["own_org"], world["foreign_org"]
    world["own_contact"] = Contact.objects.create(
        organisation=own, name="Egen Kontakt", email="egen@example.se"
    )
    world["foreign_contact"] = Contact.objects.create(
        organisation=foreign, name="Annan Kontakt", email="annan@example.se"
    )
    world["own_membership"] = Membership.objects.create(organisation=own, year=2025)
    world["foreign_membership"] = Membership.objects.create(organisation=foreign, year=2025)
    world["event"] = Event.objects.create(
        kind="network_meeting", date=date(2025, 3, 12), title="Nätverksträff", organiser=own
    )
    collaboration = Collaboration.objects.create(established=date(2025, 4, 1), title="Samverkan")
    collaboration.parties.set([own, foreign])
    world["collaboration"] = collaboration
