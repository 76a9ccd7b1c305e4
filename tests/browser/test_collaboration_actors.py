"""A coordinator maps the actors: from the collaboration overview to the actors, a new actor
(the upper-secondary school, an education provider in Skaraborg), its page, the actor map
with its links as a table and as a PDF, and the education coverage with its gaps. The pages
reflow on a 390 px phone. axe-core on every page."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.models import Actor, Initiative
from kompetensnav.collaboration.tests.council_world import build, user
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, NeedFactory, VisitFactory
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit
from tests.factories import CompanyFactory

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}


@pytest.fixture
def world(reference_data):
    world = build()
    recent = timezone.localdate() - timedelta(days=20)
    company = CompanyFactory(municipality_id="1472")
    NeedFactory(
        visit=VisitFactory(company=company, date=recent),
        area=CompetenceAreaFactory(name="Lackering"),
    )
    return world


def test_a_coordinator_maps_the_actors(page, login_as, world):
    login_as(user(Role.COORDINATOR, world.outsider_org))
    visit(page, reverse("collaboration:overview"), label="collaboration overview")
    follow(page, page.get_by_role("link", name="Aktörer", exact=True), label="actors")
    expect(page.locator("table caption")).to_contain_text("2 aktörer")
    follow(page, page.get_by_role("link", name="Ny aktör"), label="new actor form")
    page.locator("#id_organisation").select_option(label="Gymnasiet Test")
    page.get_by_label("Operativ", exact=True).check()
    page.get_by_label("Utbildningsanordnare").check()
    page.get_by_label("Uppdrag").fill("Utbildar unga och vuxna i möbelsnickeri.")
    page.get_by_label("Skaraborg").check()
    submit(page, page.get_by_role("button", name="Spara"), label="actor saved")
    expect(page.locator("h1")).to_have_text("Gymnasiet Test")
    expect(page.locator("main")).to_contain_text("Utbildar unga och vuxna i möbelsnickeri.")
    school = Actor.objects.get(organisation=world.school)
    initiative = Initiative.objects.create(title="Möbelsatsning", kind="course", owner=school)
    initiative.actors.add(world.federation_actor)

    visit(page, reverse("collaboration:actor_map"), label="actor map")
    image = page.locator("figure.actor-map img")
    expect(image).to_have_attribute("alt", "3 aktörer med 2 kopplingar, listade i tabellen nedan.")
    assert page.evaluate("document.querySelector('figure.actor-map img').naturalWidth") > 0
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text("Samma branschråd")
    expect(page.locator("table")).to_contain_text("Möbelsatsning")
    href = page.get_by_role("link", name="Ladda ned som PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    pages = PdfReader(io.BytesIO(response.body())).pages
    assert "Gymnasiet Test" in " ".join(" ".join(p.extract_text() for p in pages).split())

    visit(page, reverse("collaboration:coverage"), label="education coverage")
    first = page.locator("table tbody tr").first
    expect(first).to_contain_text("Lackering")
    expect(first).to_contain_text("Ingen anordnare")


@pytest.mark.parametrize("browser_context", [PHONE], indirect=True)
def test_actor_pages_reflow_on_a_phone(page, login_as, world):
    login_as(user(Role.COORDINATOR, world.outsider_org))
    for path, label in (
        (reverse("collaboration:actor_list"), "actors on a phone"),
        (
            reverse("collaboration:actor_detail", args=[world.federation_actor.pk]),
            "actor on a phone",
        ),
        (reverse("collaboration:actor_map"), "map on a phone"),
        (reverse("collaboration:coverage"), "coverage on a phone"),
    ):
        visit(page, path, label=label)
        assert_no_horizontal_scroll(page, label)
