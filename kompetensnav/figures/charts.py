"""Accessible charts drawn on the server with pygal: no JavaScript, one SVG that the page shows
as an image (the site's Content-Security-Policy forbids the inline <style> pygal writes, but
not a data: image) and WeasyPrint puts in PDFs. A Chart says what it shows (labels along one
axis, one or more series of values) and carries its figures, which the page shows as a table
for screen readers and anyone who prefers numbers; draw() makes its SVG.

    chart = bar_chart(title, [(label, value), ...], value_label=_("Needs"))
    {% include "figures/partials/chart.html" with chart=chart %}

A chart of several series (the annual report's) is made as a Chart of its kind and drawn
with draw(chart)."""

import base64
import re
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from .formats import format_value
from .privacy import Hidden

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
BRAND = "#0b5e7e"
FONT = "DejaVu Sans, Arial, sans-serif"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5360",
    colors=(BRAND, "#b34700", "#1d6b33", "#6b3fa0", "#8a5a00"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    title_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    title_font_size=15,
)
WIDTH = 640
TARGET_COLOUR = "#b00020"
MAJOR_GUIDE = re.compile(r'<path d="M([\d.]+) ([\d.]+) h([\d.]+)" class="major guide line" />')

# How a chart is drawn (Chart.kind):
BARS = "bars"  # one series as horizontal bars, values printed (the pages' charts)
LINE = "line"  # lines over time; the series named in `dashed` (a forecast) dashed
MONTHLY = "monthly"  # columns, several series side by side (a year's months)
PARTS = "parts"  # the same with the values printed (a figure's parts, this year and last)
COMPARE = "compare"  # horizontal bars, several series side by side, values printed
TARGET = "target"  # columns against a target line (percentages)


