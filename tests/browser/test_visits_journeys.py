"""Journeys 1 and 2: the broker logs a visit on a phone (company found by part of its name,
two needs, follow-up in three weeks, seen in "Mina uppföljningar"); the coordinator filters
the needs dashboard, drills into a bar and downloads the summary as Excel."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kompetensnav.visits.models import Visit
from kompetensnav.visits.tests.factories import NeedFactory, PlanItemFactory, VisitFactory
from tests import spreadsheets
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit
from tests.factories import CompanyFactory

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_broker_logs_a_visit_on_a_phone(page, login_as, broker, own_org):
    furniture = CompanyFactory(name="Vänerns Möbelsnickeri AB", municipality_id="1494")
    CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427")
    login_as(broker)

    visit(page, reverse("visits:followups"), label="my follow-ups, empty")
    expect(page.locator("h1")).to_have_text("Mina uppföljningar")
    page.get_by_role("button", name="Meny").click()  # the navigation folds away on a phone
    expect(page.get_by_role("link", name="Mina uppföljningar")).to_have_attribute(
        "aria-current", "page"
    )
    assert_no_horizontal_scroll(page, "my follow-ups")
    follow(
        page, page.locator(f'main a[href="{reverse("visits:visit_create")}"]'), label="visit form"
    )
    expect(page.locator("h1")).to_have_text("Logga besök")
    assert_no_horizontal_scroll(page, "visit form")

    # saving without a company says what to do, keeping what was typed
    page.locator("#id_advice").fill("Tipsade om Svenska för yrkeslivet i Skövde")
    submit(page, page.locator('button[name="save"]'), label="visit form with errors")
    expect(page.locator("#id_company_query")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_advice")).to_have_value("Tipsade om Svenska för yrkeslivet i Skövde")

    # search as you type: part of the name
    with page.expect_response(lambda r: "/companies/search/" in r.url):
        page.locator("#id_company_query").fill("möbel")
    option = page.get_by_label("Vänerns Möbelsnickeri AB")
    expect(option).to_be_visible()
    expect(page.get_by_text("Hotell Kustbris AB")).to_have_count(0)
    check_a11y(page, "visit form with company matches")
    option.check()

    page.locator("#id_needs-0-area").fill("CNC-operatörer")
    page.locator("#id_needs-0-horizon").select_option("1-3y")
    page.locator("#id_needs-0-employees_affected").fill("2")
    page.locator("button[name=add_need]").click()  # JavaScript adds the row in place
    expect(page.locator("#id_needs-1-area")).to_be_focused()
    page.locator("#id_needs-1-area").fill("Svenska för yrkeslivet")
    page.locator("#id_needs-1-horizon").select_option("now")
    # the shared questionnaire: a follow-up question appears for a "yes"
    page.locator("#question-q-industry_situation").get_by_label("Stabilt").check()
    roles = page.locator("#id_q-recruitment_roles")
    expect(roles).to_be_hidden()
    page.locator("#question-q-recruitment_difficulties").get_by_label("Ja").check()
    expect(roles).to_be_visible()
    roles.fill("CNC-operatörer")
    page.get_by_label("Om 3 veckor").check()
    check_a11y(page, "visit form filled in")
    assert_no_horizontal_scroll(page, "visit form filled in")

    submit(page, page.locator('button[name="save"]'), label="visit saved")
    expect(page.locator("h1")).to_have_text("Besök hos Vänerns Möbelsnickeri AB")
    expect(page.locator(".messages")).to_contain_text("Besöket har sparats")
    expect(page.locator("#visit-needs")).to_contain_text("CNC-operatörer")
    expect(page.locator("#visit-needs")).to_contain_text("Svenska för yrkeslivet")
    assert_no_horizontal_scroll(page, "visit saved")
    saved = Visit.objects.get()
    due = timezone.localdate() + timedelta(weeks=3)
    assert saved.company == furniture and saved.follow_up_date == due
    assert saved.organisation == own_org
    assert saved.response.answer_values()["recruitment_roles"] == "CNC-operatörer"

    page.get_by_role("button", name="Meny").click()
    follow(page, page.get_by_role("link", name="Mina uppföljningar"), label="my follow-ups")
    expect(page.locator("#later")).to_contain_text("Vänerns Möbelsnickeri AB")
    expect(page.locator("#later")).to_contain_text(due.isoformat())
    assert_no_horizontal_scroll(page, "my follow-ups with the new visit")


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_broker_marks_follow_ups_done_on_a_phone(page, login_as, broker, own_org):
    today = timezone.localdate()
    late = VisitFactory(
        organisation=own_org,
        visited_by=[broker],
        company__name="Kinnekulle Trävaror AB",
        date=today - timedelta(days=30),
        follow_up_date=today - timedelta(days=3),
    )
    VisitFactory(
        organisation=own_org,
        visited_by=[broker],
        company__name="Tibro Möbelfabrik AB",
        date=today - timedelta(days=5),
        follow_up_date=today + timedelta(days=4),
    )
    login_as(broker)
    visit(page, reverse("visits:followups"), label="follow-ups due and overdue")
    expect(page.locator("#overdue")).to_contain_text("Kinnekulle Trävaror AB")
    expect(page.locator("#due")).to_contain_text("Tibro Möbelfabrik AB")
    assert_no_horizontal_scroll(page, "follow-ups due and overdue")
    page.locator(f"#on-{late.pk}").fill((today + timedelta(days=7)).isoformat())
    submit(
        page, page.locator(f'form[action$="/{late.pk}/reschedule/"] button'), label="rescheduled"
    )
    expect(page.locator("#overdue")).not_to_contain_text("Kinnekulle Trävaror AB")
    expect(page.locator("#due")).to_contain_text("Kinnekulle Trävaror AB")
    submit(page, page.locator(f'form[action$="/{late.pk}/done/"] button'), label="marked done")
    expect(page.locator("main")).not_to_contain_text("Kinnekulle Trävaror AB Följ")
    expect(page.locator("#due .followup-list > li")).to_have_count(1)


def test_coordinator_compiles_the_needs_of_tourism_in_fyrbodal(
    page, login_as, coordinator, own_org, foreign_org
):
    today = timezone.localdate()
    hotel = CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427", sni_id="55")
    camping = CompanyFactory(name="Camping Väst AB", municipality_id="1485", sni_id="55")
    furniture = CompanyFactory(name="Vänerns Möbelsnickeri AB", municipality_id="1494", sni_id="31")
    recent = today - timedelta(days=30)
    v1 = VisitFactory(company=hotel, organisation=own_org, date=recent)
    v2 = VisitFactory(company=camping, organisation=foreign_org, date=recent)
    v3 = VisitFactory(company=furniture, organisation=own_org, date=recent)
    old = VisitFactory(company=hotel, organisation=own_org, date=date(2020, 5, 5))
    NeedFactory(visit=v1, area__name="Kundbemötande", horizon="now")
    NeedFactory(visit=v2, area__name="Kundbemötande", horizon="1-3y")
    NeedFactory(visit=v2, area__name="Sociala medier", horizon="now")
    NeedFactory(visit=v3, area__name="CNC-operatörer")
    NeedFactory(visit=old, area__name="Truckkort")
    login_as(coordinator)

    visit(page, reverse("common:home"), label="home")
    follow(page, page.get_by_role("link", name="Behovsanalys"), label="needs dashboard")
    expect(page.locator("h1")).to_have_text("Behovsanalys")
    expect(page.locator("#top-areas li")).to_have_count(3)

    page.locator("#id_subregion").select_option("fyrbodal")
    page.locator("#id_sni").select_option("I")
    submit(page, page.locator('button[name="filter"]'), label="dashboard, tourism in Fyrbodal")
    bars = page.locator("#top-areas li")
    expect(bars).to_have_count(2)
    expect(bars.first).to_contain_text("Kundbemötande")
    expect(bars.first).to_contain_text("2 behov")
    expect(bars.nth(1)).to_contain_text("Sociala medier")

    follow(page, bars.first.get_by_role("link"), label="needs behind the bar")
    expect(page.locator("h1")).to_have_text("Behov: Kundbemötande")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text("Hotell Kustbris AB")
    expect(page.locator("table")).to_contain_text("Camping Väst AB")
    expect(page.locator("table")).not_to_contain_text("Vänerns Möbelsnickeri AB")
    follow(page, page.get_by_role("link", name="Tillbaka till behovsanalysen"), label="back")
    expect(page.locator("#id_subregion")).to_have_value("fyrbodal")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned sammanställningen (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    _header, rows = spreadsheets.table(workbook.active)
    assert ("Kompetensområde", "Kundbemötande", 2) in rows
    assert ("Kompetensområde", "Sociala medier", 1) in rows
    assert spreadsheets.notes(workbook.active)["Delregion"] == "Fyrbodal"
    assert not any(r[1] == "CNC-operatörer" for r in rows)


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_broker_logs_a_planned_visit_from_the_plan(page, login_as, broker, own_org):
    item = PlanItemFactory(
        organisation=own_org,
        company__name="Tibro Möbelfabrik AB",
        owner=broker,
        status="booked",
        target_date=timezone.localdate(),
    )
    login_as(broker)
    visit(page, reverse("visits:plan_list"), label="visit plan")
    expect(page.locator("h1")).to_have_text("Besöksplan")
    follow(
        page,
        page.locator(f'a[href="{reverse("visits:visit_create")}?plan={item.pk}"]'),
        label="visit form from the plan",
    )
    expect(page.locator("#company-step")).to_contain_text("Tibro Möbelfabrik AB")
    page.locator("#id_needs-0-area").fill("Truckkort")
    page.locator("#question-q-industry_situation").get_by_label("Växande").check()
    page.locator("#question-q-recruitment_difficulties").get_by_label("Nej").check()
    submit(page, page.locator('button[name="save"]'), label="planned visit saved")
    expect(page.locator("h1")).to_have_text("Besök hos Tibro Möbelfabrik AB")
    visit(page, reverse("visits:plan_list") + "?status=", label="visit plan, all")
    expect(page.locator("table")).to_contain_text("Besökt")
    expect(page.get_by_role("link", name="Öppna besöket")).to_be_visible()
    assert_no_horizontal_scroll(page, "visit plan with the visit")

    # logged by mistake: the broker deletes it after a confirmation, and the plan row is
    # planned again
    follow(page, page.get_by_role("link", name="Öppna besöket"), label="the planned visit")
    follow(page, page.get_by_role("link", name="Ta bort besöket"), label="delete the visit?")
    expect(page.locator("h1")).to_have_text("Ta bort besöket hos Tibro Möbelfabrik AB?")
    expect(page.locator("main")).to_contain_text("1 behov")
    submit(page, page.get_by_role("button", name="Ta bort besöket"), label="visit deleted")
    expect(page.locator("h1")).to_have_text("Besök")
    expect(page.locator("main")).to_contain_text("har tagits bort")
    assert not Visit.objects.filter(company__name="Tibro Möbelfabrik AB").exists()
    item.refresh_from_db()
    assert item.status == "planned" and item.visit is None


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_needs_analysis_on_a_phone_shows_tables_not_tiny_charts(page, login_as, coordinator):
    """On a phone a chart's drawing would shrink its labels below 12 px: the table of its
    figures takes its place, readable, and nothing scrolls sideways but the wide tables."""
    hotel = CompanyFactory(name="Hotell Kustbris AB", municipality_id="1427")
    for day in (date(2025, 2, 3), date(2025, 5, 5), date(2025, 8, 8)):
        visit_ = VisitFactory(company=hotel, date=day)
        NeedFactory(visit=visit_, area__name="Sociala medier", horizon="now")
    login_as(coordinator)
    visit(
        page,
        reverse("visits:dashboard") + "?date_from=2025-01-01&date_to=2025-12-31",
        label="needs analysis on a phone",
    )
    trend = page.locator("#trend figure.chart")
    expect(trend.locator(".chart-drawing")).to_be_hidden()
    narrow = trend.locator(".chart-table-narrow table")
    expect(narrow).to_be_visible()
    expect(narrow).to_contain_text("2025K2")
    size = narrow.locator("td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 12
    expect(page.locator("img.chart-img")).to_be_hidden()
    assert_no_horizontal_scroll(page, "needs analysis on a phone")
    expect(page.locator("#focus-areas")).to_contain_text("Sociala medier")
