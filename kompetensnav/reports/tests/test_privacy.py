"""Small numbers in shared figures (figures/privacy.py, whose rule is tested there) in the
key figures page, its XLSX and PDF and the annual report. The figures command's text is
tested with the command (test_figures_command.py), the API's /figures with the API
(kompetensnav/api/tests/test_figures.py)."""

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from kompetensnav.figures.privacy import Hidden
from kompetensnav.figures.registry import Period
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    SessionFactory,
)
from kompetensnav.reports import exporters
from kompetensnav.reports.annual import annual_report
from kompetensnav.reports.report import key_figures
from tests import spreadsheets

from .test_annual import needs_pdftotext, pdf_text
from .test_views import _cells, _tiles

STHLM = ZoneInfo("Europe/Stockholm")
DAY = date(2025, 3, 4)
ONE_DAY = {"from": "2025-03-04", "to": "2025-03-04"}
URL = reverse("reports:figures")
FEW, NOT_SHOWN = Hidden(few=True), Hidden()
HOURS = ("attendance_hours_total", "attendance_hours_mean", "attendance_hours_max")


def _attended(day: date, provider=None, **gender: int) -> None:
    """A course given on `day` with one session, attended 2.5 hours by so many people of
    each gender ("unknown" is the empty code)."""
    start = datetime.combine(day, datetime.min.time(), tzinfo=STHLM).replace(hour=9)
    course = CourseFactory(**({"provider": provider} if provider else {}))
    session = SessionFactory(
        course=course, start=start, end=start + timedelta(hours=3), hours=Decimal(3)
    )
    for code, count in gender.items():
        for _ in range(count):
            participant = ParticipantFactory(gender="" if code == "unknown" else code)
            AttendanceFactory(session=session, participant=participant, hours=Decimal("2.5"))


def test_page_narrowed_to_one_attendee_shows_less_than_five(client_for, broker, own_org):
    _attended(DAY, F=1)
    _attended(DAY + timedelta(days=1), M=7)  # the next day: not in the period
    html = client_for(broker).get(URL, ONE_DAY).content.decode()
    cells = _cells(html)
    assert cells["participants_attended"] == "1"
    for part in ("F", "M", "X", "unknown"):
        assert cells[f"participants_by_gender.{part}"] == "&lt; 5"
    for key in HOURS:
        assert cells[key] == "visas ej"
    assert _tiles(html)["attendance_hours_total"] == "visas ej"
    assert 'id="small-numbers"' in html and "färre än 5 personer" in html


def test_page_threshold_four_hidden_five_shown(client_for, broker):
    _attended(DAY, F=4, M=6)
    cells = _cells(client_for(broker).get(URL, ONE_DAY).content.decode())
    assert cells["participants_by_gender.F"] == "&lt; 5"
    assert cells["participants_by_gender.M"] == "6"
    assert cells["attendance_hours_total"] == "25,0"  # 10 attended
    _attended(DAY, F=1)  # now 5 women
    html = client_for(broker).get(URL, ONE_DAY).content.decode()
    cells = _cells(html)
    assert cells["participants_by_gender.F"] == "5"
    assert cells["participants_by_gender.X"] == "0"
    assert 'id="small-numbers"' not in html


def test_xlsx_has_less_than_five_as_text_and_five_as_a_number(client_for, broker):
    _attended(DAY, F=1)
    _attended(DAY + timedelta(days=1), F=5, M=4)
    xlsx = reverse("reports:figures_xlsx")

    def values(params):
        response = client_for(broker).get(xlsx, params)
        sheet = load_workbook(io.BytesIO(response.content)).active
        return {row[2]: row[3] for row in spreadsheets.table(sheet)[1]}

    one = values(ONE_DAY)
    assert one["participants_by_gender.F"] == "< 5"
    assert one["participants_by_gender.M"] == "< 5"
    assert one["attendance_hours_total"] == "visas ej"
    assert one["participants_attended"] == 1
    both = values({"from": "2025-03-04", "to": "2025-03-05"})
    assert both["participants_by_gender.F"] == 6  # 1 + 5: a number again
    assert both["participants_by_gender.M"] == "< 5"  # 4
    assert both["attendance_hours_total"] == 25.0


@needs_pdftotext
def test_pdf_shows_less_than_five(client_for, broker, tmp_path):
    _attended(DAY, X=2)
    response = client_for(broker).get(reverse("reports:figures_pdf"), ONE_DAY)
    text = pdf_text(response.content, tmp_path)
    # the other gender identity's line (2 people), the smallest other cell's, and the hours
    assert re.search(r"Annan könsidentitet\s+< ?5", text), text
    assert "visas ej" in text


def test_annual_report_hides_small_numbers_in_years_months_and_files(db):
    _attended(date(2024, 5, 5), F=3)  # the year before: 3 women
    _attended(date(2025, 3, 4), F=6, M=6)
    _attended(date(2025, 9, 9), M=2)  # September: 2 men
    with override("sv"):
        report = annual_report(2025, draw=lambda chart: "<svg/>")
        workbook = load_workbook(io.BytesIO(exporters.annual_xlsx(report)))
    lines = {line.key: line for section in report.sections for line in section.comparisons}
    gender_f = lines["participants_by_gender.F"]
    assert (gender_f.display, gender_f.previous_display) == ("6", "< 5")
    assert gender_f.change_display == "–"  # no difference to a hidden number
    assert lines["participants_by_gender.M"].display == "8"
    assert lines["attendance_hours_total"].previous_display == "visas ej"  # 3 attended
    assert report.has_hidden
    hours = report.monthly["attendance_hours_total"]
    assert hours[2] == Decimal("30.0")  # March: 12 people
    assert hours[8] == NOT_SHOWN  # September: 2 people
    chart = next(c for c in report.charts if c.id == "parts-participants_by_gender")
    assert chart.rows[0][1] == ["< 5", "6"]  # women: the year before, this year
    per_month = workbook["Per månad"]
    row = next(r for r in per_month.iter_rows(values_only=True) if r[1] == "attendance_hours_total")
    assert row[2 + 2] == 30 and row[2 + 8] == "visas ej"
    assert row[-1] == 35  # the year's total, not the months shown added up
    summary = {r[2]: r for r in workbook.worksheets[0].iter_rows(values_only=True)}
    assert summary["participants_by_gender.F"][3:5] == (6, "< 5")


def test_annual_page_says_why_numbers_are_hidden(client_for, coordinator):
    _attended(date(2025, 3, 4), F=1)
    html = client_for(coordinator).get(reverse("reports:annual"), {"year": 2025}).content
    html = html.decode()
    assert re.search(
        r'data-key="participants_by_gender.F".*?<td class="num">&lt; 5</td>', html, re.S
    )
    assert 'id="small-numbers"' in html


def test_key_figures_of_a_restricted_period_are_hidden_too(own_org):
    _attended(DAY, provider=own_org, unknown=1)
    _attended(DAY, M=20)
    figures = key_figures(Period(DAY, DAY, organisation=own_org))
    assert figures.values["participants_by_gender"]["unknown"] == FEW
    assert "participants_by_gender.unknown" in figures.suppressed
    whole = key_figures(Period(DAY, DAY))
    assert whole.values["participants_by_gender"] == {"F": FEW, "M": 20, "X": FEW, "unknown": FEW}
