"""Key figures of Erasmus+ mobility (definitions in ../shared/spec/interchange.md).

"The project(s)" of places_used_pct and budget_used_pct: the project given with --project,
otherwise every project whose period overlaps P (a project without dates counts), so an old
project's grant does not dilute this year's use."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from kompetensnav.figures.kept import kept
from kompetensnav.figures.registry import Period, Unit, figure, scan

from .enums import MobilityKind, MobilityStatus
from .models import Mobility, Project

ACCREDITATION_TARGET_PCT = Decimal(80)
KINDS = (MobilityKind.STUDENT.value, MobilityKind.STAFF.value)


def _projects(period: Period):
    if period.project is not None:
        return Project.objects.filter(pk=period.project.pk)
    return Project.objects.filter(
        Q(start__isnull=True) | Q(start__lte=period.end),
        Q(end__isnull=True) | Q(end__gte=period.start),
    )


@scan
def _completed(period: Period) -> dict[str, dict]:
    """{kind: {"count": n, "grants": Decimal}} of completed mobilities starting in P."""
    found = _completed_by_kind(period)
    return {
        kind: {"count": found[f"count_{kind}"], "grants": found[f"grants_{kind}"] or Decimal(0)}
        for kind in KINDS
    }


@kept
def _completed_by_kind(period: Period) -> dict:
    mobilities = Mobility.objects.filter(
        status=MobilityStatus.COMPLETED, start__gte=period.start, start__lte=period.end
    )
    if period.project is not None:
        mobilities = mobilities.filter(project=period.project)
    return mobilities.aggregate(
        **{f"count_{kind}": Count("pk", filter=Q(kind=kind)) for kind in KINDS},
        **{f"grants_{kind}": Sum("grant_sek", filter=Q(kind=kind)) for kind in KINDS},
    )


@scan
def _granted(period: Period) -> dict[str, dict]:
    totals = _granted_totals(period)
    return {
        kind: {"places": totals[f"places_{kind}"], "budget": totals[f"budget_{kind}"]}
        for kind in KINDS
    }


@kept
def _granted_totals(period: Period) -> dict:
    return _projects(period).aggregate(
        places_student=Sum("granted_places_student"),
        places_staff=Sum("granted_places_staff"),
        budget_student=Sum("budget_student_sek"),
        budget_staff=Sum("budget_staff_sek"),
    )


def percentage(part, whole) -> Decimal | None:
    """part / whole × 100 with one decimal (half up); None when nothing is granted."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@figure(
    "mobilities_completed",
    area="mobilities",
    unit=Unit.COUNT,
    parts=KINDS,
    headline=True,
    label=_("Mobilities completed"),
    definition=_(
        "Erasmus+ mobilities completed that started in the period, for learners and staff."
    ),
    rule=('object `{"student": n, "staff": n}`: mobilities with status `completed` and start in P'),
)
def mobilities_completed(period: Period) -> dict[str, int]:
    return {kind: row["count"] for kind, row in _completed(period).items()}


@figure(
    "places_used_pct",
    area="mobilities",
    unit=Unit.PERCENT,
    parts=KINDS,
    optional=True,
    label=_("Granted places used (%)"),
    definition=_(
        "Completed mobilities as a percentage of the places granted to the projects, per kind; "
        "– where no places are granted."
    ),
    rule="object by kind: completed mobilities (start in P) / granted places of the project(s) × 100, 1 decimal; null where nothing is granted",
)
def places_used_pct(period: Period) -> dict[str, Decimal | None]:
    completed, granted = _completed(period), _granted(period)
    return {kind: percentage(completed[kind]["count"], granted[kind]["places"]) for kind in KINDS}


@figure(
    "budget_used_pct",
    area="mobilities",
    unit=Unit.PERCENT,
    parts=KINDS,
    optional=True,
    label=_("Mobility budget used (%)"),
    definition=_(
        "Grants of the completed mobilities as a percentage of the projects' mobility budget, "
        "per kind; – where there is no budget."
    ),
    rule="object by kind: sum of grant_sek of those completed mobilities / budget_<kind>_sek × 100, 1 decimal; null where no budget",
)
def budget_used_pct(period: Period) -> dict[str, Decimal | None]:
    completed, granted = _completed(period), _granted(period)
    return {kind: percentage(completed[kind]["grants"], granted[kind]["budget"]) for kind in KINDS}


@figure(
    "accreditation_target_met",
    area="mobilities",
    unit=Unit.YES_NO,
    parts=KINDS,
    optional=True,
    label=_("Accreditation target met (at least 80 per cent of places used)"),
    definition=_("Whether at least 80 per cent of the granted places were used, per kind."),
    rule="object by kind: places_used_pct ≥ 80",
)
def accreditation_target_met(period: Period) -> dict[str, bool | None]:
    return {
        kind: None if pct is None else pct >= ACCREDITATION_TARGET_PCT
        for kind, pct in places_used_pct(period).items()
    }