@dataclass
class Chart:
    """What a chart shows, independent of how it is drawn; `svg` is filled in by draw().
    A value of a series is a number, None (no bar or point) or a privacy.Hidden (no bar
    either; the table says "< 5" or "not shown")."""

    title: str
    x_labels: list[str]
    series: list[tuple[str, list[object]]]
    kind: str = BARS
    value_label: str = ""  # the heading of a one-series chart's table
    description: str = ""
    target: float | None = None
    dashed: tuple[str, ...] = ()
    id: str = ""
    svg: str = ""

    @property
    def data_uri(self) -> str:
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    @property
    def alt(self) -> str:
        return _("Chart: %(title)s. The figures are in the table below the chart.") % {
            "title": self.title
        }

    @property
    def is_empty(self) -> bool:
        """Nothing to draw: every value is 0 or missing."""
        return not any(v for _name, values in self.series for v in values)

    @property
    def series_names(self) -> list[str]:
        return [name for name, _values in self.series]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The table of every series: a row per label, a value per series, as people read
        it (format_value)."""
        return [
            (x, [format_value(values[i]) for _name, values in self.series])
            for i, x in enumerate(self.x_labels)
        ]

    @property
    def value_rows(self) -> list[tuple[str, object]]:
        """(label, value) where the first series has a value: the table of a one-series
        chart (a line chart's other series are lines to compare it with)."""
        values = self.series[0][1] if self.series else []
        return [(x, v) for x, v in zip(self.x_labels, values, strict=True) if v is not None]


def bar_chart(title: str, rows: list[tuple[str, object]], *, value_label: str = "") -> Chart:
    """A drawn chart of (label, value) rows as horizontal bars, in the given order."""
    chart = Chart(
        title=title,
        x_labels=[str(label) for label, _value in rows],
        series=[(value_label or title, [value for _label, value in rows])],
        value_label=value_label,
    )
    chart.svg = draw(chart)
    return chart


def line_chart(
    title: str,
    x_labels: list[str],
    series: list[tuple[str, list[object]]],
    *,
    value_label: str = "",
    dashed: tuple[str, ...] = (),
) -> Chart:
    """A drawn line chart: its table shows the first series where it has values."""
    chart = Chart(
        title=title,
        x_labels=x_labels,
        series=series,
        kind=LINE,
        value_label=value_label,
        dashed=dashed,
    )
    chart.svg = draw(chart)
    return chart


# Drawn charts by what they show, in this process: pygal takes about 10 ms a chart, and a page
# such as the needs analysis draws the same three for everyone who opens it.
_DRAWN: dict[str, str] = {}
_DRAWN_MAX = 256


def _drawing_key(chart: Chart) -> str:
    series = [(str(name), [repr(v) for v in values]) for name, values in chart.series]
    shown = (chart.kind, str(chart.title), [str(x) for x in chart.x_labels], series)
    more = (str(chart.value_label), str(chart.description), chart.target, chart.dashed, chart.id)
    return repr((get_language(), shown, more))


def draw(chart: Chart) -> str:
    """The chart as SVG markup, without pygal's <script> (an image never runs it)."""
    key = _drawing_key(chart)
    markup = _DRAWN.get(key)
    if markup is None:
        markup = _draw(chart)
        if len(_DRAWN) >= _DRAWN_MAX:
            _DRAWN.clear()
        _DRAWN[key] = markup
    return markup


def _draw(chart: Chart) -> str:
    drawn = _DRAWERS[chart.kind](chart)
    markup = SCRIPT.sub("", drawn.render(is_unicode=True))
    if chart.kind == TARGET:
        markup = _mark_target(markup, chart)
    return markup


def _number(value) -> float | None:
    """The bar's height; None draws no bar (nothing there, or a value privacy.py hides)."""
    if value is None or isinstance(value, (bool, Hidden)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _format(value) -> str:
    """Numbers as the tables write them (1 234, 85,5 in Swedish), whole ones without
    decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        return format_value(int(value))
    return format_value(round(float(value), 1))


def _numbers(chart: Chart) -> list[float]:
    return [n for _name, values in chart.series for v in values if (n := _number(v)) is not None]


def _count_labels(chart: Chart) -> list[int] | None:
    """Whole-number axis labels (0, 1, 2 … or 0, 50, 100 …) when every value is a whole
    number: a count of meetings has no 0.1."""
    values = _numbers(chart)
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


def _base(**extra) -> dict:
    return {
        "style": STYLE,
        "width": WIDTH,
        "js": [],  # no scripts: the chart is an image
        "disable_xml_declaration": True,
        "margin": 12,
        "title": None,
        **extra,
    }


def _several(**extra) -> dict:
    """The options of a chart of several series, with a legend below it."""
    return _base(
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_legend=40,
        print_zeroes=False,
        legend_box_size=10,
        margin_bottom=24,
        no_data_text=_("No data"),
        formatter=_format,
        value_formatter=_format,
        **extra,
    )


def _horizontal(drawn, chart: Chart):
    """HorizontalBar draws the first label at the bottom: reverse, so that the chart reads
    top-down like its table."""
    drawn.x_labels = list(reversed(chart.x_labels))
    for name, values in chart.series:
        drawn.add(name, [_number(v) for v in reversed(values)])
    return drawn


def _vertical(drawn, chart: Chart):
    drawn.x_labels = chart.x_labels
    for name, values in chart.series:
        drawn.add(name, [_number(v) for v in values])
    return drawn


def _bars(chart: Chart):
    drawn = pygal.HorizontalBar(
        **_base(
            height=max(160, 70 + 34 * len(chart.x_labels)),
            show_legend=False,
            print_values=True,
            print_values_position="top",
            truncate_label=40,
            show_y_guides=False,
            show_x_guides=True,
            range=None,
            include_x_axis=True,
            formatter=_format,
            value_formatter=_format,
        )
    )
    return _horizontal(drawn, chart)


def _line(chart: Chart):
    drawn = pygal.Line(
        **_base(
            height=340,
            show_dots=True,
            dots_size=3,
            legend_at_bottom=True,
            x_label_rotation=45,
            show_minor_x_labels=False,
            x_labels_major_every=max(len(chart.x_labels) // 8, 1),
            include_x_axis=True,
            value_formatter=_format,  # 0,25 steps of a small scale stay apart
        )
    )
    drawn.x_labels = chart.x_labels
    for name, values in chart.series:
        style = {"stroke_style": {"dasharray": "6, 4"}} if name in chart.dashed else {}
        drawn.add(name, [_number(v) for v in values], **style)
    return drawn


def _columns(chart: Chart):
    drawn = pygal.Bar(
        **_several(
            height=320,
            show_legend=len(chart.series) > 1,
            y_labels=_count_labels(chart),
            print_values=chart.kind == PARTS,
            print_values_position="top",
        )
    )
    return _vertical(drawn, chart)


def _compare(chart: Chart):
    bars = len(chart.x_labels) * len(chart.series)
    drawn = pygal.HorizontalBar(
        **_several(
            height=max(200, 110 + 24 * bars),
            print_values=True,
            print_values_position="top",
            truncate_label=40,
            show_x_guides=True,
            show_y_guides=False,
            y_labels=_count_labels(chart),
        )
    )
    return _horizontal(drawn, chart)


def _target(chart: Chart):
    highest = max([_number(v) or 0 for _name, values in chart.series for v in values] + [100])
    top = int(-(-highest // 20) * 20)  # up to the next multiple of 20
    drawn = pygal.Bar(
        **_several(
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
    return _vertical(drawn, chart)


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


_DRAWERS = {
    BARS: _bars,
    LINE: _line,
    MONTHLY: _columns,
    PARTS: _columns,
    COMPARE: _compare,
    TARGET: _target,
}
