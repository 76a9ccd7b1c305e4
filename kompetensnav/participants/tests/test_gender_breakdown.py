"""Women and men among the participants, under the needs analysis: registered and attended
per area, industry and course, with the small-number rule of the key figures."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from kompetensnav.competences.services import area_find_or_create
from kompetensnav.figures.privacy import Hidden
from kompetensnav.participants.selectors import gender_breakdown
from kompetensnav.visits.selectors import NeedFilters
from tests.factories import CompanyFactory

from .factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
YEAR = NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))


@pytest.fixture
def data():
    """Course Kund (area Kundbemötande): 6 women and 5 men registered, of whom 5 women and 1
    man attended; one cancelled man. Course CNC: 2 women, 6 men, 1 not stated registered,
    none attended. Employers: a hotel (SNI 55, section I) for Kund, a factory (31, C) for CNC."""
    hotel = CompanyFactory(name="Hotell", sni_id="55")
    factory = CompanyFactory(name="Fabrik", sni_id="31")
    kund = CourseFactory(title_sv="Kund")
    kund.areas.set([area_find_or_create(name="Kundbemötande")])
    cnc = CourseFactory(title_sv="CNC")
    cnc.areas.set([area_find_or_create(name="CNC")])
    start = datetime(2025, 3, 4, 9, tzinfo=TZ)
    session = SessionFactory(course=kund, start=start, end=start + timedelta(hours=3))
    day = date(2025, 3, 1)
    people = [("F", 6, 5), ("M", 5, 1)]
    for gender, registered, attended in people:
        for n in range(registered):
            person = ParticipantFactory(gender=gender, employer=hotel)
            RegistrationFactory(participant=person, course=kund, registered=day)
            if n < attended:
                AttendanceFactory(session=session, participant=person, hours=Decimal(3))
    cancelled = ParticipantFactory(gender="M", employer=hotel)
    RegistrationFactory(participant=cancelled, course=kund, registered=day, status="cancelled")
    for gender, count in [("F", 2), ("M", 6), ("", 1)]:
        for _n in range(count):
            person = ParticipantFactory(gender=gender, employer=factory)
            RegistrationFactory(participant=person, course=cnc, registered=day)
    # outside the period
    RegistrationFactory(participant__gender="F", course=kund, registered=date(2024, 12, 31))


def _table(rows):
    return {
        r["label"]: (
            tuple(r["registered"][c] for c in ("F", "M", "other", "total")),
            tuple(r["attended"][c] for c in ("F", "M", "other", "total")),
        )
        for r in rows
    }


FEW, NOT_SHOWN = Hidden(few=True), Hidden()


def test_per_area_with_the_small_number_rule(data):
    found = gender_breakdown(actor=None, filters=YEAR)
    assert _table(found["areas"]) == {
        "Kundbemötande": ((6, 5, 0, 11), (5, FEW, FEW, 6)),  # 1 man attended: < 5
        # 2 women and 1 other are few; the others are hidden too, the zero with them
        "CNC": ((FEW, 6, FEW, 9), (0, 0, 0, 0)),
    }


def test_per_industry_and_course(data):
    found = gender_breakdown(actor=None, filters=YEAR)
    assert [r["key"] for r in found["industries"]] == ["I", "C"]  # most registered first
    assert all(r["label"].startswith(r["key"] + " ") for r in found["industries"])
    assert _table(found["industries"])[found["industries"][1]["label"]][0][3] == 9
    kund = next(r for r in found["courses"] if r["label"].startswith("Kund – "))
    assert _table([kund])[kund["label"]][0] == (6, 5, 0, 11)


def test_filters_area_and_industry(data):
    def titles(filters):
        return [
            r["label"].split(" – ")[0]
            for r in gender_breakdown(actor=None, filters=filters)["courses"]
        ]

    cnc = area_find_or_create(name="CNC")
    assert titles(
        NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), area=cnc.pk)
    ) == ["CNC"]
    assert titles(NeedFilters(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), sni="I")) == [
        "Kund"
    ]


def test_the_panel_is_on_the_needs_analysis(data, client_for, broker):
    response = client_for(broker).get(
        reverse("visits:dashboard"), {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    html = response.content.decode()
    assert 'id="gender"' in html and "Kvinnor och män bland deltagarna" in html
    assert "&lt; 5" in html
