"""Accessible charts rendered on the server with pygal: no JavaScript, one SVG that the page
shows as an image (the site's Content-Security-Policy forbids the inline <style> pygal
writes, but not a data: image) and WeasyPrint puts in PDFs. Each chart carries its figures,
which the partial "reports/partials/chart.html" shows as a table for screen readers and
anyone who prefers numbers.

    chart = bar_chart(title, [(label, value), ...], horizontal=True)
    {% include "reports/partials/chart.html" with chart=chart %}
"""

import base64
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

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


@dataclass
class Chart:
    title: str
    rows: list[tuple[str, object]]
    svg: str
    value_label: str = ""
    extra_columns: list[str] = field(default_factory=list)

    @property
    def data_uri(self) -> str:
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    @property
    def alt(self) -> str:
        return _("Chart: %(title)s. The figures are in the table below the chart.") % {
            "title": self.title
        }


def _number(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _format(value) -> str:
    """Numbers as the active language writes them (1,5 in Swedish), integers without decimals."""
    if value is None:
        return ""
    if float(value).is_integer():
        return number_format(int(value), use_l10n=True)
    return number_format(round(float(value), 1), decimal_pos=1, use_l10n=True)


def bar_chart(
    title: str,
    rows: list[tuple[str, object]],
    *,
    horizontal: bool = True,
    value_label: str = "",
    width: int = 640,
    max_value: float | None = None,
) -> Chart:
    """A single-series bar chart of (label, value) rows, in the given order."""
    labels = [str(label) for label, _value in rows]
    values = [_number(value) for _label, value in rows]
    bar_height = 34
    height = max(160, 70 + bar_height * len(rows)) if horizontal else 360
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = chart_class(
        style=STYLE,
        width=width,
        height=height,
        js=[],  # no scripts: the chart is an image
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        truncate_label=40,
        show_y_guides=not horizontal,
        show_x_guides=horizontal,
        margin=12,
        title=None,
        range=(0, max_value) if max_value else None,
        include_x_axis=True,
        formatter=_format,
        value_formatter=_format,
    )
    if horizontal:
        # pygal draws the first label at the bottom; readers expect the table's order
        labels, values = labels[::-1], values[::-1]
    chart.x_labels = labels
    chart.add(value_label or title, values)
    # pygal always writes a configuration <script>; an image never runs it, so drop it
    svg = SCRIPT.sub("", chart.render(is_unicode=True))
    return Chart(title=title, rows=list(rows), svg=svg, value_label=value_label)
