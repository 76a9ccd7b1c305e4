"""What analysis tells people (kompetensnav.notifications): a need was saved with no adequate
course on offer, told to the coordinators and to the course providers and organisation admins
of members whose education areas include the need's area. Registered in
AnalysisConfig.ready()."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.notifications.kinds import Kind
from kompetensnav.notifications.services import notify
from kompetensnav.visits.models import Need

KINDS = (
    Kind(
        "unmet_need",
        _("Needs without a course on offer, in my education areas"),
        _("%(area)s: a need at %(company)s has no course on offer"),
        frozenset({Role.COORDINATOR.value, Role.COURSE_PROVIDER.value, Role.ORG_ADMIN.value}),
    ),
)


def unmet_need_tell(*, need: Need) -> int:
    """Tell the coordinators, and the course providers and organisation admins of members
    whose education areas include the need's area, that the need has no adequate offer
    (once per need and person). Returns the number of notifications written."""
    recipients = set(
        Affiliation.objects.active()
        .filter(
            Q(role=Role.COORDINATOR)
            | Q(
                role__in=[Role.COURSE_PROVIDER, Role.ORG_ADMIN],
                organisation__education_areas=need.area_id,
            )
        )
        .values_list("user_id", flat=True)
    )
    return notify(
        recipients=recipients,
        kind="unmet_need",
        key=f"need:{need.pk}",
        params={"area": need.area.name, "company": need.visit.company.name},
        url=reverse("analysis:need_detail", args=[need.pk]),
    )
