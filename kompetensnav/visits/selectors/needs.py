"""The needs analysis: what the needs recorded on company visits say, filtered and broken
down by every dimension, over time, and ranked into focus areas.

Needs are shared network-wide: these read them without the visits' notes. Every figure is
aggregated in the database; a page makes a fixed number of queries whatever the data."""

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, TruncQuarter, TruncYear
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.datacache import remember
from kompetensnav.companies.models import SizeClass
from kompetensnav.companies.selectors import size_condition, sni_condition
from kompetensnav.questionnaires.enums import CHOICE_TYPES, QuestionType, VersionStatus
from kompetensnav.questionnaires.models import Answer, QuestionnaireVersion
from kompetensnav.reference.models import Country, SeqfLevel, SniCode

from ..enums import GapArea, Horizon
from ..models import Need, Visit

TOP_AREAS = 10
FOCUS_AREAS = 10
MAX_BUCKETS = 40  # quarters or years in a trend: a longer period is shown by year, its last 40
# the focus score's weights (shown on the page): how many companies, how many employees,
# how urgent
FOCUS_WEIGHTS = {"companies": 50, "employees": 30, "urgency": 20}


@dataclass(frozen=True)
class NeedFilters:
    """Filters of the needs analysis and its drill-down. Period on the visit's date."""

    date_from: date
    date_to: date
    sni: str = ""
    subregion: str = ""
    municipality: str = ""
    size: str = ""
    horizon: str = ""
    gap_area: str = ""
    organisation: int | None = None
    area: int | None = None
    seqf_level: int | None = None
    country: str = ""
    project: int | None = None

    def over(self, *, date_from: date, date_to: date) -> "NeedFilters":
        """The same filters over another period."""
        return dataclasses.replace(self, date_from=date_from, date_to=date_to)


def _company_conditions(filters: NeedFilters, company: str) -> Q:
    """Conditions on the company, written from `company` (e.g. "visit__company__")."""
    q = Q()
    if filters.sni:
        q &= sni_condition(code=filters.sni, field=f"{company}sni")
    if filters.subregion:
        q &= Q(**{f"{company}municipality__subregion_id": filters.subregion})
    if filters.municipality:
        q &= Q(**{f"{company}municipality_id": filters.municipality})
    if filters.size:
        q &= size_condition(size=filters.size, field=f"{company}employees")
    if filters.country:
        q &= Q(**{f"{company}country_id": filters.country})
    return q


def _visit_conditions(filters: NeedFilters, prefix: str = "") -> Q:
    """Conditions on visits (and their companies), written from `prefix` (e.g. "visit__")."""
    q = Q(**{f"{prefix}date__gte": filters.date_from, f"{prefix}date__lte": filters.date_to})
    q &= _company_conditions(filters, f"{prefix}company__")
    if filters.organisation:
        q &= Q(**{f"{prefix}organisation_id": filters.organisation})
    if filters.project:
        q &= Q(**{f"{prefix}project_id": filters.project})
    return q


def needs_matching(*, filters: NeedFilters) -> QuerySet[Need]:
    # the period on both sides of the join: the need's own copy of its visit's date
    # (Need.visit_date) lets its index find the period's needs, the visit's date the index of
    # visits, so neither table is read whole
    qs = Need.objects.filter(
        _visit_conditions(filters, "visit__"),
        visit_date__gte=filters.date_from,
        visit_date__lte=filters.date_to,
    )
    if filters.horizon:
        qs = qs.filter(horizon=filters.horizon)
    if filters.gap_area:
        qs = qs.filter(gap_area=filters.gap_area)
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.seqf_level:
        qs = qs.filter(seqf_level_id=filters.seqf_level)
    return qs


AREA = "area_id"
AREA_NAME = "area__name"
COUNTRY = "visit__company__country_id"
SUBREGION = "visit__company__municipality__subregion_id"
SUBREGION_NAME = "visit__company__municipality__subregion__name"


