"""The actors routes of the collaboration model in the permission matrix."""

from tests.permissions import Route

ROUTES: dict[str, Route] = {}


def extend_world(world: dict) -> None:
    pass
