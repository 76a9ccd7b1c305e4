"""Key figures of the collaboration model (definitions in docs/interchange.md, this product's
additions to the contract). --project restricts the initiatives to those linked to the
project; councils belong to no project and, like events, do not follow --project.
--organisation restricts none of them."""

from django.db.models import Q

from kompetensnav.common.dates import day_bounds
from kompetensnav.figures.registry import Period, figure

from .enums import InitiativeStatus
from .models import Council, Initiative, Meeting


def _initiatives(period: Period):
    initiatives = Initiative.objects.all()
    if period.project is not None:
        initiatives = initiatives.filter(projects=period.project)
    return initiatives


@figure("initiatives_active")
def initiatives_active(period: Period) -> int:
    return (
        _initiatives(period)
        .filter(
            Q(start__isnull=True) | Q(start__lte=period.end),
            Q(end__isnull=True) | Q(end__gte=period.start),
            status__in=[InitiativeStatus.PLANNED, InitiativeStatus.RUNNING, InitiativeStatus.DONE],
        )
        .count()
    )


@figure("initiatives_done")
def initiatives_done(period: Period) -> int:
    return (
        _initiatives(period)
        .filter(status=InitiativeStatus.DONE, end__gte=period.start, end__lte=period.end)
        .count()
    )


def _meetings(period: Period):
    first, after_last = day_bounds(period.start, period.end)
    return Meeting.objects.filter(starts_at__gte=first, starts_at__lt=after_last)


@figure("councils_active")
def councils_active(period: Period) -> int:
    return (
        Council.objects.filter(
            Q(ends__isnull=True) | Q(ends__gte=period.start),
            started__lte=period.end,
            pk__in=_meetings(period).values("council_id"),
        )
        .distinct()
        .count()
    )


@figure("council_meetings")
def council_meetings(period: Period) -> int:
    return _meetings(period).count()
