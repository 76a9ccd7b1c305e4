"""What projects tells people (kompetensnav.notifications): a project's co-financing
forecast falls short (the coordinators are e-mailed at once by the daily check; the warning
is listed in the app too). Registered in ProjectsConfig.ready()."""

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
from kompetensnav.common.templatetags.swedish import sek
from kompetensnav.notifications.kinds import Kind
from kompetensnav.notifications.services import notify

if TYPE_CHECKING:
    from .cofinancing import Cofinancing
    from .models import Project

KINDS = (
    Kind(
        "cofinancing_shortfall",
        _("Projects whose co-financing falls short"),
        _("%(project)s: the co-financing forecast is %(forecast)s of the budgeted %(target)s"),
        frozenset({Role.COORDINATOR.value}),
    ),
)


def shortfall_tell(
    *, recipients: set[int], project: "Project", result: "Cofinancing", today: date
) -> int:
    """List the warning about the project in the coordinators' notifications (once a day at
    most; the daily check warns once a month)."""
    return notify(
        recipients=recipients,
        kind="cofinancing_shortfall",
        key=f"project:{project.pk}:{today.isoformat()}",
        params={
            "project": project.name,
            "forecast": sek(result.forecast),
            "target": sek(result.target),
        },
        url=reverse("projects:project_detail", args=[project.pk]),
        emailed=True,
    )
