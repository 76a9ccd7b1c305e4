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
