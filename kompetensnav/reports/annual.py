"""The annual report ("Verksamheten i siffror <year>"): the key figures of a year by area,
compared with the year before, with monthly series and charts. The page, the PDF and the
XLSX are all made from one AnnualReport, and every number in it comes from the registered
figure functions (compute() for the year, series() for its months): nothing here computes a
figure of its own. Small numbers are hidden by the rule of figures/privacy.py, in the year's
figures, the year before's and the monthly series. The charts are figures.charts.Chart,
drawn by figures.charts.draw."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompetensnav.figures import labels
from kompetensnav.figures.charts import Chart
from kompetensnav.figures.charts import draw as draw_chart
from kompetensnav.figures.formats import MISSING, format_value
from kompetensnav.figures.privacy import hidden_keys, suppress_series
from kompetensnav.figures.registry import (
    FIGURES,
    Period,
    about_people,
    shared_scans,
)

from .report import Group, KeyFigures, Row, key_figures, shared_figures

# Translators: the title of the annual report, followed by the year; Swedish
# "Verksamheten i siffror".
TITLE = gettext_lazy("The year in figures")
PAGE_TITLE = gettext_lazy("Annual report")

# Monthly series drawn per area: each tuple is one chart; keys that no app has registered are
# left out, a chart without any of its keys is not drawn. Only figures that add up over months
# are here (distinct counts such as companies_visited would not).
MONTHLY: list[tuple[str, tuple[str, ...]]] = [
    ("visits", ("visits", "needs")),
    ("events", ("network_meetings", "job_shadowings")),
    ("events", ("event_participants",)),
    ("collaborations", ("collaborations",)),
    ("courses", ("sessions",)),
    ("courses", ("attendance_hours_total",)),
    ("mobilities", ("mobilities_completed",)),
]

# Per area, the figures drawn as bars side by side for this year and the year before.
COMPARED: dict[str, tuple[str, ...]] = {
    "network": ("members", "municipalities_represented", "contact_organisations"),
    "events": ("network_meetings", "job_shadowings", "job_shadowings_transnational"),
    "visits": ("visits", "companies_visited", "needs"),
    "courses": (
        "courses_delivered",
        "pilot_courses_delivered",
        "participants_registered",
        "participants_attended",
    ),
}

# Dict-valued figures drawn by their parts (participants by gender, mobilities by kind).
BY_PART = ("participants_by_gender", "mobilities_completed")
ACCREDITATION_TARGET_PCT = 80  # the contract: accreditation_target_met is places_used_pct ≥ 80


def months(year: int) -> list[tuple[date, date]]:
    result = []
    for month in range(1, 13):
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
        result.append((start, date.fromordinal(end.toordinal() - 1)))
    return result


def year_period(year: int, *, project=None, organisation=None) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), project=project, organisation=organisation)


def series(key: str, year: int, *, project=None, organisation=None) -> list[object]:
    """The figure `key` for each month of `year` (12 values), by its registered function: it
    aggregates in the database, so this costs 12 times the figure's queries."""
    function = FIGURES[key].compute
    return [
        function(Period(start, end, project=project, organisation=organisation))
        for start, end in months(year)
    ]


def shared_series(
    key: str, year: int, *, project=None, organisation=None, people: dict | None = None
) -> list[object]:
    """series() as shared views may show it: a figure about people (declared with `about`)
    is hidden in the months with too few of them. `people` caches the people's series by
    key, so several figures about the same people count them once."""
    values = series(key, year, project=project, organisation=organisation)
    people_key = about_people().get(key)
    if people_key is None or people_key not in FIGURES:
        return values
    people = people if people is not None else {}
    if people_key not in people:
        people[people_key] = series(people_key, year, project=project, organisation=organisation)
    return suppress_series(values, people[people_key])


def month_labels() -> list[str]:
    return [date_format(date(2000, month, 1), "M") for month in range(1, 13)]


