"""What the overview page counts."""

from django.db.models import Count, Q

from kompetensnav.common.actor import Actor as ActingUser
from kompetensnav.common.permissions import require

from ..enums import ActionStatus, InitiativeStatus
from ..models import Actor, Initiative, Priority
from .councils import council_list


def overview_counts(*, actor: ActingUser) -> dict[str, int]:
    require(actor, "collaboration.view")
    councils = council_list(actor=actor).aggregate(
        total=Count("pk", distinct=True),
        open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
    )
    initiatives = Initiative.objects.aggregate(
        total=Count("pk"),
        running=Count("pk", filter=Q(status=InitiativeStatus.RUNNING)),
    )
    return {
        "actors": Actor.objects.count(),
        "councils": councils["total"],
        "open_actions": councils["open_actions"],
        "priorities": Priority.objects.count(),
        "initiatives": initiatives["total"],
        "running": initiatives["running"],
    }
