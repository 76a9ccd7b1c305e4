"""What visits tells people (kompetensnav.notifications): a follow-up of a visit of theirs
is due. Registered in VisitsConfig.ready(); `manage.py tell_followups_due` (in `daily`)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
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
