import io
import json
import re
import shutil
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import override
from openpyxl import load_workbook

from kompetensnav.accounts.enums import Role
from kompetensnav.figures import labels, registry
from kompetensnav.reports.report import TITLE
from tests import spreadsheets
from tests.documents import pdf_text

from .conftest import PERIOD

NBSP = "\xa0"
URL = reverse("reports:figures")


def _cells(html: str) -> dict[str, str]:
    """key -> the value shown in the table of all figures."""
    rows = re.findall(
        r'<tr data-key="([\w.]+)"><th scope="row">.*?</th><td class="num">(.*?)</td>', html
    )
    return dict(rows)


def _tiles(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="tile" data-key="(\w+)"><span class="figure">(.*?)<', html))


def test_page_shows_the_known_figures_of_the_period(client_for, broker, network_2025):
    response = client_for(broker).get(URL, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    cells = _cells(html)
    expected = {key: number_format(v, force_grouping=True) for key, v in network_2025.items()}
    # other apps' figures are there too (0 here); the network's are known
    assert {key: cells[key] for key in expected} == expected
    assert set(cells) >= set(registry.FIGURES)
    assert cells["event_participants"] == f"1{NBSP}231"  # Swedish grouping
    tiles = _tiles(html)
    assert tiles["members"] == "2"
    assert tiles["municipalities_represented"] == "3"
    assert tiles["event_participants"] == f"1{NBSP}231"
    assert tiles["collaborations"] == "1"
    # the heading names the period, the downloads keep it
    assert re.search(r"<h1>[^<]+<span class=\"period\">2025</span></h1>", html)
    assert "figures.xlsx?from=2025-01-01&amp;to=2025-12-31" in html
    assert "figures.pdf?from=2025-01-01&amp;to=2025-12-31" in html
    # grouped by area, in the page's order
    captions = re.findall(r"<caption>(.*?)</caption>", html)
    groups = [g.key for g in response.context["figures"].groups]
    assert len(captions) == len(groups)
    assert groups[:3] == ["network", "events", "collaborations"]
    assert groups == [area for area in labels.AREAS if area in groups]


def test_page_defaults_to_the_current_year(client_for, coordinator, network_2025):
    response = client_for(coordinator).get(URL)
    year = timezone.localdate().year
    assert response.context["figures"].period.start == date(year, 1, 1)
    assert response.context["figures"].period.end == date(year, 12, 31)
    html = response.content.decode()
    assert f'value="{year}-01-01"' in html and f'value="{year}-12-31"' in html
    assert f"from={year - 1}-01-01&amp;to={year - 1}-12-31" in html  # the "last year" link


def test_page_and_figures_command_agree(client_for, coordinator, network_2025):
    response = client_for(coordinator).get(URL, PERIOD)
    out = io.StringIO()
    call_command("figures", "--from", PERIOD["from"], "--to", PERIOD["to"], "--json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(
        json.dumps(response.context["figures"].values, default=float)
    )
    values = response.context["figures"].values
    assert {key: values[key] for key in network_2025} == network_2025


def test_a_part_of_a_year_is_named_by_its_dates(client_for, broker, network_2025):
    response = client_for(broker).get(URL, {"from": "2025-01-01", "to": "2025-06-30"})
    cells = _cells(response.content.decode())
    assert cells["network_meetings"] == "1"
    assert cells["event_participants"] == "16"
    assert '<span class="period">1 januari 2025 – 30 juni 2025</span>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2025-12-31", "to": "2025-01-01"}, "to", "The end date must not be before"),
        ({"from": "31/12-2025", "to": "2025-12-31"}, "from", "Write the date as YYYY-MM-DD"),
        ({"from": "2025-02-30", "to": "2025-12-31"}, "from", "Write the date as YYYY-MM-DD"),
        ({"from": "", "to": "2025-12-31"}, "from", "Enter a date"),
    ],
)
def test_bad_period_gives_a_message_and_keeps_the_input(
    client_for, make_user, own_org, params, field, message
):
    english = make_user(Role.VIEWER, own_org, language="en")  # the messages' source text
    response = client_for(english).get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["figures"] is None
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_errors">(.*?)</ul>', html)
    assert errors and message in errors.group(1)
    assert f'aria-describedby="id_{field}_errors"' in html
    for value in params.values():
        assert f'value="{value}"' in html  # what was typed is still there
    assert "figures.xlsx" not in html