def needs_by_area_and_place(*, filters: NeedFilters) -> list[dict[str, Any]]:
    """The needs of the filters in every country (the country filter is left out), per
    competence area, country and subregion of the company: needs, companies, employees
    affected (None where none is stated) and needs arising now. A company is in one country
    and one subregion, so its count adds up over them: the dashboard's areas and subregions,
    the focus areas, the breakdown by area and the countries side by side are all sums of
    these rows, which one scan of the period's needs gives (`needs_analysis` passes them
    to each; alone, each asks for them)."""
    everywhere = dataclasses.replace(filters, country="")
    return list(
        needs_matching(filters=everywhere)
        .values(AREA, AREA_NAME, COUNTRY, SUBREGION, SUBREGION_NAME)
        .annotate(
            needs=Count("pk"),
            companies=Count("visit__company", distinct=True),
            employees=Sum("employees_affected"),
            now=Count("pk", filter=Q(horizon=Horizon.NOW)),
        )
        .order_by()
    )


def _add_up(
    rows: Iterable[dict[str, Any]], keys: tuple[str, ...], *, country: str = ""
) -> list[dict[str, Any]]:
    """`needs_by_area_and_place` rows added up per `keys` (in the country `country` only,
    when given): needs, companies, employees (None where none was stated) and now."""
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        if country and row[COUNTRY] != country:
            continue
        entry = sums.get(tuple(row[k] for k in keys))
        if entry is None:
            entry = sums[tuple(row[k] for k in keys)] = {
                **{k: row[k] for k in keys},
                "needs": 0,
                "companies": 0,
                "employees": None,
                "now": 0,
            }
        entry["needs"] += row["needs"]
        entry["companies"] += row["companies"]
        entry["now"] += row["now"]
        if row["employees"] is not None:
            entry["employees"] = (entry["employees"] or 0) + row["employees"]
    return list(sums.values())


