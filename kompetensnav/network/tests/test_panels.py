"""The section network adds to the start page (network/panels.py): the network in figures,
for the coordinators who run it (the other roles' start pages show their own work)."""

import pytest

from kompetensnav.accounts.enums import Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _figures(body: str) -> list[str]:
    section = body.split("<h2>Nätverket</h2>")[1] if "<h2>Nätverket</h2>" in body else ""
    return [part.split("</span>")[0] for part in section.split('<span class="figure">')[1:]]


def test_start_page_shows_the_network_in_figures(make_user, network_org, client_for):
    OrganisationFactory(municipality_id="1490")  # Borås, another subregion than Uddevalla
    OrganisationFactory(municipality_id="1485")
    body = client_for(make_user(Role.COORDINATOR, network_org)).get("/").content.decode()
    assert _figures(body)[:3] == ["3", "2", "2"]


@pytest.mark.parametrize("role", [Role.BROKER, Role.COURSE_PROVIDER, Role.BOARD, Role.VIEWER])
def test_the_other_roles_see_their_own_work_instead(role, make_user, own_org, client_for):
    body = client_for(make_user(role, own_org)).get("/").content.decode()
    assert "<h2>Nätverket</h2>" not in body
