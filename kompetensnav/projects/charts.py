"""The co-financing chart: accumulated value of participants' time against the budget spread
evenly over the project, with the forecast to the end. Drawn by figures.charts: the same SVG
in pages and PDFs."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kompetensnav.figures.charts import Chart, line_chart

from .cofinancing import Cofinancing, months_between


def cofinancing_chart(result: Cofinancing) -> Chart | None:
    if not result.available or not result.months:
        return None
    project = result.project
    months = months_between(project.start, project.end)
    reached = [m.accumulated for m in result.months] + [None] * (len(months) - len(result.months))
    series: list[tuple[str, list[object]]] = [(_("Reached"), reached)]
    if result.target:
        step = float(result.target) / len(months)
        series.append((_("Budget, evenly spread"), [step * (i + 1) for i in range(len(months))]))
    dashed = ()
    if result.forecast is not None and result.remaining_months:
        last = len(result.months) - 1
        start_value = float(result.months[last].accumulated) if last >= 0 else 0.0
        slope = (float(result.forecast) - start_value) / max(len(months) - 1 - last, 1)
        forecast = _("Forecast")
        series.append(
            (forecast, [None] * last + [start_value + slope * i for i in range(len(months) - last)])
        )
        dashed = (forecast,)
    # the table shows the months reached so far (the first series where it has values)
    return line_chart(
        _("Co-financing from participants' time, accumulated (SEK)"),
        [date_format(m, "M Y") for m in months],
        series,
        value_label=_("Accumulated"),
        dashed=dashed,
    )
