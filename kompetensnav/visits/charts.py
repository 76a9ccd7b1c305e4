"""The needs analysis' charts, drawn for its page and for the competence analysis."""

from typing import Any

from django.utils.translation import gettext as _

from kompetensnav.figures.charts import Chart, line_chart

from .enums import GapArea


def trend_chart(trend: dict[str, Any]) -> Chart | None:
    """Needs and companies with needs per quarter or year (needs_trend); None with nothing
    to draw."""
    rows = trend["rows"]
    if not any(row["needs"] or row["visits"] for row in rows):
        return None
    return line_chart(
        _("Needs and companies over time"),
        [row["label"] for row in rows],
        [
            (_("Needs"), [row["needs"] for row in rows]),
            (_("Companies with needs"), [row["companies"] for row in rows]),
        ],
        value_label=_("Needs"),
    )


def gap_chart(gaps: dict[str, Any]) -> Chart | None:
    """The gap per gap area and year (gap_over_time); None with fewer than two years."""
    years = sorted({row["year"] for row in gaps["years"]})
    if len(years) < 2:
        return None
    gap = {(row["area"], row["year"]): row.get("gap") for row in gaps["years"]}
    return line_chart(
        _("The gap between wanted and current state, per year"),
        [str(year) for year in years],
        [
            (str(label), [gap.get((area, year)) for year in years])
            for area, label in GapArea.choices
        ],
        value_label=_("Gap"),
    )
