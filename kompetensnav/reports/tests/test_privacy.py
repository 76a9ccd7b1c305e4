"""Small numbers in shared figures (reports/privacy.py): the rule itself, and the same rule in
the key figures page, its XLSX and PDF, the annual report and the figures command's text. The
API's /figures is tested with the API (kompetensnav/api/tests/test_figures.py)."""

import io
import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    SessionFactory,
)
from kompetensnav.reports import exporters
from kompetensnav.reports.annual import annual_report
from kompetensnav.reports.figures import Period
from kompetensnav.reports.privacy import (
    THRESHOLD,
    Hidden,
    hidden_cells,
    hidden_keys,
    suppress,
    suppress_series,
)
from kompetensnav.reports.report import key_figures

from .test_annual import needs_pdftotext, pdf_text
from .test_views import _cells, _tiles

STHLM = ZoneInfo("Europe/Stockholm")
DAY = date(2025, 3, 4)
ONE_DAY = {"from": "2025-03-04", "to": "2025-03-04"}
URL = reverse("reports:figures")
FEW, NOT_SHOWN = Hidden(few=True), Hidden()
HOURS = ("attendance_hours_total", "attendance_hours_mean", "attendance_hours_max")


def _figures(gender: dict[str, int], hours: float = 3.0) -> dict:
    """compute()'s gender and hours figures for these attendees."""
    attended = sum(gender.values())
    return {
        "participants_attended": attended,
        "attendance_hours_total": Decimal(str(hours * attended)),
        "attendance_hours_mean": Decimal(str(hours)) if attended else Decimal(0),
        "attendance_hours_max": Decimal(str(hours)) if attended else Decimal(0),
        "participants_by_gender": {"F": 0, "M": 0, "X": 0, "unknown": 0, **gender},
    }


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


# --- the rule --------------------------------------------------------------------------------


def test_one_attendee_hides_every_gender_cell_and_the_hours():
    shared = suppress(_figures({"F": 1}))
    assert shared["participants_attended"] == 1  # the number of people alone is shown
    assert shared["participants_by_gender"] == {"F": FEW, "M": FEW, "X": FEW, "unknown": FEW}
    assert all(shared[key] == NOT_SHOWN for key in HOURS)
    assert str(FEW) == "< 5"


def test_threshold_four_people_hidden_five_shown():
    four = suppress(_figures({"F": 4, "M": 12}))["participants_by_gender"]
    # the 4 and the empty cells beside it are "< 5"; the 12 is shown
    assert four == {"F": FEW, "M": 12, "X": FEW, "unknown": FEW}
    five = suppress(_figures({"F": 5, "M": 12}))["participants_by_gender"]
    assert five == {"F": 5, "M": 12, "X": 0, "unknown": 0}


def test_attendance_hours_hidden_below_five_attendees_shown_from_five():
    assert all(suppress(_figures({"F": 2, "M": 2}))[key] == NOT_SHOWN for key in HOURS)
    shown = suppress(_figures({"F": 3, "M": 2}))
    assert shown["attendance_hours_total"] == Decimal("15.0")
    assert shown["attendance_hours_mean"] == shown["attendance_hours_max"] == Decimal("3.0")
    nobody = suppress(_figures({}))
    assert nobody["attendance_hours_total"] == 0  # nothing to hide
    assert nobody["participants_by_gender"] == {"F": 0, "M": 0, "X": 0, "unknown": 0}


def test_a_single_small_cell_hides_the_smallest_other_cell_too():
    gender = {"F": 3, "M": 40, "X": 7, "unknown": 6}
    shared = suppress(_figures(gender))["participants_by_gender"]
    assert shared == {"F": FEW, "M": 40, "X": 7, "unknown": NOT_SHOWN}
    with override("en"):
        assert str(NOT_SHOWN) == "not shown"
    # the total minus the cells shown leaves two cells together: neither can be told
    shown = sum(v for v in shared.values() if isinstance(v, int))
    assert sum(gender.values()) - shown == gender["F"] + gender["unknown"]


def test_which_cells_are_hidden_does_not_tell_where_the_few_are():
    """Were only the cell of 1–4 hidden (and a zero beside it the complement), the choice of
    the complement would point at the small cell."""
    lone = [hidden_cells({"F": 0, "M": 0, "X": 0, "unknown": 0, code: 1}) for code in "FMX"]
    assert lone[0] == lone[1] == lone[2] == {"F", "M", "X", "unknown"}
    among_many = [
        hidden_cells({"F": 0, "M": 30, "X": 0, "unknown": 0, code: 2}) for code in ("F", "X")
    ]
    assert among_many[0] == among_many[1] == {"F", "X", "unknown"}


def test_hidden_keys_name_the_hidden_values():
    shared = suppress(_figures({"F": 2, "M": 9, "X": 0, "unknown": 5}))
    assert hidden_keys(shared) == ["participants_by_gender.F", "participants_by_gender.X"]
    assert hidden_keys(suppress(_figures({"M": 3}))) == [
        "attendance_hours_total",
        "attendance_hours_mean",
        "attendance_hours_max",
        "participants_by_gender.F",
        "participants_by_gender.M",
        "participants_by_gender.X",
        "participants_by_gender.unknown",
    ]


def test_months_with_few_attendees_are_hidden_with_a_complement():
    hours = [Decimal(30), Decimal(6), Decimal(25), *([Decimal(0)] * 9)]
    people = [10, 2, 8, *([0] * 9)]
    shared = suppress_series(hours, people)
    # February's 2 people and the empty months are hidden: their hours do not follow from
    # the year's total minus the months shown
    assert shared[:3] == [Decimal(30), NOT_SHOWN, Decimal(25)]
    assert all(value == NOT_SHOWN for value in shared[3:])
    only_one = suppress_series([Decimal(30), Decimal(6), Decimal(25)], [10, 2, 8])
    assert only_one == [Decimal(30), NOT_SHOWN, NOT_SHOWN]  # 8 < 10: the smaller other month


def test_threshold_is_five():
    assert THRESHOLD == 5


# --- the outputs -----------------------------------------------------------------------------


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
        return {row[4]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}

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
    assert "participants_by_gender.X" in text and "< 5" in text
    assert "visas ej" in text


def test_command_text_hides_small_numbers_and_json_keeps_the_contract(db):
    _attended(DAY, F=1)
    text = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", stdout=text)
    lines = dict(line.split(None, 1) for line in text.getvalue().splitlines()[:-1])
    assert json.loads(lines["participants_by_gender"]) == {
        "F": "< 5",
        "M": "< 5",
        "X": "< 5",
        "unknown": "< 5",
    }
    assert lines["attendance_hours_max"] == "not shown"
    assert lines["participants_attended"] == "1"
    assert text.getvalue().splitlines()[-1].startswith("Figures about fewer than 5 people")
    exact = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", "--json", stdout=exact)
    figures = json.loads(exact.getvalue())
    assert figures["participants_by_gender"] == {"F": 1, "M": 0, "X": 0, "unknown": 0}
    assert figures["attendance_hours_max"] == 2.5


def test_command_text_shows_five(db):
    _attended(DAY, F=5)
    text = io.StringIO()
    call_command("figures", "--from", "2025-03-04", "--to", "2025-03-04", stdout=text)
    lines = dict(line.split(None, 1) for line in text.getvalue().splitlines())
    assert json.loads(lines["participants_by_gender"]) == {"F": 5, "M": 0, "X": 0, "unknown": 0}
    assert lines["attendance_hours_total"] == "12.5"
    assert "Figures about fewer than" not in text.getvalue()


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
