"""The section network adds to the start page (network/panels.py): the network in figures."""

import pytest

from kompetensnav.accounts.enums import Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_start_page_shows_the_network_in_figures(make_user, own_org, client_for):
    OrganisationFactory(municipality_id="1490")  # Borås, another subregion than Uddevalla
    OrganisationFactory(municipality_id="1485")
    body = client_for(make_user(Role.VIEWER, own_org)).get("/").content.decode()
    figures = [part.split("</span>")[0] for part in body.split('<span class="figure">')[1:]]
    assert figures == ["3", "2", "2"]
