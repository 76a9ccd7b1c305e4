"""The annual report: its numbers (the year, the year before, month by month), its charts, its
PDF and XLSX, in Swedish and English."""

import io
import re
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from openpyxl import load_workbook

from kompetensnav.figures import labels, registry
from kompetensnav.reports import exporters
from kompetensnav.reports.annual import MONTHLY, annual_report, months, series
from kompetensnav.reports.forms import default_report_year
from tests import documents, spreadsheets

NBSP = "\xa0"
pytestmark = pytest.mark.django_db


def no_drawing(chart) -> str:
    return "<svg></svg>"


def pdf_text(content: bytes, tmp_path=None, *, swedish: bool = True) -> str:
    """The PDF's text laid out as on the page (tests/documents.py; Swedish without codes)."""
    return documents.pdf_text(content, layout=True, swedish=swedish)


needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing"
)


def test_every_figure_has_a_definition():
    assert all(str(labels.definition(key)) for key in registry.order())
    assert labels.definition("something_new") == ""


def test_months_cover_the_year_without_gaps():
    spans = months(2024)
    assert spans[0] == (date(2024, 1, 1), date(2024, 1, 31))
    assert spans[1] == (date(2024, 2, 1), date(2024, 2, 29))  # a leap year
    assert spans[11] == (date(2024, 12, 1), date(2024, 12, 31))
    assert all(
        b[0].toordinal() == a[1].toordinal() + 1 for a, b in zip(spans, spans[1:], strict=False)
    )


def test_series_gives_the_figure_of_each_month(annual_2025):
    assert series("network_meetings", 2025) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    participants = series("event_participants", 2025)
    assert participants[8] == 1200  # the conference in September
    assert sum(participants) == annual_2025["event_participants"]
    completed = series("mobilities_completed", 2025)
    assert completed[2] == {"student": 2, "staff": 0}
    assert completed[4] == {"student": 0, "staff": 1}
    assert sum(m["student"] for m in completed) == 4


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 1, 15), 2025), (date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026)],
)
def test_default_year_is_last_year_until_march(today, year):
    assert default_report_year(today) == year


def test_report_compares_with_the_year_before(annual_2025):
    report = annual_report(2025, draw=no_drawing)
    lines = {c.key: c for s in report.sections for c in s.comparisons}
    assert (lines["members"].value, lines["members"].previous) == (2, 1)
    assert lines["members"].change_display == "+1"
    assert (lines["event_participants"].value, lines["event_participants"].previous) == (1231, 50)
    assert lines["event_participants"].change == 1181
    assert lines["collaborations"].change_display == "±0"
    assert lines["mobilities_completed.student"].previous == 1
    assert lines["mobilities_completed.student"].change == 3
    assert lines["mobilities_completed"].is_heading
    assert lines["places_used_pct.student"].value == Decimal(80)
    assert lines["places_used_pct.student"].previous == Decimal(20)
    assert lines["accreditation_target_met.student"].value is True
    assert lines["accreditation_target_met.student"].change_display == "–"  # not a number
    # footnotes: figures numbered in their area, parts not
    assert lines["members"].note == 1 and lines["members"].definition
    assert lines["mobilities_completed.student"].note == 0


