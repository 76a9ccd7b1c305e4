"""Key figures of the needs inventory (definitions in ../shared/spec/interchange.md):
visits dated in P, the distinct companies among them, and the needs recorded on them.
Period.organisation restricts the visits to that broker organisation."""

from django.db.models import Count

from kompetensnav.figures.registry import Period, figure

from .models import Need, Visit


def _visits(period: Period):
    qs = Visit.objects.filter(date__gte=period.start, date__lte=period.end)
    if period.organisation is not None:
        qs = qs.filter(organisation=period.organisation)
    return qs


@figure("visits")
def visits(period: Period) -> int:
    return _visits(period).count()


@figure("companies_visited")
def companies_visited(period: Period) -> int:
    return _visits(period).aggregate(n=Count("company", distinct=True))["n"]


@figure("needs")
def needs(period: Period) -> int:
    return Need.objects.filter(visit__in=_visits(period)).count()
