"""What visits tells people (kompetensnav.notifications): a follow-up of a visit of theirs
is due; another member visited a company in a municipality their organisation represents
(routing). Registered in VisitsConfig.ready(); `manage.py tell_followups_due` (in `daily`)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.network.models import Membership
from kompetensnav.notifications.kinds import Kind
from kompetensnav.notifications.services import notify

from .models import Visit

KINDS = (
    Kind(
        "followup_due",
        _("Follow-ups of my visits that are due"),
        _("The follow-up of your visit to %(company)s is due (%(due)s)"),
        frozenset({Role.BROKER.value, Role.ORG_ADMIN.value, Role.COORDINATOR.value}),
    ),
    Kind(
        "visit_in_our_municipality",
        _("Other members' visits in the municipalities we represent"),
        _("%(organisation)s visited %(company)s (%(municipality)s) on %(date)s: %(needs)s"),
        frozenset({Role.BROKER.value, Role.ORG_ADMIN.value}),
    ),
)

LOCAL_ROLES = (Role.BROKER.value, Role.ORG_ADMIN.value)


def routed_visit_tell(*, visit: Visit) -> int:
    """Tell the brokers and organisation admins of the members that represent the company's
    municipality in the visit's year, when another organisation made the visit. Once per
    visit (saving it again tells nobody twice)."""
    municipality_id = visit.company.municipality_id
    if municipality_id is None:
        return 0
    members = Membership.objects.filter(
        year=visit.date.year, municipalities=municipality_id
    ).exclude(organisation_id=visit.organisation_id)
    recipients = list(
        Affiliation.objects.active()
        .filter(organisation_id__in=members.values("organisation_id"), role__in=LOCAL_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    areas = [need.area.name for need in visit.needs.select_related("area").order_by("pk")]
    return notify(
        recipients=recipients,
        kind="visit_in_our_municipality",
        key=f"visit:{visit.pk}",
        params={
            "organisation": visit.organisation.name,
            "company": visit.company.name,
            "municipality": str(visit.company.municipality),
            "date": visit.date.isoformat(),
            "needs": ", ".join(areas) if areas else str(_("no needs recorded")),
        },
        url=reverse("visits:visit_detail", args=[visit.pk]),
    )


def followups_due_tell(*, today: date | None = None) -> int:
    """Tell the people who made each visit whose open follow-up falls due today or earlier;
    once per visit and follow-up date (a date moved later is told again when it comes).
    Returns the number of notifications written."""
    today = today or timezone.localdate()
    due = (
        Visit.objects.filter(follow_up_done=False, follow_up_date__lte=today)
        .select_related("company")
        .prefetch_related("visited_by")
        .order_by("pk")
    )
    told = 0
    for visit in due.iterator(chunk_size=500):
        told += notify(
            recipients=[user.pk for user in visit.visited_by.all()],
            kind="followup_due",
            key=f"visit:{visit.pk}:{visit.follow_up_date}",
            params={"company": visit.company.name, "due": str(visit.follow_up_date)},
            url=reverse("visits:visit_detail", args=[visit.pk]),
        )
    return told
