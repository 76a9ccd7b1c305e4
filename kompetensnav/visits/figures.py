"""Key figures of the needs inventory (definitions in ../shared/spec/interchange.md):
visits dated in P, the distinct companies among them, and the needs recorded on them.
Period.organisation restricts the visits to that broker organisation."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kompetensnav.figures.kept import kept
from kompetensnav.figures.registry import Period, Unit, figure, scan

from .models import Need, Visit


def _visits(period: Period):
    qs = Visit.objects.filter(date__gte=period.start, date__lte=period.end)
    if period.organisation is not None:
        qs = qs.filter(organisation=period.organisation)
    return qs


@figure(
    "visits",
    area="visits",
    unit=Unit.COUNT,
    headline=True,
    label=_("Company visits"),
    definition=_("Company visits dated in the period."),
    rule="visits dated in P",
)
def visits(period: Period) -> int:
    return _visit_counts(period)["visits"]


@scan
@kept
def _visit_counts(period: Period) -> dict:
    """The visits and the distinct companies among them, in one scan."""
    return _visits(period).aggregate(visits=Count("pk"), companies=Count("company", distinct=True))


@figure(
    "companies_visited",
    area="visits",
    unit=Unit.COUNT,
    label=_("Companies visited"),
    definition=_("Distinct companies among those visits."),
    rule="distinct companies among those visits",
)
def companies_visited(period: Period) -> int:
    return _visit_counts(period)["companies"]


@figure(
    "needs",
    area="visits",
    unit=Unit.COUNT,
    label=_("Needs recorded"),
    definition=_("Competence needs recorded on those visits."),
    rule="needs recorded on those visits",
)
def needs(period: Period) -> int:
    return _need_count(period)["needs"]


@kept
def _need_count(period: Period) -> dict:
    """The needs recorded on the period's visits, by the date each need keeps of its visit
    (Need.visit_date, kept by triggers, indexed)."""
    needs = Need.objects.filter(visit_date__gte=period.start, visit_date__lte=period.end)
    if period.organisation is not None:
        needs = needs.filter(visit__organisation=period.organisation)
    return needs.aggregate(needs=Count("pk"))