@dataclass(frozen=True)
class Comparison:
    """One line of the comparison with the year before (a plain figure or a part of one)."""

    key: str
    label: str
    value: object
    previous: object
    is_part: bool = False
    is_heading: bool = False  # the line naming a dict-valued figure, above its parts
    parent: str = ""  # a part's figure, e.g. "Participants by gender"
    note: int = 0  # the footnote number of a figure's definition (not on parts)
    definition: str = ""

    @property
    def full_label(self) -> str:
        return f"{self.parent}: {self.label}" if self.parent else self.label

    @property
    def change(self) -> object:
        if _is_number(self.value) and _is_number(self.previous):
            return self.value - self.previous
        return None

    @property
    def display(self) -> str:
        return "" if self.is_heading else format_value(self.value)

    @property
    def previous_display(self) -> str:
        return "" if self.is_heading else format_value(self.previous)

    @property
    def change_display(self) -> str:
        change = self.change
        if self.is_heading:
            return ""
        if change is None:
            return MISSING
        if change == 0:
            return "±0"
        sign = "+" if change > 0 else "−"
        return sign + format_value(abs(change))


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


@dataclass
class Section:
    group: Group
    comparisons: list[Comparison]
    charts: list[Chart] = field(default_factory=list)

    @property
    def notes(self) -> list[Comparison]:
        return [line for line in self.comparisons if line.note]

    @property
    def key(self) -> str:
        return self.group.key

    @property
    def label(self) -> str:
        return self.group.label


@dataclass
class AnnualReport:
    year: int
    period: Period
    figures: KeyFigures
    previous: dict[str, object]
    sections: list[Section]
    monthly: dict[str, list[object]]  # key -> 12 values

    @property
    def title(self) -> str:
        return f"{TITLE} {self.year}"

    @property
    def has_hidden(self) -> bool:
        """Some value of the year, the year before or a month is hidden by privacy.py."""
        months = {f"{k}.{i}": v for k, values in self.monthly.items() for i, v in enumerate(values)}
        return any(hidden_keys(values) for values in (self.figures.values, self.previous, months))

    @property
    def charts(self) -> list[Chart]:
        return [chart for section in self.sections for chart in section.charts]

    @property
    def filters(self) -> list[tuple[str, str]]:
        found = []
        if self.period.project is not None:
            found.append((_("Project"), str(self.period.project)))
        if self.period.organisation is not None:
            found.append((_("Organisation"), str(self.period.organisation)))
        return found


def _comparisons(row: Row, previous) -> list[Comparison]:
    if not row.is_dict:
        return [Comparison(row.key, str(row.label), row.value, previous)]
    before = previous if isinstance(previous, dict) else {}
    lines = [Comparison(row.key, str(row.label), row.value, previous, is_heading=True)]
    for part in row.parts:
        lines.append(
            Comparison(
                f"{row.key}.{part.key}",
                str(part.label),
                part.value,
                before.get(part.key),
                is_part=True,
                parent=str(row.label),
            )
        )
    return lines


def _monthly_charts(area: str, monthly: dict[str, list[object]]) -> list[Chart]:
    charts = []
    for chart_area, keys in MONTHLY:
        present = [k for k in keys if k in monthly]
        if chart_area != area or not present:
            continue
        series_list: list[tuple[str, list[object]]] = []
        for key in present:
            values = monthly[key]
            if any(isinstance(v, dict) for v in values):
                parts = list(next(v for v in values if isinstance(v, dict)))
                for part in parts:
                    series_list.append(
                        (
                            str(labels.part_label(part)),
                            [v.get(part, 0) if isinstance(v, dict) else 0 for v in values],
                        )
                    )
            else:
                series_list.append((str(labels.label(key)), [v or 0 for v in values]))
        names = ", ".join(str(labels.label(k)).lower() for k in present)
        charts.append(
            Chart(
                id=f"monthly-{'-'.join(present)}",
                kind="monthly",
                title=_("Per month: %(figures)s") % {"figures": names},
                x_labels=month_labels(),
                series=series_list,
            )
        )
    return charts


