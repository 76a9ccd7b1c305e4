"""Key figures of the collaboration model (definitions in docs/interchange.md, this product's
additions to the contract). --project restricts the initiatives to those linked to the
project; councils belong to no project and, like events, do not follow --project.
--organisation restricts none of them."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.dates import day_bounds
from kompetensnav.figures.kept import kept
from kompetensnav.figures.registry import Period, Unit, figure, scan

from .enums import InitiativeStatus
from .models import Initiative, Meeting


def _initiatives(period: Period):
    initiatives = Initiative.objects.all()
    if period.project is not None:
        initiatives = initiatives.filter(projects=period.project)
    return initiatives


@figure(
    "initiatives_active",
    area="collaboration_model",
    unit=Unit.COUNT,
    label=_("Initiatives under way"),
    definition=_(
        "Initiatives planned, running or finished whose period overlaps the period (an "
        "initiative without a start or an end is open on that side)."
    ),
    rule="initiatives with status `planned`, `running` or `done` whose period overlaps P (start ≤ to or no start, end ≥ from or no end); with `--project`, those linked to the project",
)
def initiatives_active(period: Period) -> int:
    return _initiative_counts(period)["active"]


@scan
@kept
def _initiative_counts(period: Period) -> dict:
    """The initiatives under way and those finished in the period, in one scan."""
    under_way = Q(
        Q(start__isnull=True) | Q(start__lte=period.end),
        Q(end__isnull=True) | Q(end__gte=period.start),
        status__in=[InitiativeStatus.PLANNED, InitiativeStatus.RUNNING, InitiativeStatus.DONE],
    )
    finished = Q(status=InitiativeStatus.DONE, end__gte=period.start, end__lte=period.end)
    return _initiatives(period).aggregate(
        active=Count("pk", filter=under_way), done=Count("pk", filter=finished)
    )


@figure(
    "initiatives_done",
    area="collaboration_model",
    unit=Unit.COUNT,
    label=_("Initiatives finished"),
    definition=_("Initiatives finished with their end in the period."),
    rule="initiatives with status `done` and end in P; with `--project`, those linked to the project",
)
def initiatives_done(period: Period) -> int:
    return _initiative_counts(period)["done"]


def _meetings(period: Period):
    first, after_last = day_bounds(period.start, period.end)
    return Meeting.objects.filter(starts_at__gte=first, starts_at__lt=after_last)


@figure(
    "councils_active",
    area="collaboration_model",
    unit=Unit.COUNT,
    label=_("Active industry councils"),
    definition=_("Industry councils running in the period that held at least one meeting in it."),
    rule="industry councils whose period overlaps P (started ≤ to, ends ≥ from or no end) that held at least one meeting starting in P; not restricted by `--project`",
)
def councils_active(period: Period) -> int:
    return _meeting_counts(period)["councils"]


@scan
@kept
def _meeting_counts(period: Period) -> dict:
    """The meetings starting in the period and the distinct councils running in the period
    that held them, in one scan of the meetings."""
    running = Q(
        Q(council__ends__isnull=True) | Q(council__ends__gte=period.start),
        council__started__lte=period.end,
    )
    return _meetings(period).aggregate(
        meetings=Count("pk"), councils=Count("council", distinct=True, filter=running)
    )


@figure(
    "council_meetings",
    area="collaboration_model",
    unit=Unit.COUNT,
    label=_("Industry council meetings"),
    definition=_("Meetings of industry councils starting in the period."),
    rule="industry council meetings starting in P (Stockholm time); not restricted by `--project`",
)
def council_meetings(period: Period) -> int:
    return _meeting_counts(period)["meetings"]
