"""The one chart module (figures/charts.py): what a chart shows, its table, and its SVG for the
page and the PDF."""

import base64
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import override

from kompetensnav.figures.charts import Chart, bar_chart, draw, line_chart
from kompetensnav.figures.privacy import Hidden


def test_bar_chart_is_an_image_with_its_figures_as_a_table():
    with override("en"):
        chart = bar_chart("Top areas", [("Welding", 12), ("CNC", 3)], value_label="Needs")
        html = render_to_string("figures/partials/chart.html", {"chart": chart})
        assert chart.alt == "Chart: Top areas. The figures are in the table below the chart."
    assert chart.svg.startswith("<svg") and "<script" not in chart.svg  # an image: no script
    assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg
    assert chart.value_rows == [("Welding", 12), ("CNC", 3)]
    assert f'<img class="chart-drawing" src="{chart.data_uri}"' in html
    # the table twice: in place of the drawing on a phone, one click away on a wide screen
    assert html.count("<table>") == 2 and 'class="chart-table-narrow"' in html
    assert '<th scope="col" class="num">Needs</th>' in html
    assert '<th scope="row">Welding</th><td class="num">12</td>' in html
    # horizontal bars read top-down like the table: pygal draws the last label first
    assert chart.svg.index(">CNC<") < chart.svg.index(">Welding<")


def test_bar_chart_writes_numbers_as_the_language_does():
    with override("sv"):
        chart = bar_chart("Gap", [("A", 1234), ("B", 0.96), ("C", Decimal("2.50"))])
    assert ">1\xa0234<" in chart.svg and ">1,0<" in chart.svg and ">2,5<" in chart.svg
    assert chart.series == [("Gap", [1234, 0.96, Decimal("2.50")])]  # named by the title


def test_line_chart_table_shows_the_first_series_where_it_has_values():
    chart = line_chart(
        "Reached",
        ["Jan", "Feb", "Mar"],
        [("Reached", [Decimal(10), Decimal(25), None]), ("Forecast", [None, 25.0, 40.0])],
        value_label="Accumulated",
        dashed=("Forecast",),
    )
    assert chart.value_rows == [("Jan", Decimal(10)), ("Feb", Decimal(25))]
    assert ".series.serie-1{stroke-dasharray:6,4}" in chart.svg  # the forecast, dashed


def test_several_series_are_tabled_as_people_read_them_and_hidden_values_drawn_as_nothing():
    chart = Chart(
        title="By gender",
        x_labels=["Women", "Men"],
        series=[("2024", [Hidden(few=True), 6]), ("2025", [7, None])],
        kind="parts",
    )
    assert chart.series_names == ["2024", "2025"]
    with override("en"):
        assert chart.rows == [("Women", ["< 5", "7"]), ("Men", ["6", "–"])]
        svg = draw(chart)
    assert svg.count('class="rect reactive tooltip-trigger"') == 2  # none for "< 5" or None


def test_a_target_chart_names_its_target_line():
    chart = Chart(
        title="Places used",
        x_labels=["Learners", "Staff"],
        series=[("Places used", [Decimal("80.0"), Decimal("50.0")])],
        kind="target",
        target=80,
    )
    with override("en"):
        svg = draw(chart)
    assert 'class="major guide line target"' in svg and ">Target 80 %<" in svg


def test_a_chart_of_zeros_is_empty():
    assert Chart("Nothing", ["Jan"], [("Visits", [0]), ("Needs", [None])]).is_empty
    assert not Chart("Something", ["Jan"], [("Visits", [1])]).is_empty


def test_line_chart_of_a_small_scale_keeps_its_axis_labels_apart():
    import re

    from kompetensnav.figures.charts import line_chart

    with override("sv"):
        chart = line_chart("Gap", ["2023", "2024", "2025"], [("Gap", [1.0, 1.5, 1.25])])
    axis = chart.svg[chart.svg.index('class="axis y') :]
    axis = axis[: axis.index('class="axis x')] if 'class="axis x' in axis else axis
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", axis)
    assert labels and len(labels) == len(set(labels))
