"""The annual report's charts, drawn with pygal in the style of charts.py (same colours and
fonts, same SVG-as-image approach): several series side by side (a year against the year
before, figures month by month) and a percentage against a target line, which charts.py's
single-series bar chart does not do. The SVG is the same in the page (as a data: image, which
the site's Content-Security-Policy allows) and in the PDF."""

import re
from decimal import Decimal

import pygal
from django.utils.html import escape
from django.utils.translation import gettext as _

from .annual import Chart
from .charts import STYLE
from .privacy import Hidden
from .report import format_value

WIDTH = 640


def _number(value) -> float | None:
    """The bar's height; None draws no bar (nothing there, or a value privacy.py hides)."""
    if value is None or isinstance(value, (bool, Hidden)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _format(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return format_value(int(value))
    return format_value(value)


def _values(chart: Chart) -> list[float]:
    return [n for _name, values in chart.series for v in values if (n := _number(v)) is not None]


def _count_labels(chart: Chart) -> list[int] | None:
    """Whole-number axis labels (0, 1, 2 … or 0, 50, 100 …) when every value is a whole
    number: a count of meetings has no 0.1."""
    values = _values(chart)
    if any(v != int(v) for v in values):
        return None
    highest = max(values + [1])
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        step = candidate
        if highest / candidate <= 6:
            break
    else:
        return None
    return list(range(0, int(-(-highest // step) * step) + 1, step))


def _options(**extra) -> dict:
    return {
        "style": STYLE,
        "width": WIDTH,
        "js": [],  # no scripts: the chart is an image
        "disable_xml_declaration": True,
        "margin": 12,
        "title": None,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": 40,
        "print_zeroes": False,
        "legend_box_size": 10,
        "margin_bottom": 24,
        "no_data_text": _("No data"),
        # numbers as the tables show them: 1 231, 85,5, and a count without decimals
        "formatter": _format,
        "value_formatter": _format,
        **extra,
    }


def _monthly(chart: Chart):
    drawn = pygal.Bar(
        **_options(
            height=320,
            show_legend=len(chart.series) > 1,
            y_labels=_count_labels(chart),
            print_values=chart.kind == "parts",
            print_values_position="top",
        )
    )
    drawn.x_labels = chart.x_labels
    return drawn


def _compare(chart: Chart):
    bars = len(chart.x_labels) * len(chart.series)
    drawn = pygal.HorizontalBar(
        **_options(
            height=max(200, 110 + 24 * bars),
            print_values=True,
            print_values_position="top",
            truncate_label=40,
            show_x_guides=True,
            show_y_guides=False,
            y_labels=_count_labels(chart),
        )
    )
    # HorizontalBar draws the first label at the bottom: reverse so it reads top-down like
    # the table
    drawn.x_labels = list(reversed(chart.x_labels))
    return drawn


def _target(chart: Chart):
    highest = max([_number(v) or 0 for _name, values in chart.series for v in values] + [100])
    top = int(-(-highest // 20) * 20)  # up to the next multiple of 20
    drawn = pygal.Bar(
        **_options(
            height=300,
            show_legend=False,
            print_values=True,
            print_values_position="top",
            range=(0, top),
            y_labels=list(range(0, top + 1, 20)),
            # the target is drawn as the one major (bold, dashed) guide line
            y_labels_major=[chart.target],
            show_minor_y_labels=True,
        )
    )
    drawn.x_labels = chart.x_labels
    return drawn


TARGET_COLOUR = "#b00020"
MAJOR_GUIDE = re.compile(r'<path d="M([\d.]+) ([\d.]+) h([\d.]+)" class="major guide line" />')


def _mark_target(markup: str, chart: Chart) -> str:
    """Draw the target's guide line (pygal's one major guide) solid red, and name it. The
    style attribute is fine here: the SVG is shown as an image, outside the page's CSP."""
    label = escape(_("Target %(target)s %%") % {"target": chart.target})

    def mark(found: re.Match) -> str:
        x, y, length = (float(v) for v in found.groups())
        return (
            f'<path d="M{x} {y} h{length}" class="major guide line target" '
            f'style="stroke:{TARGET_COLOUR};stroke-width:2.5;stroke-dasharray:none;opacity:1" />'
            f'<text x="{x + length - 4}" y="{y - 6}" class="target-label" '
            f'style="fill:{TARGET_COLOUR};font-size:13px;text-anchor:end;font-weight:bold">'
            f"{label}</text>"
        )

    return MAJOR_GUIDE.sub(mark, markup, count=1)


def svg(chart: Chart) -> str:
    if chart.kind == "compare":
        drawn = _compare(chart)
        for name, values in chart.series:
            drawn.add(name, [_number(v) for v in reversed(values)])
    else:
        drawn = _target(chart) if chart.kind == "target" else _monthly(chart)
        for name, values in chart.series:
            drawn.add(name, [_number(v) for v in values])
    markup = drawn.render(is_unicode=True)
    if chart.kind == "target":
        markup = _mark_target(markup, chart)
    return markup


def draw(chart: Chart) -> str:
    """The chart as SVG markup (what annual_report() stores on the chart)."""
    return svg(chart)
