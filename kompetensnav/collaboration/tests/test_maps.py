"""The actor map with known answers: its links of three kinds, a private council's link
hidden from those who do not see the council, the SVG read back, and its PDF."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import Level
from kompetensnav.collaboration.maps import actor_map_svg
from kompetensnav.collaboration.models import Actor, Initiative
from kompetensnav.collaboration.selectors.actors import actor_map
from kompetensnav.network.models import Collaboration
from tests.factories import OrganisationFactory

from .council_world import build, user

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world():
    world = build()
    school = Actor.objects.create(organisation=world.school, level=Level.OPERATIVE)
    initiative = Initiative.objects.create(title="Möbelsatsning", kind="course", owner=school)
    initiative.actors.add(world.federation_actor)
    collaboration = Collaboration.objects.create(established="2026-01-10", title="Avtal Tibro")
    collaboration.parties.set([world.federation, world.school])
    world.federation_actor.industries.add("31")
    world.company_actor.industries.add("31")
    world.school_actor = school
    return world


def links(found) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {
        (*sorted((link.a.name, link.b.name)), link.kind, tuple(link.through))
        for link in found.links
    }


def test_the_map_links_actors_by_council_initiative_and_collaboration(world):
    coordinator = user(Role.COORDINATOR, OrganisationFactory(kind="network"))
    found = actor_map(actor=coordinator)
    assert {a.name for a in found.actors} == {
        "Kommunalförbundet Test",
        "Möbelfabriken Test AB",
        "Gymnasiet Test",
    }
    assert links(found) == {
        (
            "Kommunalförbundet Test",
            "Möbelfabriken Test AB",
            "council",
            ("Branschråd möbel och inredning",),
        ),
        ("Gymnasiet Test", "Kommunalförbundet Test", "initiative", ("Möbelsatsning",)),
        ("Gymnasiet Test", "Kommunalförbundet Test", "collaboration", ("Avtal Tibro",)),
    }
    # the industry filter keeps the actors working in it
    furniture = actor_map(actor=coordinator, industry="31")
    assert {a.name for a in furniture.actors} == {"Kommunalförbundet Test", "Möbelfabriken Test AB"}
    assert [link.kind for link in furniture.links] == ["council"]


def test_a_private_councils_link_is_not_drawn_for_those_who_do_not_see_it(world, client_for):
    outsider = user(Role.VIEWER, world.outsider_org)
    assert {link.kind for link in actor_map(actor=outsider).links} == {
        "initiative",
        "collaboration",
    }
    page = client_for(outsider).get(reverse("collaboration:actor_map")).text
    assert "Branschråd möbel" not in page
    assert "Avtal Tibro" in page


def test_the_svg_reads_back_with_its_actors_links_and_legend(world):
    coordinator = user(Role.COORDINATOR, OrganisationFactory(kind="network"))
    svg = ET.fromstring(actor_map_svg(actor_map(actor=coordinator), title="Aktörskarta: test"))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Aktörskarta: test"
    assert "3" in svg.find(f"{SVG}desc").text
    nodes = svg.findall(f".//{SVG}g[@class='actor']")
    assert len(nodes) == 3
    names = {node.find(f"{SVG}text").text for node in nodes}
    assert names == {"Kommunalförbundet Test", "Möbelfabriken Test AB", "Gymnasiet Test"}
    # the strategic actor is a square, the operative ones circles
    shapes = {node.find(f"{SVG}text").text: node[1].tag for node in nodes}
    assert shapes["Kommunalförbundet Test"] == f"{SVG}rect"
    assert shapes["Gymnasiet Test"] == f"{SVG}circle"
    lines = svg.findall(f".//{SVG}g[@class='links']/{SVG}line")
    assert sorted(line.get("data-kind") for line in lines) == [
        "collaboration",
        "council",
        "initiative",
    ]
    dashed = {line.get("data-kind"): line.get("stroke-dasharray") for line in lines}
    assert dashed["council"] is None and dashed["initiative"] and dashed["collaboration"]
    assert len(svg.findall(f".//{SVG}g[@class='legend']/{SVG}line")) == 3


def test_a_name_with_markup_stays_text_in_the_svg(world):
    world.school.name = 'Skolan <script>alert("x")</script> & co'
    world.school.save()
    coordinator = user(Role.COORDINATOR, OrganisationFactory(kind="network"))
    text = actor_map_svg(actor_map(actor=coordinator), title="<b>")
    assert "<script>" not in text
    ET.fromstring(text)


def test_the_map_page_and_its_pdf(world, client_for):
    client = client_for(user(Role.BROKER, world.federation))
    page = client.get(reverse("collaboration:actor_map"), {"industry": "31"})
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text
    assert "Samma branschråd" in page.text
    pdf = client.get(reverse("collaboration:actor_map_pdf"), {"industry": "31"})
    assert pdf["Content-Type"] == "application/pdf"
    assert "aktorskarta.pdf" in pdf["Content-Disposition"]
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Möbelfabriken Test AB" in text and "Samma branschråd" in text
    empty = client.get(reverse("collaboration:actor_map"), {"industry": "01"}).text
    assert "Inga aktörer verkar" in empty
