"""Journeys 6 and 7: the project owner sees the co-financing forecast fall short and exports
participant hours; the coordinator sees Erasmus+ utilisation under the target and records a
mobility. axe-core checks every page."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.projects.models import BudgetLine, Mobility, Project, ProjectPartner
from tests.browser.support import assert_no_horizontal_scroll, check_a11y, follow, submit, visit


def make_projects(own_org):
    today = timezone.localdate()
    esf = Project.objects.create(
        name="Kompetenslyftet Väst",
        funder="esf",
        start=today.replace(day=1) - timedelta(days=120),
        end=today + timedelta(days=200),
        cofinancing_sek_per_hour=Decimal(300),
    )
    ProjectPartner.objects.create(project=esf, organisation=own_org, role="lead")
    BudgetLine.objects.create(project=esf, category="participants_time", budgeted_sek=500_000)
    erasmus = Project.objects.create(
        name="Erasmus+ Väst",
        funder="erasmus_plus",
        start=today - timedelta(days=300),
        end=today + timedelta(days=300),
        granted_places_student=10,
        budget_student_sek=Decimal(100_000),
    )
    ProjectPartner.objects.create(project=erasmus, organisation=own_org, role="lead")
    for _n in range(3):
        Mobility.objects.create(
            project=erasmus, kind="student", status="completed", start=today - timedelta(days=30),
            grant_sek=Decimal(7_000),
        )  # fmt: skip
    Mobility.objects.create(project=erasmus, kind="student", status="force_majeure")
    return esf, erasmus


def test_project_owner_sees_shortfall_and_erasmus_utilisation(page, login_as, coordinator, own_org):
    esf, erasmus = make_projects(own_org)
    login_as(coordinator)
    visit(page, reverse("projects:project_list"), label="projects")
    expect(page.locator("h1")).to_have_text("Projekt")
    follow(page, page.get_by_role("link", name="Kompetenslyftet Väst"), label="ESF project")
    expect(page.locator(".alert")).to_contain_text("medfinansieringen kommer inte att räcka")
    page.get_by_text("Så görs prognosen").click()
    expect(page.get_by_text("genomsnittligt värde per månad")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Deltagartimmar per månad (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    visit(page, reverse("projects:erasmus"), label="Erasmus+ utilisation")
    section = page.locator("section", has_text="Erasmus+ Väst").first
    expect(section).to_contain_text("30,0 %")
    expect(section).to_contain_text("21,0 %")
    expect(section.locator(".alert")).to_contain_text("Under målet")
    expect(page.locator("section", has_text="Fall av force majeure")).to_contain_text(
        "Erasmus+ Väst"
    )

    visit(page, reverse("projects:mobility_create", args=[erasmus.pk]), label="add mobility")
    page.locator("#id_kind").select_option("student")
    page.locator("#id_status").select_option("planned")
    page.locator("#id_participant_reference").fill("S-2026-099")
    page.locator("#id_start").fill("2026-01-20")
    page.locator("#id_end").fill("2026-01-10")
    submit(page, page.get_by_role("button", name="Spara"), label="add mobility with errors")
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("#id_participant_reference")).to_have_value("S-2026-099")
    page.locator("#id_end").fill("2026-02-10")
    submit(page, page.get_by_role("button", name="Spara"), label="mobility list")
    expect(page.locator("table")).to_contain_text("S-2026-099")


def test_project_pages_fit_a_phone(page, login_as, coordinator, own_org):
    esf, _erasmus = make_projects(own_org)
    page.set_viewport_size({"width": 375, "height": 700})
    login_as(coordinator)
    visit(page, reverse("projects:project_detail", args=[esf.pk]), label="ESF project on a phone")
    assert_no_horizontal_scroll(page, "ESF project on a phone")
    visit(page, reverse("projects:erasmus"), label="Erasmus+ on a phone")
    assert_no_horizontal_scroll(page, "Erasmus+ on a phone")
    check_a11y(page, "Erasmus+ on a phone")
