"""The co-financing chart: accumulated value of participants' time against the budget spread
evenly over the project, with the forecast to the end. Same SVG in pages and PDFs."""

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kompetensnav.reports.charts import SCRIPT, STYLE, Chart

from .cofinancing import Cofinancing, months_between


def cofinancing_chart(result: Cofinancing) -> Chart | None:
    if not result.available or not result.months:
        return None
    project = result.project
    months = months_between(project.start, project.end)
    labels = [date_format(m, "M Y") for m in months]
    actual = [float(m.accumulated) for m in result.months] + [None] * (
        len(months) - len(result.months)
    )
    chart = pygal.Line(
        style=STYLE,
        width=640,
        height=340,
        js=[],
        disable_xml_declaration=True,
        show_dots=True,
        dots_size=3,
        legend_at_bottom=True,
        x_label_rotation=45,
        show_minor_x_labels=False,
        x_labels_major_every=max(len(months) // 8, 1),
        margin=12,
        include_x_axis=True,
        value_formatter=lambda v: f"{v:,.0f}".replace(",", " "),
    )
    chart.x_labels = labels
    chart.add(_("Reached"), actual)
    if result.target:
        step = float(result.target) / len(months)
        chart.add(_("Budget, evenly spread"), [step * (i + 1) for i in range(len(months))])
    if result.forecast is not None and result.remaining_months:
        last = len(result.months) - 1
        start_value = float(result.months[last].accumulated) if last >= 0 else 0.0
        slope = (float(result.forecast) - start_value) / max(len(months) - 1 - last, 1)
        chart.add(
            _("Forecast"),
            [None] * last + [start_value + slope * i for i in range(len(months) - last)],
            stroke_style={"dasharray": "6, 4"},
        )
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    rows = [(date_format(m.month, "M Y"), m.accumulated) for m in result.months]
    return Chart(
        title=_("Co-financing from participants' time, accumulated (SEK)"),
        rows=rows,
        svg=svg,
        value_label=_("Accumulated"),
    )
