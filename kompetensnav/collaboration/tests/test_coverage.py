"""Education coverage with known answers: needs per area and subregion against the providers
there (education areas or a published course), gaps first, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.selectors.actors import coverage
from kompetensnav.participants.tests.factories import CourseFactory
from kompetensnav.visits.tests.factories import CompetenceAreaFactory, NeedFactory, VisitFactory
from tests.factories import AffiliationFactory, CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIDKOPING, UDDEVALLA = "1494", "1485"  # Skaraborg, Fyrbodal


@pytest.fixture
def viewer():
    return AffiliationFactory(role=Role.VIEWER).user


@pytest.fixture
def world():
    recent = timezone.localdate() - timedelta(days=30)
    cnc, weld, truck = (CompetenceAreaFactory(name=n) for n in ("CNC", "Svetsning", "Truck"))
    skaraborg_company = CompanyFactory(municipality_id=LIDKOPING)
    fyrbodal_company = CompanyFactory(municipality_id=UDDEVALLA)
    for area, company, count in (
        (cnc, skaraborg_company, 2),
        (truck, skaraborg_company, 1),
        (weld, fyrbodal_company, 1),
    ):
        for _ in range(count):
            NeedFactory(visit=VisitFactory(company=company, date=recent), area=area)
    # an old need is history, not a current need
    NeedFactory(
        visit=VisitFactory(company=skaraborg_company, date=recent.replace(year=2015)), area=truck
    )
    school = OrganisationFactory(name="Lärcentrum Lidköping", municipality_id=LIDKOPING)
    school.education_areas.add(cnc)
    provider = OrganisationFactory(name="Vux Uddevalla", municipality_id=UDDEVALLA)
    course = CourseFactory(provider=provider, status="published")
    course.areas.add(weld)
    draft = CourseFactory(provider=school, status="draft")
    draft.areas.add(truck)  # a draft offers nothing
    return {"cnc": cnc, "weld": weld, "truck": truck}


def test_coverage_sets_needs_against_providers_with_gaps_first(world, viewer):
    rows = coverage(actor=viewer)
    summary = [(r.area, r.subregion_id, r.needs, r.companies, r.providers, r.gap) for r in rows]
    assert summary == [
        ("Truck", "skaraborg", 1, 1, [], True),
        ("CNC", "skaraborg", 2, 1, ["Lärcentrum Lidköping"], False),
        ("Svetsning", "fyrbodal", 1, 1, ["Vux Uddevalla"], False),
    ]
    assert [r.courses for r in rows] == [0, 0, 1]
    assert [r.area for r in coverage(actor=viewer, gaps_only=True)] == ["Truck"]
    assert [r.area for r in coverage(actor=viewer, subregion="fyrbodal")] == ["Svetsning"]


def test_the_coverage_page_marks_gaps_in_words_in_a_fixed_number_of_queries(
    world, viewer, client_for, django_assert_max_num_queries
):
    client = client_for(viewer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("collaboration:coverage"))
    assert "Ingen anordnare" in page.text
    assert "1 område med behov och utan anordnare" in page.text
    assert (
        client.get(reverse("collaboration:coverage"), {"subregion": "nowhere"}).status_code == 200
    )
