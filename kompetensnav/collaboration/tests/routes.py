"""The collaboration model's routes in the permission matrix (tests/test_permission_matrix.py),
one module per job: routes_actors, routes_councils, routes_initiatives."""

from tests.permissions import ALL_ROLES, Route

from . import routes_actors, routes_councils, routes_initiatives

ROUTES: dict[str, Route] = {
    "collaboration:overview": Route(allowed=ALL_ROLES),
    **routes_actors.ROUTES,
    **routes_councils.ROUTES,
    **routes_initiatives.ROUTES,
}


def extend_world(world: dict) -> None:
    routes_actors.extend_world(world)
    routes_councils.extend_world(world)
    routes_initiatives.extend_world(world)
