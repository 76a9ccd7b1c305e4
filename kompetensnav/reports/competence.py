"""The annual competence analysis (kompetensanalys) of a period and a region: the needs
analysis' parts gathered into one document, for the strategic level to publish. What each
part counts is defined in docs/needs-analysis.md; nothing here counts anything itself, it
reads the selectors of visits, analysis and participants.

The region is the network (everything), a subregion or a municipality, named by its name,
slug or SCB code (`resolve_region`). Shared as a document, its small cells are hidden as the
parts hide them on the page: gender cells of 1–4 people, an industry's gap means below five
companies, a country's answers below five responses."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.analysis.selectors import offer_against_demand
from kompetensnav.common.text import swedish_sort_key
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


def _title(date_from: date, date_to: date, region_name: str) -> str:
    title = f"{TITLE} {period_text(date_from, date_to)}"
    return f"{title} – {region_name}" if region_name else title


def competence_title(report: Any) -> str:
    """“Kompetensanalys 2025 – Fyrbodal” of a CompetenceReport (the network's: no region)."""
    return _title(report.date_from, report.date_to, report.region_name if report.region_key else "")


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


def region_choices() -> list[tuple[str, Any]]:
    """The regions a competence analysis can be made for, as a select's choices: the network,
    the subregions, then each subregion's municipalities (values "subregion:fyrbodal",
    "municipality:1494"; "" for the network)."""
    municipalities: dict[str, list[tuple[str, str]]] = {}
    for code, name, subregion in Municipality.objects.filter(subregion__isnull=False).values_list(
        "code", "name", "subregion__name"
    ):
        municipalities.setdefault(subregion, []).append((f"municipality:{code}", name))
    subregions = list(Subregion.objects.order_by("name").values_list("slug", "name"))
    return [
        ("", _("The whole network")),
        (_("Subregions"), [(f"subregion:{slug}", name) for slug, name in subregions]),
        *[
            (_("Municipalities in %(subregion)s") % {"subregion": name},
             sorted(municipalities.get(name, []), key=lambda choice: swedish_sort_key(choice[1])))
            for _slug, name in subregions
            if municipalities.get(name)
        ],
    ]  # fmt: skip


def region_from_choice(value: str) -> Region:
    """The region of a value of region_choices(); RegionError if it names none."""
    kind, _sep, key = (value or "").partition(":")
    if not value:
        return resolve_region(None)
    if kind == "subregion":
        found = Subregion.objects.filter(slug=key).values_list("name", flat=True).first()
    elif kind == "municipality":
        found = Municipality.objects.filter(code=key).values_list("name", flat=True).first()
    else:
        found = None
    if found is None:
        raise RegionError(_("Choose a region from the list."))
    return Region(kind, key, found)


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
    # the coordinator's texts (plain text, paragraphs separated by blank lines)
    introduction: str = ""
    conclusions: str = ""

    @property
    def title(self) -> str:
        return _title(self.date_from, self.date_to, self.region.name if self.region.key else "")

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
    *,
    date_from: date,
    date_to: date,
    region: Region,
    language: str,
    draw: bool = True,
    introduction: str = "",
    conclusions: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> CompetenceAnalysis:
    """Everything the document shows, read once (in the active language). `progress(step,
    percent)` is called between the parts (the worker's progress bar: 5–50 %)."""
    filters = NeedFilters(date_from=date_from, date_to=date_to, **region.filters())
    report = progress or (lambda step, percent: None)
    parts: dict[str, Any] = {}
    reads: list[tuple[str, Callable[[], Any]]] = [
        ("summary", lambda: selectors.needs_dashboard(actor=None, filters=filters)),
        ("trend", lambda: selectors.needs_trend(actor=None, filters=filters, step="year")),
        ("focus", lambda: selectors.focus_areas(actor=None, filters=filters)),
        (
            "breakdowns",
            lambda: [
                (
                    str(selectors.DIMENSIONS[by].label),
                    selectors.needs_breakdown(actor=None, filters=filters, by=by),
                )
                for by in BREAKDOWNS
            ],
        ),
        ("offer", lambda: offer_against_demand(actor=None, filters=filters)),
        ("gender", lambda: gender_breakdown(actor=None, filters=filters)),
        ("gaps", lambda: selectors.gap_over_time(actor=None, filters=filters)),
        (
            "countries",
            lambda: selectors.country_comparison(actor=None, filters=filters, language=language),
        ),
    ]
    for done, (name, read) in enumerate(reads):
        report("figures", 5 + 45 * done // len(reads))
        parts[name] = read()
    analysis = CompetenceAnalysis(
        date_from=date_from,
        date_to=date_to,
        region=region,
        language=language,
        filters=filters,
        introduction=introduction,
        conclusions=conclusions,
        **parts,
    )
    if draw:
        report("charts", 50)
        analysis.charts = _charts(analysis)
    return analysis


# The key figures kept with a published version (CompetenceVersion.figures), compared with
# later versions as they were published: keys, not labels, so that they read in any language.
SNAPSHOT_TOTALS = ("visits", "companies", "needs", "companies_with_needs")
SNAPSHOT_OFFER = ("courses", "places", "unmet")
SNAPSHOT_FOCUS = 10


def snapshot(analysis: CompetenceAnalysis) -> dict[str, Any]:
    totals = analysis.summary["totals"]
    offer = analysis.offer["totals"]
    return {
        "period": [analysis.date_from.isoformat(), analysis.date_to.isoformat()],
        "region": {"kind": analysis.region.kind, "key": analysis.region.key,
                   "name": analysis.region.name},
        "totals": {key: int(totals[key] or 0) for key in SNAPSHOT_TOTALS},
        "offer": {key: int(offer[key] or 0) for key in SNAPSHOT_OFFER},
        "focus": [
            {"area": row["area__name"], "rank": row["rank"], "score": float(row["score"]),
             "companies": row["companies"], "employees": row["employees"]}
            for row in analysis.focus[:SNAPSHOT_FOCUS]
        ],
    }  # fmt: skip


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


# The labels of the snapshot's figures, in the reader's language.
SNAPSHOT_LABELS = {
    "visits": gettext_lazy("Company visits"),
    "companies": gettext_lazy("Companies visited"),
    "needs": gettext_lazy("Competence needs"),
    "companies_with_needs": gettext_lazy("Companies with needs"),
    "courses": gettext_lazy("Published courses"),
    "places": gettext_lazy("Places on the courses"),
    "unmet": gettext_lazy("Needs without a matching course"),
}


def compare(this: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """Two snapshots side by side: each key figure with its change, and the focus areas of
    either with their ranks (None: not among the earlier's or this one's top areas)."""
    figures = []
    for part, keys in (("totals", SNAPSHOT_TOTALS), ("offer", SNAPSHOT_OFFER)):
        for key in keys:
            now, before = this.get(part, {}).get(key), earlier.get(part, {}).get(key)
            figures.append({
                "key": key,
                "label": SNAPSHOT_LABELS[key],
                "this": now,
                "earlier": before,
                "change": now - before if now is not None and before is not None else None,
            })  # fmt: skip
    earlier_ranks = {row["area"]: row for row in earlier.get("focus", [])}
    areas = [
        {
            "area": row["area"],
            "this": row["rank"],
            "earlier": earlier_ranks.get(row["area"], {}).get("rank"),
            "score": row["score"],
            "earlier_score": earlier_ranks.get(row["area"], {}).get("score"),
        }
        for row in this.get("focus", [])
    ]
    shown = {row["area"] for row in areas}
    gone = [row for row in earlier.get("focus", []) if row["area"] not in shown]
    return {"figures": figures, "areas": areas, "gone": gone}