def test_downloads_with_a_bad_period_go_back_to_the_page(client_for, broker):
    response = client_for(broker).get(reverse("reports:figures_pdf"), {"from": "x", "to": "y"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?from=x&to=y"


def test_xlsx_has_the_figures_as_numbers(client_for, broker, network_2025):
    response = client_for(broker).get(reverse("reports:figures_xlsx"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.fullmatch(
        r'attachment; filename="[a-z-]+-2025\.xlsx"', response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, rows = spreadsheets.table(sheet)
    assert len(header) == 4
    values = {row[2]: row[3] for row in rows}
    assert {key: values[key] for key in network_2025} == network_2025
    assert all(type(values[key]) is int for key in network_2025)
    notes = spreadsheets.notes(sheet)
    assert (notes["Från"].date(), notes["Till"].date()) == (date(2025, 1, 1), date(2025, 12, 31))
    assert notes["Period"] == "2025"
    assert sheet.auto_filter.ref.startswith(f"A{spreadsheets.header_row(sheet)}:D")


def test_page_and_xlsx_split_dict_valued_figures(client_for, broker, network_2025, monkeypatch):
    later = {
        # no cell of 1–4 people (those are hidden: test_privacy.py)
        "participants_by_gender": {"F": 1204, "M": 20, "X": 0, "unknown": 7},
        "places_used_pct": {"student": 85.5, "staff": None},
        "accreditation_target_met": {"student": True, "staff": False},
        "attendance_hours_mean": 12.25,
        "visits": None,
    }
    for key, value in later.items():
        monkeypatch.setitem(
            registry.FIGURES,
            key,
            replace(registry.FIGURES[key], compute=lambda period, value=value: value),
        )
    html = client_for(broker).get(URL, PERIOD).content.decode()
    cells = _cells(html)
    assert cells["participants_by_gender"] == ""
    assert cells["participants_by_gender.F"] == f"1{NBSP}204"
    assert cells["participants_by_gender.X"] == "0"
    assert cells["places_used_pct.student"] == "85,5"
    assert cells["places_used_pct.staff"] == "–"
    assert cells["attendance_hours_mean"] == "12,2" or cells["attendance_hours_mean"] == "12,3"
    assert cells["visits"] == "–"
    assert cells["accreditation_target_met.student"] != cells["accreditation_target_met.staff"]
    assert _tiles(html)["visits"] == "–"
    assert "participants_by_gender" not in _tiles(html)  # a tile holds one number

    response = client_for(broker).get(reverse("reports:figures_xlsx"), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[2]: row[3] for row in spreadsheets.table(sheet)[1]}
    assert values["participants_by_gender.F"] == 1204
    assert values["participants_by_gender.unknown"] == 7
    assert values["places_used_pct.student"] == 85.5
    assert values["places_used_pct.staff"] is None
    assert values["accreditation_target_met.student"] is True
    assert "participants_by_gender" not in values


def test_xlsx_text_cannot_run_as_a_formula(client_for, broker, network_2025, monkeypatch):
    needs = replace(
        registry.FIGURES["needs"],
        compute=lambda period: 4,
        label='=HYPERLINK("http://x.example")',
    )
    monkeypatch.setitem(registry.FIGURES, "needs", needs)
    response = client_for(broker).get(reverse("reports:figures_xlsx"), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert '\'=HYPERLINK("http://x.example")' in texts


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_pdf_has_the_title_the_period_and_the_values(client_for, broker, network_2025, tmp_path):
    response = client_for(broker).get(reverse("reports:figures_pdf"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="[a-z-]+-2025\.pdf"', response["Content-Disposition"]
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, layout=True)  # and without English codes
    with override("sv"):
        title = str(TITLE)
        labels = {key: str(registry.FIGURES[key].label) for key in network_2025}
    assert title in text
    assert "2025-01-01" in text and "2025-12-31" in text
    for key, value in network_2025.items():
        # one line per figure: its label, then its value
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(labels[key]))
        shown = number_format(value, force_grouping=True).replace(NBSP, " ")
        assert line.rstrip().endswith(f" {shown}"), line


def test_pdf_is_in_the_users_language(client_for, make_user, own_org, network_2025, tmp_path):
    english = make_user(Role.VIEWER, own_org, language="en")
    response = client_for(english).get(reverse("reports:figures_pdf"), PERIOD)
    assert 'filename="activities-in-figures-2025.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, swedish=False)
    assert "Activities in figures" in text
    assert "Members (fee paid)" in text


def test_page_without_anything_recorded_says_so(client_for, broker):
    html = client_for(broker).get(URL, PERIOD).content.decode()
    assert 'class="empty"' in html
    assert _cells(html)["members"] == "0"


def test_page_without_any_figure_shows_an_empty_state(client_for, broker, monkeypatch):
    monkeypatch.setattr(registry, "FIGURES", {})
    response = client_for(broker).get(URL, PERIOD)
    html = response.content.decode()
    assert response.context["figures"].groups == []
    assert 'class="empty"' in html
    assert "<table" not in html


def test_page_adds_a_fixed_number_of_queries_to_the_figures(
    client_for, coordinator, network_2025, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as figures_alone:
        registry.compute(registry.Period(date(2025, 1, 1), date(2025, 12, 31)))
    figure_queries = len(figures_alone)  # read now: a request resets the query log
    # one or two queries per figure (the mobility percentages read completions and grants)
    assert figure_queries <= 2 * len(registry.FIGURES)
    client = client_for(coordinator)
    client.get(URL, PERIOD)  # warm the session
    # the page's own overhead (session, user, affiliation) is constant, not per figure
    with django_assert_max_num_queries(figure_queries + 4):
        client.get(URL, PERIOD)


def test_menu_links_to_the_figures(client_for, broker):
    html = client_for(broker).get(reverse("common:home")).content.decode()
    assert f'href="{URL}"' in html


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_user_without_an_affiliation_is_refused(db, client_for):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(URL)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params",
    [{"from": "0001-01-01", "to": "0096-11-30"}, {"from": "2025-01-01", "to": "9999-12-31"}],
)
def test_figures_of_dates_outside_the_calendar_say_so(client_for, coordinator, params):
    """The sweep found a 500 (OverflowError) for a period around the year 1."""
    response = client_for(coordinator).get(reverse("reports:figures"), params)
    assert response.status_code == 200 and response.context["figures"] is None
    assert "Välj ett datum från 1900-01-01 till 2999-12-31." in response.text
