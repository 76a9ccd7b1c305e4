"""Journey 8, the annual report: in January the coordinator chooses last year, reads
"Verksamheten i siffror" on the page, has it made as PDF and Excel in the background, follows
the progress bar and downloads both; the PDF's text is read back with pdftotext."""

import re
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kompetensnav.network.enums import EventKind
from kompetensnav.network.models import Event, Membership
from kompetensnav.projects.models import Mobility, Project
from kompetensnav.reports.models import ReportJob
from tests import spreadsheets
from tests.browser.support import (
    Polls,
    assert_no_horizontal_scroll,
    check_a11y,
    follow,
    submit,
    visit,
)
from tests.documents import pdf_text
from tests.factories import OrganisationFactory

NBSP = "\xa0"


def make_year(year: int) -> None:
    """Two paying members in three municipalities, a network meeting in February and one in
    December, a conference of 1 200, and an Erasmus+ project whose learners used 4 of 5
    places (the target exactly) and staff 1 of 2; the year before: one member."""
    alfa = OrganisationFactory(name="Lärcentrum Alfa")
    for organisation, member_year, municipalities in [
        (alfa, year, ["1485", "1488"]),
        (OrganisationFactory(name="Beta"), year, ["1480"]),
        (alfa, year - 1, ["1485"]),
    ]:
        membership = Membership.objects.create(
            organisation=organisation, year=member_year, fee_paid=True
        )
        membership.municipalities.set(municipalities)
    for kind, day, participants in [
        (EventKind.NETWORK_MEETING, date(year, 2, 1), 34),
        (EventKind.NETWORK_MEETING, date(year, 12, 1), 20),
        (EventKind.CONFERENCE, date(year, 10, 1), 1200),
    ]:
        Event.objects.create(kind=kind, date=day, participants=participants)
    project = Project.objects.create(
        name="Lärande i Europa",
        funder="erasmus_plus",
        start=date(year - 1, 6, 1),
        end=date(year + 1, 5, 31),
        granted_places_student=5,
        granted_places_staff=2,
    )
    for kind, month in [("student", 3), ("student", 3), ("student", 10), ("student", 11)] + [
        ("staff", 5)
    ]:
        Mobility.objects.create(
            project=project,
            kind=kind,
            status="completed",
            start=date(year, month, 1),
            grant_sek=Decimal(9000),
        )


def cells(page, key: str) -> list[str]:
    return page.locator(f'tr[data-key="{key}"] td.num').all_inner_texts()


def test_coordinator_makes_last_years_annual_report(page, login_as, coordinator, tmp_path):
    year = timezone.localdate().year - 1
    make_year(year)
    login_as(coordinator)
    visit(page, reverse("common:home"), label="start")
    menu_link = page.locator(f'header nav a[href="{reverse("reports:annual")}"]')
    expect(menu_link).to_have_text("Årsrapport")
    follow(page, menu_link, label="annual report, default year")
    expect(page.locator("h1")).to_have_text("Årsrapport")

    page.locator("#id_year").select_option(str(year))
    submit(page, page.locator("button[name=show]"), label="annual report, last year")
    expect(page).to_have_url(re.compile(rf"year={year}"))
    expect(page.locator("#report-heading")).to_have_text(f"Verksamheten i siffror {year}")
    expect(page.locator('tr[data-key="members"] td.num')).to_have_text(["2", "1", "+1"])
    assert cells(page, "event_participants")[0] == f"1{NBSP}254"
    assert cells(page, "mobilities_completed.student")[0] == "4"
    assert cells(page, "places_used_pct.student")[0] == "80,0"
    # the charts: images with a text alternative, their numbers one click away
    chart = page.locator("#chart-target-places_used_pct")
    expect(chart.locator("img")).to_have_attribute("alt", re.compile("Använda beviljade"))
    chart.locator("summary").click()
    expect(chart.locator(".chart-table-wide table tbody tr")).to_have_count(2)
    expect(chart.locator(".chart-table-narrow")).to_be_hidden()  # the phone's table
    check_a11y(page, "annual report, a chart's table open")

    # Swedish is the default language of the files: the coordinator's own
    expect(page.locator("#id_language")).to_have_value("sv")
    polls = Polls(page)
    submit(page, page.locator("button[name=generate]"), label="annual report, queued")
    job = ReportJob.objects.get()
    assert page.url.endswith(reverse("reports:annual_job", args=[job.pk]))
    bar = page.locator("progress#report-progress-bar")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator("#report-progress label")).to_have_text(
        "Väntar på att bakgrundsjobbet ska starta"
    )

    # the worker runs here while the page's polls wait (support.Polls)
    polls.run_worker()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.progress == 100
    files = polls.wait_for_files("annual report, ready")

    with page.expect_download() as pdf_download:
        files.locator(f'a[href="{reverse("reports:annual_job_pdf", args=[job.pk])}"]').click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"verksamheten-i-siffror-{year}.pdf"
    with page.expect_download() as xlsx_download:
        files.locator(f'a[href="{reverse("reports:annual_job_xlsx", args=[job.pk])}"]').click()
    xlsx_path = tmp_path / "report.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    summary = load_workbook(xlsx_path)["Sammanfattning"]
    values = {row[2]: row[3:6] for row in spreadsheets.table(summary)[1]}
    assert values["members"] == (2, 1, 1)
    assert values["event_participants"] == (1254, 0, 1254)

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    pdf_path = tmp_path / pdf.suggested_filename
    pdf.save_as(pdf_path)
    text = pdf_text(pdf_path.read_bytes(), layout=True)  # and without English codes
    assert f"Verksamheten i siffror {year}" in text
    assert f"{year}-01-01" in text and f"{year}-12-31" in text
    assert re.search(r"Medlemmar \(avgift betald\)\d\s+2\s+1\s+\+1", text)
    assert re.search(r"Deltagare i aktiviteter\d\s+1 254\s+0\s+\+1 254", text)
    assert re.search(r"Studerande\s+4\s+0\s+\+4", text)
    # the charts' own text: titles, months, the target line
    assert "Per månad: nätverksträffar, jobbskuggningar" in text
    assert re.search(r"Jan\s+Feb\s+Mar", text)
    assert "Mål 80 %" in text
    assert "Definitioner" in text

    # an old report can be deleted, after a question
    follow(
        page,
        page.locator(f'a[href="{reverse("reports:annual_job_delete", args=[job.pk])}"]'),
        label="annual report, delete?",
    )
    submit(page, page.locator("button[name=delete]"), label="annual report, deleted")
    assert not ReportJob.objects.exists()
    expect(page.locator(".messages")).to_contain_text("Rapporten har raderats")


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_annual_report_reflows_at_320_px(page, browser_context, login_as, coordinator):
    year = timezone.localdate().year - 1
    make_year(year)
    ReportJob.objects.create(year=year, language="sv", status="failed", requested_by=coordinator)
    login_as(coordinator)
    visit(page, f"{reverse('reports:annual')}?year={year}", label="annual report at 320 px")
    assert_no_horizontal_scroll(page, "annual report at 320 px")
    job = ReportJob.objects.get()
    visit(page, reverse("reports:annual_job", args=[job.pk]), label="failed report at 320 px")
    expect(page.locator("#report-failed")).to_be_visible()
    assert_no_horizontal_scroll(page, "failed report at 320 px")