def _labelled(counts: dict[Any, int], choices: Iterable[tuple[Any, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": value, "label": label, "count": counts.get(value, 0)} for value, label in choices
    ]


def needs_dashboard(
    *, actor: Actor, filters: NeedFilters, grouped: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The totals and the fixed breakdowns of the dashboard, aggregated in four queries
    (three when given `grouped`, the rows of `needs_by_area_and_place`)."""
    if grouped is None:
        grouped = needs_by_area_and_place(filters=filters)
    needs = needs_matching(filters=filters)
    aggregates = {
        "needs": Count("pk"),
        "visits": Count("visit", distinct=True),
        "companies": Count("visit__company", distinct=True),
    }
    for value in Horizon.values:
        aggregates[f"horizon:{value}"] = Count("pk", filter=Q(horizon=value))
    aggregates["horizon:"] = Count("pk", filter=Q(horizon=""))
    for value in GapArea.values:
        aggregates[f"gap:{value}"] = Count("pk", filter=Q(gap_area=value))
    aggregates["gap:"] = Count("pk", filter=Q(gap_area=""))
    for level in range(1, 9):
        aggregates[f"seqf:{level}"] = Count("pk", filter=Q(seqf_level_id=level))
    aggregates["seqf:"] = Count("pk", filter=Q(seqf_level__isnull=True))
    totals = needs.aggregate(**aggregates)

    all_visits = Visit.objects.filter(_visit_conditions(filters)).aggregate(
        visits=Count("pk"), companies=Count("company", distinct=True)
    )
    areas = sorted(
        (
            {AREA: row[AREA], AREA_NAME: row[AREA_NAME], "count": row["needs"]}
            for row in _add_up(grouped, (AREA, AREA_NAME), country=filters.country)
        ),
        key=lambda row: (-row["count"], row[AREA_NAME]),
    )
    subregions = sorted(
        _add_up(grouped, (SUBREGION, SUBREGION_NAME), country=filters.country),
        # as the database sorts: no subregion last among equals
        key=lambda row: (-row["needs"], row[SUBREGION_NAME] is None, row[SUBREGION_NAME] or ""),
    )
    not_stated = _("Not stated")
    seqf_labels = [(str(level.level), str(level)) for level in SeqfLevel.objects.all()]
    return {
        "totals": {
            "needs": totals["needs"],
            "visits_with_needs": totals["visits"],
            "companies_with_needs": totals["companies"],
            "visits": all_visits["visits"],
            "companies": all_visits["companies"],
        },
        "top_areas": areas[:TOP_AREAS],
        "areas": areas,
        "horizons": _labelled(
            {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("horizon:")},
            [*Horizon.choices, ("", not_stated)],
        ),
        "gap_areas": _labelled(
            {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("gap:")},
            [*GapArea.choices, ("", not_stated)],
        ),
        "seqf_levels": _labelled(
            {k.split(":", 1)[1]: v for k, v in totals.items() if k.startswith("seqf:")},
            [*seqf_labels, ("", not_stated)],
        ),
        "subregions": [
            {
                "key": row[SUBREGION] or "",
                "label": row[SUBREGION_NAME] or not_stated,
                "count": row["needs"],
            }
            for row in subregions
        ],
    }


def need_list(*, actor: Actor, filters: NeedFilters) -> QuerySet[Need]:
    """The needs behind a dashboard figure (shared: no visit notes), newest first."""
    return (
        needs_matching(filters=filters)
        .select_related("area", "seqf_level", "visit__company__municipality", "visit__organisation")
        .order_by("-visit__date", "-visit_id", "pk")
    )


# --- break down by any dimension ----------------------------------------------------------


def _size_class() -> Case:
    employees = "visit__company__employees"
    return Case(
        *[
            When(size_condition(size=value, field=employees), then=Value(value))
            for value in SizeClass.values
        ],
        default=Value(""),
    )


def _choice_labels(choices: Iterable[tuple[Any, Any]]) -> Callable[[list[Any]], dict[Any, str]]:
    def labels(_keys: list[Any]) -> dict[Any, str]:
        return {value: str(label) for value, label in choices}

    return labels


def _sni_labels(keys: list[Any]) -> dict[Any, str]:
    return {s.code: f"{s.code} {s.name}" for s in SniCode.objects.filter(code__in=keys)}


def _country_labels(keys: list[Any]) -> dict[Any, str]:
    english = (get_language() or "sv").startswith("en")
    return {
        c.code: c.name_en if english else c.name_sv for c in Country.objects.filter(code__in=keys)
    }


def _seqf_labels(_keys: list[Any]) -> dict[Any, str]:
    return {level.level: str(level) for level in SeqfLevel.objects.all()}


@dataclass(frozen=True)
class Dimension:
    """A way to break the needs down: the value grouped on (a field path on Need, or an
    expression), its label (a second field path, or a function from the keys to labels, one
    query at most), and the filter a row drills down into."""

    key: str
    label: Any  # lazy text
    value: Any  # a field path or an expression
    filter: str
    label_field: str = ""
    labels: Callable[[list[Any]], dict[Any, str]] | None = None


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("area", gettext_lazy("Competence area"), "area_id", "area", "area__name"),
        Dimension(
            "industry",
            gettext_lazy("Industry (SNI section)"),
            Coalesce("visit__company__sni__parent_id", "visit__company__sni_id"),
            "sni",
            labels=_sni_labels,
        ),
        Dimension(
            "subregion",
            gettext_lazy("Subregion"),
            "visit__company__municipality__subregion_id",
            "subregion",
            "visit__company__municipality__subregion__name",
        ),
        Dimension(
            "municipality",
            gettext_lazy("Municipality"),
            "visit__company__municipality_id",
            "municipality",
            "visit__company__municipality__name",
        ),
        Dimension(
            "size",
            gettext_lazy("Company size"),
            _size_class(),
            "size",
            labels=_choice_labels(SizeClass.choices),
        ),
        Dimension(
            "horizon",
            gettext_lazy("Time horizon"),
            "horizon",
            "horizon",
            labels=_choice_labels(Horizon.choices),
        ),
        Dimension(
            "gap_area",
            gettext_lazy("Gap area"),
            "gap_area",
            "gap_area",
            labels=_choice_labels(GapArea.choices),
        ),
        Dimension(
            "seqf_level",
            gettext_lazy("SEQF level"),
            "seqf_level_id",
            "seqf_level",
            labels=_seqf_labels,
        ),
        Dimension(
            "country",
            gettext_lazy("Country"),
            "visit__company__country_id",
            "country",
            labels=_country_labels,
        ),
        Dimension(
            "organisation",
            gettext_lazy("Broker organisation"),
            "visit__organisation_id",
            "organisation",
            "visit__organisation__name",
        ),
        Dimension(
            "project",
            gettext_lazy("Project"),
            "visit__project_id",
            "project",
            "visit__project__name",
        ),
    ]
}


def needs_breakdown(
    *,
    actor: Actor,
    filters: NeedFilters,
    by: str,
    grouped: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One row per value of the dimension `by`: needs, companies concerned, employees
    affected (where stated) and needs arising now; most needs first, "not stated" last. In
    one query (two when the labels are looked up); by area, none when given `grouped` (the
    rows of `needs_by_area_and_place`)."""
    dimension = DIMENSIONS[by]
    if by == "area" and grouped is not None:
        rows = [
            {"key": row[AREA], "label": row[AREA_NAME], **row}
            for row in _add_up(grouped, (AREA, AREA_NAME), country=filters.country)
        ]
        for row in rows:
            del row[AREA], row[AREA_NAME]
        rows.sort(key=lambda row: (-row["needs"], row["key"]))
    else:
        rows = _breakdown_rows(filters, dimension)
    labels = dimension.labels([r["key"] for r in rows]) if dimension.labels else {}
    not_stated = _("Not stated")
    for row in rows:
        if row["key"] in (None, ""):
            row["key"] = ""
            row["label"] = not_stated
        elif dimension.labels:
            row["label"] = labels.get(row["key"], str(row["key"]))
    rows.sort(key=lambda r: r["key"] == "")  # stable: "not stated" last
    return rows


def _breakdown_rows(filters: NeedFilters, dimension: Dimension) -> list[dict[str, Any]]:
    fields = ["key"] + (["label"] if dimension.label_field else [])
    value = F(dimension.value) if isinstance(dimension.value, str) else dimension.value
    annotations: dict[str, Any] = {"key": value}
    if dimension.label_field:
        annotations["label"] = F(dimension.label_field)
    return list(
        needs_matching(filters=filters)
        .annotate(**annotations)
        .values(*fields)
        .annotate(
            needs=Count("pk"),
            companies=Count("visit__company", distinct=True),
            employees=Sum("employees_affected"),
            now=Count("pk", filter=Q(horizon=Horizon.NOW)),
        )
        .order_by("-needs", "key")
    )


# --- over time ----------------------------------------------------------------------------


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_quarters(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + 3 * n
    return date(months // 12, months % 12 + 1, 1)


def _buckets(start: date, end: date, step: str) -> list[date]:
    """The first days of the quarters (or years) from the one holding `start` to the one
    holding `end`."""
    if step == "year":
        return [date(year, 1, 1) for year in range(start.year, end.year + 1)]
    first, last = _quarter_start(start), _quarter_start(end)
    buckets = [first]
    while buckets[-1] < last:
        buckets.append(_add_quarters(buckets[-1], 1))
    return buckets


def _bucket_end(start: date, step: str) -> date:
    """The last day of the quarter (or year) beginning on `start`."""
    following = date(start.year + 1, 1, 1) if step == "year" else _add_quarters(start, 1)
    return following.fromordinal(following.toordinal() - 1)


def _bucket_label(day: date, step: str) -> str:
    if step == "year":
        return str(day.year)
    # Translators: a quarter of a year, e.g. "2025 Q3"; Swedish as SCB writes it, "2025K3"
    return _("%(year)s Q%(quarter)s") % {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


def _change(now: int, before: int | None) -> dict[str, Any]:
    if before is None:
        return {"change": None, "change_pct": None}
    return {
        "change": now - before,
        "change_pct": round(100 * (now - before) / before, 1) if before else None,
    }


def needs_trend(
    *,
    actor: Actor,
    filters: NeedFilters,
    step: str = "quarter",
    totals: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The needs, the companies with needs and the visits per quarter (or year) of the
    period, each with the change in needs against the quarter (year) before: for the first,
    the whole quarter (year) before it, read too. A quarter only partly inside the period
    counts its days inside. And the period's totals against the period of the same length
    just before it. Four queries (three when given the period's `totals`, its needs and
    companies with needs, as the dashboard counts them). More than MAX_BUCKETS quarters are
    shown as years, and of more than MAX_BUCKETS years the last MAX_BUCKETS."""
    step = "year" if step == "year" else "quarter"
    buckets = _buckets(filters.date_from, filters.date_to, step)
    if step == "quarter" and len(buckets) > MAX_BUCKETS:
        step = "year"
        buckets = _buckets(filters.date_from, filters.date_to, step)
    shown = filters
    limited = len(buckets) > MAX_BUCKETS
    if limited:  # a very long period: its last MAX_BUCKETS years
        buckets = buckets[-MAX_BUCKETS:]
        shown = filters.over(date_from=buckets[0], date_to=filters.date_to)
    if step == "year":
        before_first = date(buckets[0].year - 1, 1, 1)
    else:
        before_first = _add_quarters(buckets[0], -1)
    trunc = TruncYear if step == "year" else TruncQuarter
    needs: dict[date, dict[str, Any]] = {
        row["bucket"]: dict(row)
        for row in needs_matching(filters=shown)
        .annotate(bucket=trunc("visit_date"))
        .values("bucket")
        .annotate(needs=Count("pk"), companies=Count("visit__company", distinct=True))
    }
    visits = {
        row["bucket"]: row["visits"]
        for row in Visit.objects.filter(_visit_conditions(shown))
        .annotate(bucket=trunc("date"))
        .values("bucket")
        .annotate(visits=Count("pk"))
    }
    day_before = buckets[0].fromordinal(buckets[0].toordinal() - 1)
    length = filters.date_to - filters.date_from
    earlier_end = filters.date_from.fromordinal(filters.date_from.toordinal() - 1)
    earlier = filters.over(date_from=earlier_end - length, date_to=earlier_end)
    # the quarter (year) before the first and the period just before: one scan of both
    both = filters.over(
        date_from=min(before_first, earlier.date_from), date_to=max(day_before, earlier.date_to)
    )

    def within(start: date, end: date) -> Q:
        return Q(visit_date__gte=start, visit_date__lte=end)

    before_first_q, earlier_q = (
        within(before_first, day_before),
        within(earlier.date_from, earlier.date_to),
    )
    found_before = needs_matching(filters=both).aggregate(
        previous_needs=Count("pk", filter=before_first_q),
        previous_companies=Count("visit__company", distinct=True, filter=before_first_q),
        needs=Count("pk", filter=earlier_q),
        companies=Count("visit__company", distinct=True, filter=earlier_q),
    )
    previous = {
        "needs": found_before["previous_needs"],
        "companies": found_before["previous_companies"],
    }

    rows = []
    for bucket in buckets:
        found = needs.get(bucket, {})
        current = {
            "needs": found.get("needs", 0),
            "companies": found.get("companies", 0),
            "visits": visits.get(bucket, 0),
        }
        rows.append(
            {
                "start": bucket,
                "end": _bucket_end(bucket, step),
                "label": _bucket_label(bucket, step),
                **current,
                **_change(current["needs"], previous["needs"]),
            }
        )
        previous = current

    if totals is None:
        totals = needs_matching(filters=filters).aggregate(
            needs=Count("pk"), companies=Count("visit__company", distinct=True)
        )
    return {
        "step": step,
        "limited": limited,
        "rows": rows,
        "previous_period": {"date_from": earlier.date_from, "date_to": earlier.date_to},
        "totals": {
            key: {
                "now": totals[key],
                "before": found_before[key],
                **_change(totals[key], found_before[key]),
            }
            for key in ("needs", "companies")
        },
    }


# --- focus areas --------------------------------------------------------------------------


def focus_areas(
    *,
    actor: Actor,
    filters: NeedFilters,
    limit: int = FOCUS_AREAS,
    grouped: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The competence areas ranked by a score from 0 to 100 that a board can defend: how many
    companies name the area (against the area named by most), how many employees they say
    are concerned (against the most), and how urgent (the share of its needs that arise
    now), weighted by FOCUS_WEIGHTS. Ties go to more companies, then the name. One query
    (none when given `grouped`, the rows of `needs_by_area_and_place`)."""
    if grouped is None:
        grouped = needs_by_area_and_place(filters=filters)
    rows = _add_up(grouped, (AREA, AREA_NAME), country=filters.country)
    for row in rows:
        row["employees"] = row["employees"] or 0
    if not rows:
        return []
    most_companies = max(r["companies"] for r in rows) or 1
    most_employees = max(r["employees"] for r in rows) or 1
    weights = FOCUS_WEIGHTS
    for row in rows:
        row["urgency"] = row["now"] / row["needs"] if row["needs"] else 0.0
        row["urgency_pct"] = round(100 * row["urgency"])
        parts = {
            "companies": weights["companies"] * row["companies"] / most_companies,
            "employees": weights["employees"] * row["employees"] / most_employees,
            "urgency": weights["urgency"] * row["urgency"],
        }
        row["parts"] = {k: round(v, 1) for k, v in parts.items()}
        row["score"] = round(sum(parts.values()), 1)
    rows.sort(key=lambda r: (-r["score"], -r["companies"], r["area__name"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows[:limit]


# --- the gap analysis over time -------------------------------------------------------------

GAP_QUESTIONNAIRE = "gap-analysis"  # the dialog map (questionnaires/builtin.py)
GAP_MIN_COMPANIES = 5  # an industry's means are shown from this many companies


def _gap_answers(filters: NeedFilters) -> QuerySet[Answer]:
    """The dialog map's scale answers of responses submitted in the period, for companies
    and broker organisations the filters choose."""
    conditions = _response_conditions(filters)
    answers = Answer.objects.filter(
        conditions,
        response__version__questionnaire__key=GAP_QUESTIONNAIRE,
        number__isnull=False,
    )
    areas = [filters.gap_area] if filters.gap_area else GapArea.values
    return answers.filter(
        key__in=[f"{area}_{state}" for area in areas for state in ("current", "wanted")]
    )


def _response_conditions(filters: NeedFilters) -> Q:
    """Conditions on questionnaire answers: submitted in the period, by a company the
    filters choose, recorded by the broker organisation chosen."""
    q = Q(
        response__submitted_on__gte=filters.date_from,
        response__submitted_on__lte=filters.date_to,
    )
    q &= _company_conditions(filters, "response__company__")
    if filters.organisation:
        q &= Q(response__organisation_id=filters.organisation)
    return q


def _gap_rows(grouped: Iterable[Any], group: str) -> dict[tuple[str, Any], dict[str, Any]]:
    """(gap area, group value) -> responses, companies, mean current and wanted state."""
    rows: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in grouped:
        area, _sep, state = row["key"].rpartition("_")
        entry = rows.setdefault(
            (area, row[group]),
            {"area": area, group: row[group], "responses": 0, "companies": 0},
        )
        entry[state] = float(row["mean"])
        entry["responses"] = max(entry["responses"], row["responses"])
        entry["companies"] = max(entry["companies"], row["companies"])
    for entry in rows.values():
        if "current" in entry and "wanted" in entry:
            entry["gap"] = round(entry["wanted"] - entry["current"], 2)
        entry["current"] = round(entry.get("current", 0.0), 2)
        entry["wanted"] = round(entry.get("wanted", 0.0), 2)
    return rows


def gap_over_time(*, actor: Actor, filters: NeedFilters) -> dict[str, Any]:
    """The dialog map's current against wanted state (1–5) in the collaboration model's
    three gap areas: per year of the period, with the change of the gap against the year
    before; and per industry (SNI section) over the period, an industry's means shown only
    when at least GAP_MIN_COMPANIES companies answered (else one company's answers could be
    read off). Two queries, and one for the industries' names."""
    answers = _gap_answers(filters)
    per_year = _gap_rows(
        answers.annotate(year=ExtractYear("response__submitted_on"))
        .values("key", "year")
        .annotate(
            mean=Avg("number"),
            responses=Count("response", distinct=True),
            companies=Count("response__company", distinct=True),
        )
        .order_by(),
        "year",
    )
    labels = dict(GapArea.choices)
    years = []
    for area in GapArea.values:
        rows = sorted((r for (a, _y), r in per_year.items() if a == area), key=lambda r: r["year"])
        before = None
        for row in rows:
            gap = row.get("gap")
            row["gap_change"] = (
                round(gap - before, 2) if gap is not None and before is not None else None
            )
            before = gap
            row["label"] = labels[area]
        years += rows
    per_industry = _gap_rows(
        answers.annotate(
            section=Coalesce("response__company__sni__parent_id", "response__company__sni_id")
        )
        .values("key", "section")
        .annotate(
            mean=Avg("number"),
            responses=Count("response", distinct=True),
            companies=Count("response__company", distinct=True),
        )
        .order_by(),
        "section",
    )
    names = _sni_labels([s for (_a, s) in per_industry if s])
    industries = []
    for (area, section), row in sorted(
        per_industry.items(), key=lambda item: (GapArea.values.index(item[0][0]), item[0][1] or "~")
    ):
        row["label"] = labels[area]
        row["industry"] = names.get(section, section) if section else _("Not stated")
        row["shown"] = row["companies"] >= GAP_MIN_COMPANIES
        if not row["shown"]:
            for key in ("current", "wanted", "gap"):
                row[key] = None
        industries.append(row)
    return {"years": years, "industries": industries, "min_companies": GAP_MIN_COMPANIES}


# --- countries side by side -----------------------------------------------------------------

COMPARED_QUESTIONNAIRE = "visit"  # the shared visit questionnaire, the same keys everywhere
MIN_RESPONDENTS = 5  # a country's shares of a question are shown from this many responses


def _country_order(codes: Iterable[str]) -> list[str]:
    """Sweden first, then the partner countries by code."""
    return sorted({c for c in codes if c}, key=lambda code: (code != "SE", code))


def country_comparison(
    *,
    actor: Actor,
    filters: NeedFilters,
    language: str,
    grouped: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Sweden and the partner countries side by side, by the country of the company: the
    needs per competence area (count and share of the country's needs), and the answers to
    the shared visit questionnaire's choice and scale questions, by key (every version
    asks them with the same keys): per option the share of the country's responses, per
    scale the mean. A country's answers to a question are shown from MIN_RESPONDENTS
    responses. The country filter is ignored here; the other filters apply. Five queries
    (four when given `grouped`, the rows of `needs_by_area_and_place`)."""
    everywhere = dataclasses.replace(filters, country="")
    if grouped is None:
        grouped = needs_by_area_and_place(filters=everywhere)
    grouped = _add_up(grouped, (AREA, AREA_NAME, COUNTRY))
    countries = _country_order(r["visit__company__country_id"] for r in grouped)
    totals = dict.fromkeys(countries, 0)
    areas: dict[int, dict[str, Any]] = {}
    for row in grouped:
        code = row["visit__company__country_id"]
        totals[code] += row["needs"]
        area = areas.setdefault(
            row["area_id"], {"area_id": row["area_id"], "area": row["area__name"], "cells": {}}
        )
        area["cells"][code] = {"needs": row["needs"], "companies": row["companies"]}
    for area in areas.values():
        area["total"] = sum(cell["needs"] for cell in area["cells"].values())
        area["row"] = [
            {
                **area["cells"].get(code, {"needs": 0, "companies": 0}),
                "share": round(100 * area["cells"].get(code, {}).get("needs", 0) / totals[code], 1)
                if totals[code]
                else None,
            }
            for code in countries
        ]
    area_rows = sorted(areas.values(), key=lambda a: (-a["total"], a["area"]))

    questions = _compared_questions(everywhere, language)
    answered = {q["country"] for q in questions["respondents"]}
    countries_all = _country_order([*countries, *answered])
    names = _country_labels(countries_all)
    return {
        "countries": [{"code": c, "name": names.get(c, c)} for c in countries_all],
        "area_countries": [{"code": c, "name": names.get(c, c)} for c in countries],
        "needs_totals": [totals[c] for c in countries],
        "areas": area_rows,
        "questions": _question_rows(questions, countries_all),
        "min_respondents": MIN_RESPONDENTS,
    }


def _compared_questions(filters: NeedFilters, language: str) -> dict[str, Any]:
    version = (
        QuestionnaireVersion.objects.filter(
            questionnaire__key=COMPARED_QUESTIONNAIRE, status=VersionStatus.PUBLISHED
        )
        .order_by("-number")
        .first()
    )
    if version is None:
        return {"questions": [], "respondents": [], "choices": [], "means": []}
    questions = [
        q
        for q in version.questions.order_by("position")
        if q.type in CHOICE_TYPES or q.type == QuestionType.SCALE
    ]
    keys = [q.key for q in questions]
    answers = Answer.objects.filter(
        _response_conditions(filters),
        response__version__questionnaire__key=COMPARED_QUESTIONNAIRE,
        key__in=keys,
    )
    country = "response__company__country_id"
    return {
        "questions": [
            {"key": q.key, "type": q.type, "text": q.text(language), "options": q.choices(language)}
            for q in questions
        ],
        "respondents": [
            {"key": r["key"], "country": r[country], "n": r["n"]}
            for r in answers.values("key", country)
            .annotate(n=Count("response", distinct=True))
            .order_by()
        ],
        "choices": list(
            answers.exclude(choice="")
            .values("key", "choice", country)
            .annotate(n=Count("response", distinct=True))
            .order_by()
        ),
        "means": list(
            answers.filter(number__isnull=False)
            .values("key", country)
            .annotate(mean=Avg("number"))
            .order_by()
        ),
    }


def _question_rows(found: dict[str, Any], countries: list[str]) -> list[dict[str, Any]]:
    country = "response__company__country_id"
    respondents = {(r["key"], r["country"]): r["n"] for r in found["respondents"]}
    choices = {(r["key"], r["choice"], r[country]): r["n"] for r in found["choices"]}
    means = {(r["key"], r[country]): r["mean"] for r in found["means"]}
    rows = []
    for question in found["questions"]:
        key = question["key"]
        counts = [respondents.get((key, code), 0) for code in countries]
        if not any(counts):
            continue
        shown = [n >= MIN_RESPONDENTS for n in counts]
        entry: dict[str, Any] = {
            "key": key,
            "text": question["text"],
            "respondents": counts,
            "shown": shown,
        }
        if question["type"] == QuestionType.SCALE:
            entry["means"] = [
                round(float(means[(key, code)]), 2) if ok and (key, code) in means else None
                for code, ok in zip(countries, shown, strict=True)
            ]
        else:
            entry["options"] = [
                {
                    "label": label,
                    "shares": [
                        round(100 * choices.get((key, value, code), 0) / n, 1) if ok else None
                        for code, n, ok in zip(countries, counts, shown, strict=True)
                    ],
                }
                for value, label in question["options"]
            ]
        rows.append(entry)
    return rows


# The apps whose tables the needs analysis reads: a write to any of them, and only to them,
# has it computed afresh (common.datacache).
NEEDS_SOURCES = frozenset(
    {"visits", "companies", "questionnaires", "reference", "competences", "network", "projects"}
)


def needs_analysis(
    *, actor: Actor, filters: NeedFilters, by: str, step: str, language: str
) -> dict[str, Any]:
    """The parts of the needs analysis' page (the dashboard's totals, the breakdown `by` a
    dimension, the trend by `step`, the gap analysis, the countries and the focus areas),
    kept until the data they come from changes: every coordinator opening the page with the
    same filters gets them without a scan of the period's needs. Network-wide, like each
    part: what `actor` may see does not change them."""

    def compute() -> dict[str, Any]:
        # the period's needs per area and place once, for every part that adds them up
        grouped = needs_by_area_and_place(filters=filters)
        summary = needs_dashboard(actor=actor, filters=filters, grouped=grouped)
        totals = {
            "needs": summary["totals"]["needs"],
            "companies": summary["totals"]["companies_with_needs"],
        }
        return {
            "summary": summary,
            "breakdown": needs_breakdown(actor=actor, filters=filters, by=by, grouped=grouped),
            "trend": needs_trend(actor=actor, filters=filters, step=step, totals=totals),
            "gaps": gap_over_time(actor=actor, filters=filters),
            "comparison": country_comparison(
                actor=actor, filters=filters, language=language, grouped=grouped
            ),
            "focus": focus_areas(actor=actor, filters=filters, grouped=grouped),
        }

    key = (dataclasses.astuple(filters), by, step, language)
    return remember("needs_analysis", key, compute, apps=NEEDS_SOURCES)
