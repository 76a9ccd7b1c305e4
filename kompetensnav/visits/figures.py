"""Key figures of the needs inventory (definitions in ../shared/spec/interchange.md):
visits dated in P, the distinct companies among them, and the needs recorded on them.
Period.organisation restricts the visits to that broker organisation."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

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
    return Need.objects.filter(visit__in=_visits(period)).count()
