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
