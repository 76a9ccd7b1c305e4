from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do for the organisation they act for."""

    COORDINATOR = "coordinator", _("Network coordinator")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    BROKER = "broker", _("Competence broker")
    COURSE_PROVIDER = "course_provider", _("Course provider")
    BOARD = "board", _("Board member")
    VIEWER = "viewer", _("Viewer")


class TokenScope(models.TextChoices):
    """What an API token may do, on top of (never beyond) its role's permissions: each API
    operation needs one of these. A token made before scopes existed reads only."""

    READ = "read", _("Read what the role may see")
    NETWORK_WRITE = "write:network", _("Add organisations and change their contact people")
    EVENTS_WRITE = "write:events", _("Record the network's events and collaborations")
    COMPANIES_WRITE = "write:companies", _("Create and change companies")
    VISITS_WRITE = "write:visits", _("Log visits and their needs")
    RESPONSES_WRITE = "write:responses", _("Submit questionnaire responses")
    COURSES_WRITE = (
        "write:courses",
        _("Create courses and sessions, and move courses through review"),
    )
    REGISTRATIONS_WRITE = "write:registrations", _("Register and cancel participants")
    ATTENDANCE_WRITE = "write:attendance", _("Record attendance")
    PROJECTS_WRITE = "write:projects", _("Create and change projects, budget lines and mobilities")


def default_token_scopes() -> list[str]:
    return [TokenScope.READ.value]


_PROVIDER_STAFF = {Role.COORDINATOR, Role.ORG_ADMIN, Role.COURSE_PROVIDER}
_BROKERS = {Role.COORDINATOR, Role.ORG_ADMIN, Role.BROKER}
# The roles a write scope is of use to (the roles whose permissions let them do what it
# allows, as the API's permission matrix says); a scope not listed is of use to every role
# (reading; the public registration's way in). The token page offers only these: a scope
# never adds to what the role may do anyway.
SCOPE_ROLES: dict[str, set[str]] = {
    TokenScope.NETWORK_WRITE: {Role.COORDINATOR, Role.ORG_ADMIN},
    TokenScope.EVENTS_WRITE: {Role.COORDINATOR},
    TokenScope.COMPANIES_WRITE: _BROKERS,
    TokenScope.VISITS_WRITE: _BROKERS,
    TokenScope.RESPONSES_WRITE: _BROKERS,
    TokenScope.COURSES_WRITE: {*_PROVIDER_STAFF, Role.BOARD},
    TokenScope.ATTENDANCE_WRITE: _PROVIDER_STAFF,
    TokenScope.PROJECTS_WRITE: {Role.COORDINATOR, Role.ORG_ADMIN},
}


def scopes_for(role: str) -> list[tuple[str, str]]:
    """The (value, label) choices of the scopes of use to the role."""
    return [
        (scope, label)
        for scope, label in TokenScope.choices
        if scope not in SCOPE_ROLES or role in SCOPE_ROLES[scope]
    ]
