"""Key figures ("Verksamheten i siffror"): a coordinator picks last year, reads the figures,
downloads them as XLSX and PDF; the page reflows at 320 px."""

import re
import shutil
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook
from playwright.sync_api import expect

from kompetensnav.network.enums import EventKind
from kompetensnav.network.models import Collaboration, Event, Membership
from kompetensnav.reports.report import TITLE
from tests import spreadsheets
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit
from tests.documents import pdf_text
from tests.factories import OrganisationFactory

NBSP = "\xa0"


def make_network(year: int) -> None:
    """Last year: 2 paying members in 3 municipalities, 1 234 event participants, one
    collaboration; this year: one meeting, so that the default period shows something else."""
    for name, municipalities in [("Lärcentrum Alfa", ["1485", "1488"]), ("Beta", ["1480"])]:
        membership = Membership.objects.create(
            organisation=OrganisationFactory(name=name), year=year, fee_paid=True
        )
        membership.municipalities.set(municipalities)
    Event.objects.create(kind=EventKind.NETWORK_MEETING, date=date(year, 2, 1), participants=34)
    Event.objects.create(kind=EventKind.CONFERENCE, date=date(year, 10, 1), participants=1200)
    Event.objects.create(kind=EventKind.NETWORK_MEETING, date=date(year + 1, 1, 2), participants=9)
    Collaboration.objects.create(established=date(year, 5, 5), title="Samverkan")


def cell(page, key: str):
    return page.locator(f'tr[data-key="{key}"] td.num')


def test_coordinator_reads_and_downloads_last_years_figures(page, login_as, coordinator, tmp_path):
    last_year = timezone.localdate().year - 1
    make_network(last_year)
    login_as(coordinator)
    visit(page, reverse("common:home"), label="start")
    menu_link = page.locator(f'header nav a[href="{reverse("reports:figures")}"]')
    expect(menu_link).to_be_visible()
    follow(page, menu_link, label="key figures, this year")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("h1 .period")).to_have_text(str(last_year + 1))
    expect(cell(page, "network_meetings")).to_have_text("1")
    expect(cell(page, "members")).to_have_text("0")

    # a period that ends before it starts: a message, and the input is kept
    page.locator("#id_from").fill(f"{last_year}-12-31")
    page.locator("#id_to").fill(f"{last_year}-01-01")
    submit(page, page.locator("form.filters button[type=submit]"), label="key figures, bad period")
    expect(page.locator("#id_to_errors")).to_be_visible()
    expect(page.locator("#id_from")).to_have_value(f"{last_year}-12-31")
    expect(page.locator("tr[data-key]")).to_have_count(0)

    page.locator("#id_from").fill(f"{last_year}-01-01")
    page.locator("#id_to").fill(f"{last_year}-12-31")
    submit(page, page.locator("form.filters button[type=submit]"), label="key figures, last year")
    expect(page).to_have_url(re.compile(rf"from={last_year}-01-01&to={last_year}-12-31"))
    expect(page.locator("h1 .period")).to_have_text(str(last_year))
    expected = {
        "members": "2",
        "municipalities_represented": "3",
        "network_meetings": "1",
        "job_shadowings": "0",
        "event_participants": f"1{NBSP}234",
        "collaborations": "1",
    }
    for key, value in expected.items():
        expect(cell(page, key)).to_have_text(value)
    expect(page.locator('.tile[data-key="event_participants"] .figure')).to_have_text(f"1{NBSP}234")

    with page.expect_download() as xlsx_download:
        page.locator(f'a[href^="{reverse("reports:figures_xlsx")}?"]').click()
    xlsx = xlsx_download.value
    assert xlsx.suggested_filename.endswith(f"-{last_year}.xlsx")
    target = tmp_path / xlsx.suggested_filename
    xlsx.save_as(target)
    sheet = load_workbook(target).active
    values = {row[2]: row[3] for row in spreadsheets.table(sheet)[1]}
    assert values["event_participants"] == 1234
    assert values["members"] == 2

    with page.expect_download() as pdf_download:
        page.locator(f'a[href^="{reverse("reports:figures_pdf")}?"]').click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith(f"-{last_year}.pdf")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    target = tmp_path / pdf.suggested_filename
    pdf.save_as(target)
    text = pdf_text(target.read_bytes(), layout=True)  # and without English codes
    with override("sv"):
        assert str(TITLE) in text
    assert f"{last_year}-01-01" in text
    assert re.search(r"Deltagare i aktiviteter\s+1 234", text)
    assert re.search(r"Representerade kommuner\s+3", text)

    # the quick link goes back to this year
    follow(
        page,
        page.locator(f'nav.actions a[href$="from={last_year + 1}-01-01&to={last_year + 1}-12-31"]'),
        label="key figures, this year again",
    )
    expect(cell(page, "members")).to_have_text("0")


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_figures_page_reflows_at_320_px(page, browser_context, login_as, coordinator):
    last_year = timezone.localdate().year - 1
    make_network(last_year)
    login_as(coordinator)
    path = f"{reverse('reports:figures')}?from={last_year}-01-01&to={last_year}-06-30"
    visit(page, path, label="key figures at 320 px")
    assert_no_horizontal_scroll(page, "key figures at 320 px")
    expect(cell(page, "members")).to_have_text("2")
    visit(page, f"{reverse('reports:figures')}?from=nope&to=", label="key figures, errors, 320 px")
    assert_no_horizontal_scroll(page, "key figures with errors at 320 px")
