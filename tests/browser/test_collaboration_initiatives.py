"""The strategic level's year: from the menu (Samverkan) to the year's priorities, a new
priority from the competence analysis, an initiative that carries it out, a course it
produced linked by searching, the initiative's follow-up, and the year's cycle as a page and
a PDF read back. A council decision leads to an initiative too. The pages reflow on a 390 px
phone. axe-core on every page."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Session
from kompetensnav.collaboration.models import Initiative, Priority
from kompetensnav.collaboration.tests.council_world import build, user
from kompetensnav.participants.models import Attendance
from kompetensnav.participants.tests.factories import CourseFactory, ParticipantFactory
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}


@pytest.fixture
def world(reference_data):
    world = build()
    course = CourseFactory(title_sv="Truckkort A och B", provider=world.school)
    start = timezone.localtime() - timedelta(days=10)
    held = Session.objects.create(
        course=course, start=start, end=start + timedelta(hours=4), hours=Decimal("4.00")
    )
    for _ in range(3):
        Attendance.objects.create(session=held, participant=ParticipantFactory(), hours=4)
    return world


def test_the_strategic_level_sets_a_priority_and_follows_an_initiative(page, login_as, world):
    year = timezone.localdate().year
    login_as(user(Role.BOARD, world.federation))  # the federation is a strategic actor
    visit(page, reverse("common:home"), label="start")
    follow(
        page,
        page.locator(f'header nav a[href="{reverse("collaboration:overview")}"]'),
        label="collaboration overview",
    )
    follow(page, page.get_by_role("link", name="Strategiska prioriteringar"), label="priorities")
    expect(page.locator("h1")).to_have_text(f"Strategiska prioriteringar {year}")
    follow(
        page,
        page.get_by_role("link", name="Sätt årets första prioritering"),
        label="new priority form",
    )
    page.get_by_label("Region").select_option(label="Skaraborg")
    page.get_by_label("Prioritering").fill("Fler förare med truckkort")
    page.get_by_label("Varför").fill("Störst brist bland åkerier och lager i analysen.")
    page.get_by_label("Beslutad av").select_option(label="Kommunalförbundet Test")
    submit(page, page.get_by_role("button", name="Spara"), label="priority saved")
    priority = Priority.objects.get(title="Fler förare med truckkort")
    expect(page.locator(f"#priority-{priority.pk}")).to_contain_text(
        "Ingen insats genomför prioriteringen ännu."
    )

    follow(
        page,
        page.get_by_role("link", name="Starta en insats för ”Fler förare med truckkort”"),
        label="new initiative form",
    )
    expect(page.get_by_label("En strategisk prioritering")).to_be_checked()
    page.get_by_label("Titel").fill("Förarsatsning Skaraborg")
    page.get_by_label("Typ").select_option(label="Rekrytering och matchning")
    page.get_by_label("Status").select_option(label="Pågår")
    page.get_by_label("Ansvarig").select_option(label="Kommunalförbundet Test")
    page.locator("#id_start").fill(f"{year}-01-15")
    submit(page, page.get_by_role("button", name="Spara"), label="initiative saved")
    initiative = Initiative.objects.get(title="Förarsatsning Skaraborg")
    assert initiative.priority == priority
    expect(page.locator("h1")).to_have_text("Förarsatsning Skaraborg")

    follow(
        page,
        page.get_by_role("link", name="Koppla en kurs, ett projekt eller en aktivitet"),
        label="link search",
    )
    page.get_by_label("Sök", exact=True).fill("Truckkort")
    submit(page, page.get_by_role("button", name="Sök", exact=True), label="link results")
    submit(page, page.get_by_role("button", name="Koppla Truckkort A och B"), label="linked")
    expect(page.locator("body")).to_contain_text("”Truckkort A och B” är kopplad.")
    follow(
        page,
        page.get_by_role("link", name="Förarsatsning Skaraborg").first,
        label="initiative with follow-up",
    )
    followup = page.locator("section", has=page.get_by_role("heading", name="Uppföljning"))
    expect(followup).to_contain_text("1 av 1 kopplade")
    expect(followup).to_contain_text("12")  # 3 participants × 4 hours

    visit(page, f"{reverse('collaboration:cycle')}?year={year}", label="the year's cycle")
    row = page.locator("table.cycle tbody tr").first
    expect(row).to_contain_text("Fler förare med truckkort")
    expect(row).to_contain_text("Förarsatsning Skaraborg")
    expect(row).to_contain_text("1 av 1 kurser genomförda; 3 deltagare, 12,0 timmar")
    href = page.get_by_role("link", name="Ladda ned som PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # cells wrap lines
    assert "Fler förare med truckkort" in text and "Förarsatsning Skaraborg" in text


def test_a_council_decision_becomes_an_initiative(page, login_as, world):
    login_as(user(Role.COORDINATOR, world.outsider_org))
    visit(page, reverse("collaboration:meeting_detail", args=[world.meeting.pk]), label="meeting")
    follow(
        page,
        page.get_by_role("link", name="Starta en insats utifrån beslutet").first,
        label="initiative from decision",
    )
    expect(page.locator("main")).to_contain_text("Starta en kurs i CNC-teknik.")
    expect(page.get_by_label("Ett beslut i ett branschråd")).to_be_checked()
    page.get_by_label("Titel").fill("CNC-kurs i Tibro")
    page.get_by_label("Ansvarig").select_option(label="Kommunalförbundet Test")
    submit(page, page.get_by_role("button", name="Spara"), label="initiative saved")
    assert Initiative.objects.get(title="CNC-kurs i Tibro").decision == world.decision
    expect(page.locator("main")).to_contain_text("Starta en kurs i CNC-teknik.")


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_initiative_pages_reflow_on_a_phone(page, login_as, world):
    initiative = Initiative.objects.create(
        title="Förarsatsning med ett mycket långt namn för en liten skärm",
        kind="recruitment",
        owner=world.federation_actor,
        priority=Priority.objects.create(year=timezone.localdate().year, title="Förare"),
        start=timezone.localdate(),
    )
    login_as(user(Role.COORDINATOR, world.outsider_org))
    for path, label in (
        (reverse("collaboration:initiative_list"), "initiatives on a phone"),
        (initiative.get_absolute_url(), "initiative on a phone"),
        (reverse("collaboration:priority_list"), "priorities on a phone"),
        (reverse("collaboration:cycle"), "cycle on a phone"),
    ):
        visit(page, path, label=label)
        assert_no_horizontal_scroll(page, label)
