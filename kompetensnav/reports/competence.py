"""The annual competence analysis (kompetensanalys) of a period and a region: the needs
analysis' parts gathered into one document, for the strategic level to publish. What each
part counts is defined in docs/needs-analysis.md; nothing here counts anything itself, it
reads the selectors of visits, analysis and participants.

The region is the network (everything), a subregion or a municipality, named by its name,
slug or SCB code (`resolve_region`). Shared as a document, its small cells are hidden as the
parts hide them on the page: gender cells of 1–4 people, an industry's gap means below five
companies, a country's answers below five responses."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.analysis.selectors import offer_against_demand
from kompetensnav.figures.charts import Chart, bar_chart
from kompetensnav.participants.selectors import gender_breakdown
from kompetensnav.reference.models import Municipality, Subregion
from kompetensnav.visits import selectors
from kompetensnav.visits.charts import gap_chart, trend_chart
from kompetensnav.visits.selectors import NeedFilters

from .report import period_text

# Translators: the title of the annual competence analysis; Swedish "Kompetensanalys"
TITLE = gettext_lazy("Competence analysis")
BREAKDOWNS = ("area", "industry", "subregion", "size", "horizon", "seqf_level", "country")


class RegionError(ValueError):
    pass


@dataclass(frozen=True)
class Region:
    kind: str  # network, subregion or municipality
    key: str
    name: str

    def filters(self) -> dict[str, str]:
        if self.kind == "subregion":
            return {"subregion": self.key}
        if self.kind == "municipality":
            return {"municipality": self.key}
        return {}


def resolve_region(text: str | None) -> Region:
    """The region a name, slug or code names (case does not matter); none: the network."""
    if not text or not text.strip():
        return Region("network", "", _("The whole network"))
    wanted = text.strip()
    subregion = (
        Subregion.objects.filter(slug__iexact=wanted).first()
        or Subregion.objects.filter(name__iexact=wanted).first()
    )
    if subregion is not None:
        return Region("subregion", subregion.slug, subregion.name)
    municipality = (
        Municipality.objects.filter(code=wanted).first()
        or Municipality.objects.filter(name__iexact=wanted).first()
    )
    if municipality is not None:
        return Region("municipality", municipality.code, municipality.name)
    raise RegionError(
        _("No subregion or municipality is called “%(region)s”: use a name (Fyrbodal, "
          "Lidköping), a subregion's identifier or a municipality's SCB code (1494).")
        % {"region": wanted}
    )  # fmt: skip


@dataclass
class CompetenceAnalysis:
    date_from: date
    date_to: date
    region: Region
    language: str
    filters: NeedFilters
    summary: dict[str, Any]
    trend: dict[str, Any]
    focus: list[dict[str, Any]]
    breakdowns: list[tuple[str, list[dict[str, Any]]]]
    offer: dict[str, Any]
    gender: dict[str, list[dict[str, Any]]]
    gaps: dict[str, Any]
    countries: dict[str, Any]
    charts: dict[str, Chart] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{TITLE} {self.period_text}"

    @property
    def period_text(self) -> str:
        return period_text(self.date_from, self.date_to)

    def notes(self) -> list[tuple[str, Any]]:
        return [
            (_("Region"), self.region.name),
            (_("From"), self.date_from),
            (_("To"), self.date_to),
        ]


def competence_analysis(
    *, date_from: date, date_to: date, region: Region, language: str, draw: bool = True
) -> CompetenceAnalysis:
    """Everything the document shows, read once (in the active language)."""
    filters = NeedFilters(date_from=date_from, date_to=date_to, **region.filters())
    analysis = CompetenceAnalysis(
        date_from=date_from,
        date_to=date_to,
        region=region,
        language=language,
        filters=filters,
        summary=selectors.needs_dashboard(actor=None, filters=filters),
        trend=selectors.needs_trend(actor=None, filters=filters, step="year"),
        focus=selectors.focus_areas(actor=None, filters=filters),
        breakdowns=[
            (
                str(selectors.DIMENSIONS[by].label),
                selectors.needs_breakdown(actor=None, filters=filters, by=by),
            )
            for by in BREAKDOWNS
        ],
        offer=offer_against_demand(actor=None, filters=filters),
        gender=gender_breakdown(actor=None, filters=filters),
        gaps=selectors.gap_over_time(actor=None, filters=filters),
        countries=selectors.country_comparison(actor=None, filters=filters, language=language),
    )
    if draw:
        analysis.charts = _charts(analysis)
    return analysis


def _charts(analysis: CompetenceAnalysis) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    if analysis.focus:
        charts["focus"] = bar_chart(
            _("Focus areas: score"),
            [(row["area__name"], row["score"]) for row in analysis.focus],
            value_label=_("Score"),
        )
    for key, chart in (
        ("trend", trend_chart(analysis.trend)),
        ("gap", gap_chart(analysis.gaps)),
    ):
        if chart is not None:
            charts[key] = chart
    return charts
