"""Building blocks of the permission matrix (tests/test_permission_matrix.py).

An app with pages adds `kompetensnav/<app>/tests/routes.py` with `ROUTES: dict[str, Route]`
and, when its routes need objects, `extend_world(world: dict) -> None` that adds own and
foreign objects to the shared world (keys "own_org", "foreign_org", "users" by role exist).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from kompetensnav.accounts.enums import Role

ROLES = [r.value for r in Role]
ANON = "anonymous"
ALL_ROLES = set(ROLES)
LOGIN = "login"  # a redirect to the login page


@dataclass
class Route:
    """Expected outcome per role: an HTTP status, or LOGIN for a redirect to the login page."""

    allowed: set[str]  # roles that get `ok`
    ok: int = 200
    denied: int = 403  # what logged-in roles outside `allowed` get
    anonymous: int | str = LOGIN
    method: str = "get"
    kwargs: Callable[[dict], dict] | None = None
    foreign_kwargs: Callable[[dict], dict] | None = None  # a foreign organisation's object
    foreign_allowed: set[str] = field(default_factory=set)  # roles that may see foreign objects
    data: dict = field(default_factory=dict)


def _allauth(anonymous: int | str = 200, logged_in: int = 200) -> Route:
    return Route(allowed=ALL_ROLES, ok=logged_in, anonymous=anonymous)
