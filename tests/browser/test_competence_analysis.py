"""The competence analysis (kompetensanalys): the coordinator opens "Kompetensanalys" in the
menu, starts a new analysis of last year for Fyrbodal, writes its introduction and
conclusions, previews it as PDF and Excel in the background while the page follows the
progress bar, reads the introduction back from the PDF with pdftotext, then publishes it
after a question. On a 320 px phone the list, the analysis and a published version compared
with last year's reflow."""

import re
import shutil
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.participants.tests.factories import ParticipantFactory, RegistrationFactory
from kompetensnav.reports.models import CompetenceReport, CompetenceVersion
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.browser.support import (
    Polls,
    assert_no_horizontal_scroll,
    follow,
    submit,
    visit,
)
from tests.documents import pdf_text
from tests.factories import CompanyFactory, OrganisationFactory
from tests.tasks import run_queued_tasks

NBSP = "\xa0"
INTRODUCTION = "Analysen bygger på företagsbesöken i Fyrbodal under året."
CONCLUSIONS = "Turismen behöver sociala medier mer än något annat."


def make_needs(year: int, organisation) -> None:
    """In the year, a hotel in Sotenäs (Fyrbodal) with needs in Sociala medier (now) and
    Kundbemötande, a workshop in Lidköping (Skaraborg) with CNC; a published course in Sociala
    medier with 12 places at a Fyrbodal site, and six women and a man registered for it (as
    the unit tests' competence_data, for any year)."""
    hotel = CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427", sni_id="55")
    workshop = CompanyFactory(name="Verkstad AB", municipality_id="1494", sni_id="25")
    hotel_visit = VisitFactory(company=hotel, organisation=organisation, date=date(year, 3, 3))
    NeedFactory(visit=hotel_visit, area__name="Sociala medier", horizon="now", employees_affected=4)
    NeedFactory(visit=hotel_visit, area__name="Kundbemötande", horizon="1-3y")
    workshop_visit = VisitFactory(
        company=workshop, organisation=organisation, date=date(year, 9, 9)
    )
    NeedFactory(visit=workshop_visit, area__name="CNC-operatörer", horizon="now")
    course = Course.objects.create(
        provider=organisation, title_sv="Sociala medier", status="published"
    )
    course.areas.set([area_find_or_create(name="Sociala medier")])
    start = datetime(year, 5, 5, 9, tzinfo=ZoneInfo("Europe/Stockholm"))
    session = Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
    site = OrganisationFactory(name="Lärcentrum Uddevalla", municipality_id="1485")
    SessionSite.objects.create(session=session, organisation=site, capacity=12)
    for gender in ["F"] * 6 + ["M"]:
        RegistrationFactory(
            participant=ParticipantFactory(gender=gender, employer=hotel),
            course=course,
            registered=date(year, 4, 1),
        )


