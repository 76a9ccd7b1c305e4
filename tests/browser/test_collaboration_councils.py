"""An industry council's chair at work: from the menu (Samverkan) to the councils, the
furniture council's page with its open action items first, a new meeting with attendance,
a decision, an action item for a member, marking one done, and the calendar feed read back
by a parser. The council's page and the meeting reflow on a 390 px phone. axe-core on every
page."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.models import ActionItem, Meeting
from kompetensnav.collaboration.tests.council_world import build, user
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}


@pytest.fixture
def world(reference_data):
    return build()


def test_chair_runs_a_council_meeting(page, login_as, world, live_server):
    chair = user(Role.VIEWER, world.outsider_org, email="ordforande@example.se")
    login_as(chair)
    visit(page, reverse("common:home"), label="start")
    menu = page.locator(f'header nav a[href="{reverse("collaboration:overview")}"]')
    expect(menu).to_have_text("Samverkan")
    follow(page, menu, label="collaboration overview")
    follow(page, page.get_by_role("link", name="Branschråd").first, label="council list")
    expect(page.locator("h1")).to_have_text("Branschråd")
    follow(page, page.get_by_role("link", name="Branschråd möbel och inredning"), label="council")
    expect(page.locator("#actions tbody tr").first).to_contain_text("Ta fram en kursplan")

    follow(page, page.get_by_role("link", name="Nytt möte"), label="new meeting form")
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Börjar").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Slutar").fill(f"{day:%Y-%m-%d}T11:30")
    page.get_by_label("Plats").fill("Tibro, Centrumhuset")
    page.get_by_label("Dagordning").fill("1. Läget\n2. Kurser i ytbehandling")
    page.get_by_label("Ledamot Test").check()
    submit(page, page.get_by_role("button", name="Spara"), label="meeting saved")
    meeting = Meeting.objects.get(place="Tibro, Centrumhuset")
    expect(page.locator("h1")).to_have_text(f"Möte {day:%Y-%m-%d}")

    page.get_by_role("textbox", name="Beslut").fill("Rådet ordnar en kurs i ytbehandling.")
    submit(page, page.get_by_role("button", name="Lägg till beslutet"), label="decision added")
    expect(page.locator("#decisions")).to_contain_text("Rådet ordnar en kurs i ytbehandling.")

    follow(page, page.get_by_role("link", name="Ny åtgärd"), label="new action form")
    page.get_by_label("Åtgärd").fill("Fråga leverantörer om utrustning")
    page.get_by_label("Ansvarig").select_option(label="Ledamot Test")
    submit(page, page.get_by_role("button", name="Spara"), label="action saved")
    action = ActionItem.objects.get(title="Fråga leverantörer om utrustning")
    assert action.meeting == meeting and action.owner == world.member

    submit(
        page,
        page.get_by_role("button", name="Markera som klar Ta fram en kursplan"),
        label="action done",
    )
    expect(page.locator("body")).to_contain_text("”Ta fram en kursplan” är nu klar.")
    expect(page.locator("#actions details")).to_contain_text("Ta fram en kursplan")
    feed = page.get_by_role("link", name="kalenderflöde (iCalendar)").get_attribute("href")
    response = page.request.get(feed)
    assert response.ok
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert {str(e["location"]) for e in events} >= {"Tibro", "Tibro, Centrumhuset"}


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_council_pages_reflow_on_a_phone(page, login_as, world):
    coordinator = user(Role.COORDINATOR, world.outsider_org)
    login_as(coordinator)
    for path, label in (
        (reverse("collaboration:council_list"), "council list on a phone"),
        (world.council.get_absolute_url(), "council on a phone"),
        (reverse("collaboration:meeting_detail", args=[world.meeting.pk]), "meeting on a phone"),
    ):
        visit(page, path, label=label)
        assert_no_horizontal_scroll(page, label)