def test_report_draws_the_charts_of_each_area(annual_2025):
    with override("en"):
        report = annual_report(2025)
    charts = {chart.id: chart for chart in report.charts}
    assert {"compare-network", "compare-events", "target-places_used_pct"} <= set(charts)
    assert "monthly-network_meetings-job_shadowings" in charts
    assert "parts-mobilities_completed" in charts
    meetings = charts["monthly-network_meetings-job_shadowings"]
    assert meetings.x_labels[0] == "Jan" and len(meetings.x_labels) == 12
    assert meetings.series[0] == ("Network meetings", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    compare = charts["compare-network"]
    assert compare.series[0][0] == "2024" and compare.series[1][0] == "2025"
    assert compare.rows[0] == ("Members (fee paid)", ["1", "2"])
    target = charts["target-places_used_pct"]
    assert target.target == 80
    assert not meetings.is_empty and not target.is_empty
    for chart in charts.values():
        if chart.is_empty:  # every value 0: nothing is drawn
            assert chart.svg == ""
            continue
        assert chart.svg.startswith("<svg") and "<script" not in chart.svg  # an image: no script
        assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert "Target 80 %" in target.svg  # the target line is named
    assert ">Network meetings<" in meetings.svg  # the legend
    # the charts are part of their area: every area with figures has its section
    assert [s.key for s in report.sections][:3] == ["network", "events", "collaborations"]


def test_report_restricted_to_a_project_counts_only_its_mobilities(annual_2025):
    from kompetensnav.projects.models import Mobility, Project

    other = Project.objects.create(name="Annat", funder="erasmus_plus", granted_places_student=1)
    Mobility.objects.create(
        project=other, kind="student", status="completed", start=date(2025, 6, 1)
    )
    everything = annual_report(2025, draw=no_drawing)
    only = annual_report(2025, project=annual_2025["project"], draw=no_drawing)
    assert everything.figures.values["mobilities_completed"]["student"] == 5
    assert only.figures.values["mobilities_completed"]["student"] == 4
    assert only.filters == [("Projekt", "Erasmus+ Lärande i Europa")]


def test_report_queries_are_bounded(annual_2025):
    period = registry.Period(date(2025, 1, 1), date(2025, 12, 31))
    with CaptureQueriesContext(connection) as one_year:
        registry.compute(period)
    per_year = len(one_year)
    with CaptureQueriesContext(connection) as whole:
        annual_report(2025, draw=no_drawing)
    # the year, the year before, and 12 months of the monthly figures (a subset of all)
    assert len(whole) <= 14 * per_year
    # and not more than the figures themselves need: no query per row or chart
    monthly_keys = {k for _area, keys in MONTHLY for k in keys if k in registry.FIGURES}
    # and, for the figures about people, how many people each month (privacy.py)
    about = registry.about_people()
    monthly_keys |= {about[k] for k in monthly_keys if k in about}
    with CaptureQueriesContext(connection) as monthly:
        for key in monthly_keys:
            registry.FIGURES[key].compute(period)
    assert len(whole) <= 2 * per_year + 12 * len(monthly)


@needs_pdftotext
def test_pdf_has_the_title_the_figures_the_charts_and_the_definitions(annual_2025, tmp_path):
    with override("sv"):
        report = annual_report(2025)
        content = exporters.annual_pdf(report)
        assert exporters.annual_filename(report, "pdf") == "verksamheten-i-siffror-2025.pdf"
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    assert "Verksamheten i siffror 2025" in text
    assert "2025-01-01" in text and "2025-12-31" in text
    assert "Innehåll" in text  # the contents
    lines = text.splitlines()

    def line_of(label: str) -> str:
        return next(ln for ln in lines if re.match(rf"\s*{re.escape(label)}\d*\s{{2,}}", ln))

    # label (with its footnote number), this year, the year before, the difference
    assert re.search(r"\s2\s+1\s+\+1$", line_of("Medlemmar (avgift betald)"))
    assert re.search(r"\s1 231\s+50\s+\+1 181$", line_of("Deltagare i aktiviteter"))
    assert re.search(r"\s2\s+1\s+\+1$", line_of("Nätverksträffar"))
    # the charts are drawn as text in the PDF: titles, month names, legends, the target line
    assert "Per månad: nätverksträffar, jobbskuggningar" in text
    assert "2025 jämfört med 2024" in text
    assert re.search(r"Jan\s+Feb\s+Mar", text)
    assert "Mål 80 %" in text
    # the definitions as footnotes, and page numbers
    assert "Definitioner" in text
    assert "Organisationer med ett medlemskap" in text
    assert re.search(r"\b3 ?/ ?\d+\b", text)


@needs_pdftotext
def test_english_report_has_english_titles_and_labels(annual_2025, tmp_path):
    with override("en"):
        report = annual_report(2025)
        text = pdf_text(exporters.annual_pdf(report), swedish=False)
        workbook = load_workbook(io.BytesIO(exporters.annual_xlsx(report)))
    assert "The year in figures 2025" in text
    assert "Members (fee paid)" in text
    assert "Per month: network meetings, job shadowings" in text
    assert "Target 80 %" in text
    assert "Verksamheten" not in text
    assert workbook.sheetnames[0] == "Summary"
    assert "Network" in workbook.sheetnames


def test_xlsx_has_a_summary_sheets_per_area_and_the_months(annual_2025):
    with override("sv"):
        workbook = load_workbook(io.BytesIO(exporters.annual_xlsx(annual_report(2025))))
    assert workbook.sheetnames[0] == "Sammanfattning"
    assert {"Nätverk", "Aktiviteter", "Mobiliteter", "Per månad"} <= set(workbook.sheetnames)
    header, summary = spreadsheets.table(workbook["Sammanfattning"])
    assert header[:6] == ("Område", "Nyckeltal", "Kod", "2025", "2024", "Skillnad")
    assert spreadsheets.notes(workbook["Sammanfattning"])["Period"] == "2025"
    by_key = {row[2]: row for row in summary}
    assert by_key["members"][3:6] == (2, 1, 1)
    assert by_key["event_participants"][3:6] == (1231, 50, 1181)
    assert by_key["mobilities_completed.student"][3:6] == (4, 1, 3)
    assert by_key["places_used_pct.student"][3] == 80.0
    assert by_key["accreditation_target_met.staff"][3] is False
    assert "Organisationer med ett medlemskap" in by_key["members"][6]
    for row in summary:
        assert row[3] is None or isinstance(row[3], (int, float))  # numbers, never text
    months_sheet = {row[1]: row for row in spreadsheets.table(workbook["Per månad"])[1]}
    assert months_sheet["network_meetings"][2:15] == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2)
    assert months_sheet["mobilities_completed.student"][4] == 2  # March
    assert months_sheet["mobilities_completed.student"][14] == 4
    # an area sheet carries its figures and its charts' numbers
    network = list(workbook["Nätverk"].iter_rows(values_only=True))
    assert ("Nätverk", "Medlemmar (avgift betald)", "members", 2, 1, 1) in network
    assert ("Medlemmar (avgift betald)", 1, 2) in [row[:3] for row in network]
    assert workbook["Nätverk"]._charts  # the charts drawn by Excel, over those numbers


def test_xlsx_text_cannot_run_as_a_formula(annual_2025, monkeypatch):
    formula = '=HYPERLINK("http://x.example")'
    monkeypatch.setitem(
        registry.FIGURES, "members", replace(registry.FIGURES["members"], label=formula)
    )
    with override("sv"):
        workbook = load_workbook(io.BytesIO(exporters.annual_xlsx(annual_report(2025))))
    texts = [
        v
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert '\'=HYPERLINK("http://x.example")' in texts


def test_report_without_any_figure_is_still_a_document(monkeypatch, tmp_path):
    monkeypatch.setattr(registry, "FIGURES", {})
    report = annual_report(2025, draw=no_drawing)
    assert report.sections == [] and report.charts == []
    assert exporters.annual_pdf(report).startswith(b"%PDF")
    assert load_workbook(io.BytesIO(exporters.annual_xlsx(report))).sheetnames
