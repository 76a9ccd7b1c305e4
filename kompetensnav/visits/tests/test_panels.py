"""The sections visits adds to the company page (visits/panels.py): the visits (another
organisation's only as date and organisation), the needs, and the button to log a visit."""

import pytest
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_company_page_history_hides_other_organisations_notes(
    client_for, broker, own_org, foreign_org
):
    company = CompanyFactory(name="Vänerns Möbelsnickeri AB")
    own = VisitFactory(company=company, organisation=own_org, advice="Vårt råd om CNC")
    VisitFactory(company=company, organisation=foreign_org, advice="Deras hemliga råd")
    NeedFactory(visit=own, area__name="CNC-operatörer")
    response = client_for(broker).get(reverse("companies:company_detail", args=[company.pk]))
    html = response.content.decode()
    assert "Vårt råd om CNC" in html and "CNC-operatörer" in html
    assert "Deras hemliga råd" not in html
    assert "Vuxenutbildning Annan" in html  # the other visit shows as date + organisation
    assert reverse("visits:visit_detail", args=[own.pk]) in html


def test_company_page_offers_logging_a_visit_only_to_those_who_log_visits(
    client_for, broker, make_user, own_org
):
    company = CompanyFactory()
    url = reverse("companies:company_detail", args=[company.pk])
    link = f'href="{reverse("visits:visit_create")}?company={company.pk}"'
    assert link in client_for(broker).get(url).content.decode()
    viewer = make_user(Role.VIEWER, own_org)
    html = client_for(viewer).get(url).content.decode()
    assert link not in html and 'id="visits"' in html