def test_coordinator_writes_previews_and_publishes_a_competence_analysis(
    page, login_as, coordinator, own_org, tmp_path
):
    year = timezone.localdate().year - 1
    make_needs(year, own_org)
    run_queued_tasks()  # the matching of the new needs and course, queued by their saving
    login_as(coordinator)
    visit(page, reverse("common:home"), label="start")
    menu_link = page.locator(f'header nav a[href="{reverse("reports:competence")}"]')
    expect(menu_link).to_have_text("Kompetensanalys")
    follow(page, menu_link, label="competence analyses, none yet")
    expect(page.locator("h1")).to_have_text("Kompetensanalys")
    expect(page.locator("main .empty")).to_contain_text("Ingen kompetensanalys har gjorts ännu")

    follow(page, page.get_by_role("link", name="Ny kompetensanalys"), label="new analysis")
    expect(page.locator("h1")).to_have_text("Ny kompetensanalys")
    page.get_by_label("Från").fill(f"{year}-01-01")
    page.get_by_label("Till").fill(f"{year}-12-31")
    page.get_by_label("Region").select_option(label="Fyrbodal")
    expect(page.get_by_label("Rapportens språk")).to_have_value("sv")
    submit(page, page.get_by_role("button", name="Skapa"), label="texts, new analysis")
    report = CompetenceReport.objects.get()
    assert (report.region_kind, report.region_key) == ("subregion", "fyrbodal")
    assert (report.date_from, report.date_to) == (date(year, 1, 1), date(year, 12, 31))
    assert page.url.endswith(reverse("reports:competence_texts", args=[report.pk]))
    expect(page.locator("h1")).to_have_text("Inledning och slutsatser")
    expect(page.locator(".lead")).to_have_text(f"Kompetensanalys {year} – Fyrbodal")

    page.get_by_label("Inledning").fill(f"{INTRODUCTION}\n\nDet andra stycket.")
    page.get_by_label("Slutsatser").fill(CONCLUSIONS)
    submit(page, page.get_by_role("button", name="Spara"), label="analysis, texts saved")
    assert page.url.endswith(reverse("reports:competence_report", args=[report.pk]))
    expect(page.locator("h1")).to_have_text(f"Kompetensanalys {year} – Fyrbodal")
    texts = page.locator("section[aria-labelledby=texts-heading]")
    expect(texts.locator(".prose p").first).to_have_text(INTRODUCTION)
    expect(texts.locator(".prose").nth(1)).to_have_text(CONCLUSIONS)
    expect(page.locator("dl.facts .badge")).to_have_text("Utkast")

    # the preview: queued, its page follows the progress bar while the worker makes it
    polls = Polls(page)
    submit(
        page,
        page.get_by_role("button", name="Förhandsgranska som PDF och Excel"),
        label="preview, queued",
    )
    preview = CompetenceVersion.objects.get()
    assert preview.kind == "preview"
    assert page.url.endswith(reverse("reports:competence_version", args=[preview.pk]))
    expect(page.locator("progress#report-progress-bar")).to_have_attribute("value", "0")
    expect(page.locator("#report-progress label")).to_have_text(
        "Väntar på att bakgrundsjobbet ska starta"
    )
    polls.run_worker()
    preview.refresh_from_db()
    assert (preview.status, preview.progress) == ("done", 100), preview.message
    files = polls.wait_for_files("preview, ready")
    expect(files.locator("h2")).to_have_text("Förhandsgranskningen är klar")
    expect(page.locator("#compare-heading + .empty")).to_contain_text("Ingen annan version")

    with page.expect_download() as pdf_download:
        files.get_by_role("link", name="Ladda ned som PDF").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"kompetensanalys-{year}-fyrbodal.pdf"
    with page.expect_download() as xlsx_download:
        files.get_by_role("link", name="Ladda ned som Excel (XLSX)").click()
    assert xlsx_download.value.suggested_filename == f"kompetensanalys-{year}-fyrbodal.xlsx"
    if shutil.which("pdftotext"):
        pdf_path = tmp_path / pdf.suggested_filename
        pdf.save_as(pdf_path)
        text = pdf_text(pdf_path.read_bytes())  # and without English codes
        assert f"Kompetensanalys {year} – Fyrbodal" in text
        assert INTRODUCTION in re.sub(r"\s+", " ", text)
        assert "Slutsatser" in text

    # publishing asks first
    follow(
        page,
        page.get_by_role("link", name="Tillbaka till kompetensanalysen"),
        label="analysis, one preview",
    )
    follow(page, page.get_by_role("link", name="Publicera", exact=True), label="publish?")
    expect(page.locator("h1")).to_have_text("Publicera kompetensanalysen?")
    expect(page.locator(".notice")).to_have_count(0)  # the texts are written
    polls = Polls(page)
    submit(page, page.get_by_role("button", name="Publicera"), label="publication, queued")
    published = CompetenceVersion.objects.get(kind="published")
    assert page.url.endswith(reverse("reports:competence_version", args=[published.pk]))
    polls.run_worker()
    published.refresh_from_db()
    assert published.status == "done", published.message
    assert published.figures["totals"]["needs"] == 2  # Fyrbodal's: the hotel's two
    files = polls.wait_for_files("published version")
    expect(files.locator("h2")).to_have_text("Kompetensanalysen är publicerad")
    expect(page.locator("dl.facts")).to_contain_text("Publicerad version 1")

    follow(
        page,
        page.get_by_role("link", name="Tillbaka till kompetensanalysen"),
        label="analysis, published",
    )
    expect(page.locator("dl.facts .badge")).to_have_text("Publicerad en gång")
    expect(page.get_by_role("link", name="Ta bort utkastet")).to_have_count(0)
    follow(page, page.get_by_role("link", name="Alla kompetensanalyser"), label="list, one")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr .badge")).to_contain_text("Publicerad")


def figures(needs: int, focus: list[str], *, year: int) -> dict:
    """Key figures shaped as reports.competence.snapshot() keeps them."""
    return {
        "period": [f"{year}-01-01", f"{year}-12-31"],
        "region": {"kind": "subregion", "key": "fyrbodal", "name": "Fyrbodal"},
        "totals": {"visits": needs, "companies": needs, "needs": needs,
                   "companies_with_needs": needs},
        "offer": {"courses": 3, "places": 1200, "unmet": needs // 2},
        "focus": [
            {"area": area, "rank": rank, "score": 100.0 - 10 * rank, "companies": 2,
             "employees": 10}
            for rank, area in enumerate(focus, start=1)
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_competence_analysis_reflows_at_320_px(page, browser_context, login_as, coordinator):
    year = timezone.localdate().year - 1
    versions = []
    for period_year, needs, focus in [
        (year - 1, 14, ["Kundbemötande", "Svetsning och tunnplåtsbearbetning"]),
        (year, 1234, ["Sociala medier och digital marknadsföring", "Kundbemötande"]),
    ]:
        report = CompetenceReport.objects.create(
            date_from=date(period_year, 1, 1),
            date_to=date(period_year, 12, 31),
            region_kind="subregion",
            region_key="fyrbodal",
            region_name="Fyrbodal",
            language="sv",
            introduction="Inledningen.",
            conclusions="Slutsatserna.",
            created_by=coordinator,
        )
        versions.append(
            CompetenceVersion.objects.create(
                report=report,
                kind="published",
                status="done",
                progress=100,
                step="finished",
                introduction=report.introduction,
                conclusions=report.conclusions,
                requested_by=coordinator,
                figures=figures(needs, focus, year=period_year),
                finished_at=timezone.make_aware(datetime(period_year + 1, 2, 1, 10)),
                pdf=b"%PDF-1.4",
                xlsx=b"PK",
            )
        )
    login_as(coordinator)
    visit(page, reverse("reports:competence"), label="competence analyses at 320 px")
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_no_horizontal_scroll(page, "competence analyses at 320 px")

    latest = versions[-1]
    visit(
        page,
        reverse("reports:competence_report", args=[latest.report.pk]),
        label="competence analysis at 320 px",
    )
    assert_no_horizontal_scroll(page, "competence analysis at 320 px")

    visit(
        page,
        reverse("reports:competence_version", args=[latest.pk]),
        label="published version compared at 320 px",
    )
    rows = page.locator("#comparison tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.first.locator("td")).to_have_text([f"1{NBSP}234", "14", f"+1{NBSP}220"])
    expect(page.locator("#comparison-areas tbody tr")).to_have_count(3)
    assert_no_horizontal_scroll(page, "published version compared at 320 px")