def _compare_chart(area: str, year: int, values: dict, previous: dict) -> Chart | None:
    keys = [k for k in COMPARED.get(area, ()) if k in values and _is_number(values[k])]
    if not keys:
        return None
    return Chart(
        id=f"compare-{area}",
        kind="compare",
        title=_("%(year)s compared with %(previous)s") % {"year": year, "previous": year - 1},
        x_labels=[str(labels.label(k)) for k in keys],
        series=[
            (str(year - 1), [previous.get(k) or 0 for k in keys]),
            (str(year), [values[k] for k in keys]),
        ],
    )


def _parts_chart(key: str, area: str, year: int, values: dict, previous: dict) -> Chart | None:
    value = values.get(key)
    if labels.area(key) != area or not isinstance(value, dict):
        return None
    before = previous.get(key) if isinstance(previous.get(key), dict) else {}
    parts = list(value)
    return Chart(
        id=f"parts-{key}",
        kind="parts",
        title=str(labels.label(key)),
        x_labels=[str(labels.part_label(p)) for p in parts],
        series=[
            (str(year - 1), [before.get(p) or 0 for p in parts]),
            (str(year), [value[p] or 0 for p in parts]),
        ],
    )


def _target_chart(area: str, values: dict) -> Chart | None:
    used = values.get("places_used_pct")
    if labels.area("places_used_pct") != area or not isinstance(used, dict):
        return None
    parts = list(used)
    return Chart(
        id="target-places_used_pct",
        kind="target",
        title=str(labels.label("places_used_pct")),
        x_labels=[str(labels.part_label(p)) for p in parts],
        series=[(str(labels.label("places_used_pct")), [used[p] for p in parts])],
        target=ACCREDITATION_TARGET_PCT,
        description=_("The line marks the accreditation target: %(target)s per cent.")
        % {"target": ACCREDITATION_TARGET_PCT},
    )


@shared_scans()
def annual_report(
    year: int,
    *,
    project=None,
    organisation=None,
    progress: Callable[[str, int], None] | None = None,
    draw: Callable[[Chart], str] | None = None,
) -> AnnualReport:
    """The report of `year`. progress(step, percent) is called between the steps (the
    background job shows it); draw(chart) returns the chart's SVG (default:
    figures.charts.draw). The figures of each month share their scans (shared_scans)."""

    def report_progress(step: str, percent: int) -> None:
        if progress is not None:
            progress(step, percent)

    period = year_period(year, project=project, organisation=organisation)
    report_progress("figures", 5)
    figures = key_figures(period)
    previous = shared_figures(year_period(year - 1, project=project, organisation=organisation))
    report_progress("series", 20)
    wanted = [k for _area, keys in MONTHLY for k in keys if k in FIGURES]
    monthly, people = {}, {}
    for index, key in enumerate(dict.fromkeys(wanted)):
        monthly[key] = shared_series(
            key, year, project=project, organisation=organisation, people=people
        )
        report_progress("series", 20 + 40 * (index + 1) // max(len(wanted), 1))
    sections = []
    for group in figures.groups:
        comparisons = []
        note = 0
        for row in group.rows:
            for line in _comparisons(row, previous.get(row.key)):
                if not line.is_part and labels.definition(row.key):
                    note += 1
                    line = replace(line, note=note, definition=str(labels.definition(row.key)))
                comparisons.append(line)
        charts = []
        compare = _compare_chart(group.key, year, figures.values, previous)
        if compare:
            charts.append(compare)
        charts.extend(_monthly_charts(group.key, monthly))
        for key in BY_PART:
            chart = _parts_chart(key, group.key, year, figures.values, previous)
            if chart:
                charts.append(chart)
        target = _target_chart(group.key, figures.values)
        if target:
            charts.append(target)
        sections.append(Section(group, comparisons, charts))
    report = AnnualReport(year, period, figures, previous, sections, monthly)
    report_progress("charts", 60)
    draw = draw or draw_chart
    for chart in report.charts:
        chart.svg = "" if chart.is_empty else draw(chart)
    return report
