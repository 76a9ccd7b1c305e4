"""The actors' routes of the collaboration model in the permission matrix: the list, an
actor's page, the actor map with its PDF and the education coverage are open to the whole
network; coordinators add and delete actors; an organisation admin edits its own
organisation's actor (that it cannot edit another's, which it sees: 403, is tested in
test_actors.py)."""

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import Level
from kompetensnav.collaboration.models import Actor
from tests.permissions import ALL_ROLES, Route

COORDINATOR = {Role.COORDINATOR.value}
EDITORS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value}


def _pk(key: str):
    return lambda w: {"pk": w[key].pk}


ROUTES: dict[str, Route] = {
    "collaboration:actor_list": Route(allowed=ALL_ROLES),
    "collaboration:actor_create": Route(allowed=COORDINATOR),
    "collaboration:actor_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_pk("own_actor"),
        foreign_kwargs=_pk("foreign_actor"),
        foreign_allowed=ALL_ROLES,
    ),
    "collaboration:actor_edit": Route(allowed=EDITORS, kwargs=_pk("own_actor")),
    "collaboration:actor_delete": Route(allowed=COORDINATOR, kwargs=_pk("own_actor")),
    "collaboration:actor_map": Route(allowed=ALL_ROLES),
    "collaboration:actor_map_pdf": Route(allowed=ALL_ROLES),
    "collaboration:coverage": Route(allowed=ALL_ROLES),
}


def extend_world(world: dict) -> None:
    for prefix in ("own", "foreign"):
        world[f"{prefix}_actor"], _ = Actor.objects.get_or_create(
            organisation=world[f"{prefix}_org"], defaults={"level": Level.OPERATIVE}
        )
