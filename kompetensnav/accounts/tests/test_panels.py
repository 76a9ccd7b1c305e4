"""The section accounts adds to the start page (accounts/panels.py): whom the user acts for,
the switch between several affiliations, and a word for a user without one."""

import pytest

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_start_page_names_the_acting_organisation_and_offers_a_switch(
    make_user, own_org, foreign_org, client_for
):
    user = make_user(Role.BROKER, own_org)
    body = client_for(user).get("/").content.decode()
    assert own_org.name in body and 'id="id_affiliation"' not in body
    Affiliation.objects.create(user=user, organisation=foreign_org, role=Role.VIEWER)
    body = client_for(user).get("/").content.decode()
    assert 'id="id_affiliation"' in body and foreign_org.name in body


def test_start_page_tells_a_user_without_an_affiliation_to_ask_for_one(client_for):
    body = client_for(UserFactory()).get("/").content.decode()
    assert '<div class="empty">' in body
