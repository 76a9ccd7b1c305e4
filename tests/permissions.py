"""Building blocks of the permission matrix (tests/test_permission_matrix.py).

An app with pages adds `kompetensnav/<app>/tests/routes.py` with `ROUTES: dict[str, Route]`
and, when its routes need objects, `extend_world(world: dict) -> None` that adds own and
foreign objects to the shared world (keys "own_org", "foreign_org", "users" by role exist).
An app whose routes have `Receiving` cases adds `extend_receiving_world(world: dict) -> None`
too, called after `extend_world` by the receiving-site test only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from kompetensnav.accounts.enums import Role

ROLES = [r.value for r in Role]
ANON = "anonymous"
ALL_ROLES = set(ROLES)
LOGIN = "login"  # a redirect to the login page


@dataclass
class Receiving:
    """A receiving-site case: a course sent live by the foreign organisation and received at
    the own organisation's site, with a participant at each site (the app's
    `extend_receiving_world`). The sending site's participant is not the own organisation's:
    its roles in `Route.allowed` get 404, or on a list page (`listed`) the page with their own
    site's participant and without the other one. Roles in `Route.foreign_allowed` (the
    coordinators) see both. Only for GET routes: every role asks in turn in one world."""

    kwargs: Callable[[dict], dict]
    query: Callable[[dict], dict] | None = None  # GET parameters
    # a list page: (text of the own site's participant, text of the sending site's one)
    listed: Callable[[dict], tuple[str, str]] | None = None


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
    data: dict | Callable[[dict], dict] = field(default_factory=dict)  # or from the world
    receiving: Receiving | None = None  # a course received from the foreign organisation


def _allauth(anonymous: int | str = 200, logged_in: int = 200) -> Route:
    return Route(allowed=ALL_ROLES, ok=logged_in, anonymous=anonymous)
