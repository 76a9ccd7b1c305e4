"""The figures visits, companies_visited and needs on a data set with known answers,
directly and through `manage.py figures --json`."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from kompetensnav.figures.registry import Period, compute
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    lidkoping, boras = OrganisationFactory(external_id="o1"), OrganisationFactory(external_id="o2")
    a, b, c = CompanyFactory(), CompanyFactory(), CompanyFactory()
    in_period = [
        VisitFactory(company=a, organisation=lidkoping, date=date(2025, 1, 1)),  # first day
        VisitFactory(company=a, organisation=lidkoping, date=date(2025, 6, 30)),  # last day
        VisitFactory(company=b, organisation=boras, date=date(2025, 3, 15)),
    ]
    outside = [
        VisitFactory(company=c, organisation=lidkoping, date=date(2024, 12, 31)),
        VisitFactory(company=c, organisation=boras, date=date(2025, 7, 1)),
    ]
    for visit, count in zip(in_period, [2, 1, 3], strict=True):
        NeedFactory.create_batch(count, visit=visit)
    for visit in outside:
        NeedFactory(visit=visit)
    return {"lidkoping": lidkoping, "boras": boras}


def test_visit_figures_count_the_period_inclusively(data):
    figures = compute(Period(date(2025, 1, 1), date(2025, 6, 30)))
    assert (figures["visits"], figures["companies_visited"], figures["needs"]) == (3, 2, 6)


def test_visit_figures_restricted_to_a_broker_organisation(data):
    period = Period(date(2025, 1, 1), date(2025, 6, 30), organisation=data["lidkoping"])
    figures = compute(period)
    assert (figures["visits"], figures["companies_visited"], figures["needs"]) == (2, 1, 3)


def test_visit_figures_through_the_command(data, capsys):
    call_command("figures", "--from", "2025-01-01", "--to", "2025-06-30", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["visits"], figures["companies_visited"], figures["needs"]) == (3, 2, 6)
    call_command(
        "figures", "--from", "2025-01-01", "--to", "2025-12-31", "--organisation", "o2", "--json"
    )
    figures = json.loads(capsys.readouterr().out)
    assert (figures["visits"], figures["companies_visited"], figures["needs"]) == (2, 2, 4)
