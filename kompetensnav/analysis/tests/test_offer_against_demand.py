"""Offer against demand under the needs analysis, on a hand-built data set: needs per area
against the published courses with a session in the period, their places and providers,
and the needs the matcher found no published course for.

| area | needs (companies) | matched to a published course | offer in 2025 |
| Kundbemötande | 3 (2), Fyrbodal | 1 | course A (own org): sites Uddevalla 12 & Lidköping 8, 5 remote |
| CNC | 1 (1), Skaraborg | 0 | – (course B is a draft; course C ran in 2024) |
| Svetsning | – | – | course D (foreign org): site Lidköping 10 |
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.urls import reverse

from kompetensnav.analysis import selectors
from kompetensnav.analysis.models import NeedMatch, NeedVector
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.visits.selectors import NeedFilters
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
YEAR = NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))


def _course(provider, title, areas, status="published"):
    course = Course.objects.create(provider=provider, title_sv=title, status=status)
    course.areas.set([area_find_or_create(name=a) for a in areas])
    return course


def _session(course, day, sites=(), remote=0):
    start = datetime(day.year, day.month, day.day, 9, tzinfo=TZ)
    session = Session.objects.create(
        course=course, start=start, end=start + timedelta(hours=3), remote_capacity=remote
    )
    for site, capacity in sites:
        SessionSite.objects.create(session=session, organisation=site, capacity=capacity)
    return session


@pytest.fixture
def data(own_org, foreign_org):
    uddevalla = OrganisationFactory(name="Lärcentrum Uddevalla", municipality_id="1485")
    lidkoping = OrganisationFactory(name="Lärcentrum Lidköping", municipality_id="1494")
    hotel = CompanyFactory(name="Hotell", municipality_id="1485")
    camping = CompanyFactory(name="Camping", municipality_id="1427")
    factory = CompanyFactory(name="Fabrik", municipality_id="1494")
    blank = np.zeros(384, dtype="<f4").tobytes()
    needs = []
    for company, area in [
        (hotel, "Kundbemötande"),
        (hotel, "Kundbemötande"),
        (camping, "Kundbemötande"),
        (factory, "CNC"),
    ]:
        need = NeedFactory(
            visit=VisitFactory(company=company, organisation=own_org, date=date(2025, 3, 3)),
            area=area_find_or_create(name=area),
        )
        NeedVector.objects.create(
            need=need, vector=blank, text_hash="x", matched_at=need.visit.created
        )
        needs.append(need)
    a = _course(own_org, "Kundbemötande A", ["Kundbemötande"])
    # two sessions: at each site the fewer places count (12 and 8), remote 5
    _session(a, date(2025, 4, 1), [(uddevalla, 12), (lidkoping, 8)], remote=5)
    _session(a, date(2025, 4, 8), [(uddevalla, 15), (lidkoping, 8)], remote=6)
    NeedMatch.objects.create(need=needs[0], course=a, rank=1, score=0.9)
    b = _course(own_org, "CNC B", ["CNC"], status="draft")
    _session(b, date(2025, 5, 1), [(lidkoping, 10)])
    c = _course(own_org, "CNC C", ["CNC"])
    _session(c, date(2024, 5, 1), [(lidkoping, 10)])
    d = _course(foreign_org, "Svetsning D", ["Svetsning"])
    _session(d, date(2025, 9, 1), [(lidkoping, 10)])
    return {"a": a}


def _rows(filters=YEAR):
    offer = selectors.offer_against_demand(actor=None, filters=filters)
    rows = {
        r["area"]: (
            r["needs"],
            r["companies"],
            r["unmet"],
            r["courses"],
            r["places"],
            r["providers"],
        )
        for r in offer["rows"]
    }
    return rows, offer["totals"]


def test_needs_against_the_offer_per_area(data):
    rows, totals = _rows()
    assert rows == {
        "Kundbemötande": (3, 2, 2, 1, 25, 1),  # 12 + 8 + 5 places; one need matched
        "CNC": (1, 1, 1, 0, 0, 0),  # the draft and last year's course are no offer
        "Svetsning": (0, 0, 0, 1, 10, 1),  # an offer without a need
    }
    assert totals == {"needs": 4, "unmet": 3, "waiting": 0, "courses": 2, "places": 35}
    offer = selectors.offer_against_demand(actor=None, filters=YEAR)
    assert [r["area"] for r in offer["rows"]] == ["Kundbemötande", "CNC", "Svetsning"]


def test_a_subregion_counts_the_sites_there(data):
    rows, totals = _rows(
        NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), subregion="skaraborg")
    )
    # the needs of Skaraborg; the courses with a site in Skaraborg, its places and remote
    assert rows == {
        "CNC": (1, 1, 1, 0, 0, 0),
        "Kundbemötande": (0, 0, 0, 1, 13, 1),  # Lidköping 8 + remote 5
        "Svetsning": (0, 0, 0, 1, 10, 1),
    }
    assert totals["courses"] == 2


def test_the_panel_is_on_the_needs_analysis(data, client_for, broker):
    response = client_for(broker).get(
        reverse("visits:dashboard"), {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    html = response.content.decode()
    assert 'id="offer-against-demand"' in html
    assert "Utbud mot efterfrågan" in html


def test_a_need_the_matcher_has_not_seen_is_waiting_not_unmet(data, client_for, broker):
    hotel = CompanyFactory(name="Nytt hotell", municipality_id="1485")
    NeedFactory(visit=VisitFactory(company=hotel, date=date(2025, 6, 6)),
                area=area_find_or_create(name="Kundbemötande"))  # fmt: skip
    rows, totals = _rows()
    assert rows["Kundbemötande"][:3] == (4, 3, 2)  # a need more, none more without an offer
    assert (totals["unmet"], totals["waiting"]) == (3, 1)
    response = client_for(broker).get(
        reverse("visits:dashboard"), {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    assert "1 behov registrerades så nyligen" in response.text
