"""Fixtures of the matching tests: a small network of published courses and needs written in
the brokers' style, matched for real (the bundled e5 model, no mock)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kompetensnav.analysis import services
from kompetensnav.campus.models import Course, Session
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory


@pytest.fixture(autouse=True)
def _fresh_index():
    services.forget_index()
    yield
    services.forget_index()


def publish(provider, title: str, description: str, areas: list[str]) -> Course:
    course = Course.objects.create(
        provider=provider, title_sv=title, description_sv=description, status="published"
    )
    course.areas.set([area_find_or_create(name=a) for a in areas])
    start = timezone.now() + timedelta(days=20)
    Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
    services.course_vector_refresh(course=course)
    return course


@pytest.fixture
def catalogue(own_org):
    """Three published courses of the own organisation."""
    return {
        "guests": publish(
            own_org,
            "Kundbemötande i hotell och restaurang",
            "Bemöta gäster, hantera klagomål och svåra samtal. För personal i hotell, "
            "restaurang och besöksnäring.",
            ["Kundbemötande"],
        ),
        "cnc": publish(
            own_org,
            "CNC-teknik för operatörer",
            "Programmering och körning av CNC-styrda fleroperationsmaskiner, ritningsläsning "
            "och mätteknik.",
            ["CNC-teknik"],
        ),
        "truck": publish(
            own_org,
            "Truckkort A+B",
            "Teori och praktik för behörighet att köra motviktstruck och skjutstativtruck.",
            ["Truckkort"],
        ),
    }


@pytest.fixture
def need_for():
    """need_for(area, description, **visit) -> a need of a visit, as a broker writes it."""

    def make(area: str, description: str = "", **visit):
        visit.setdefault("company", CompanyFactory(name="Verkstaden i Skövde AB"))
        visit.setdefault("date", timezone.localdate() - timedelta(days=3))
        return NeedFactory(
            visit=VisitFactory(**visit),
            area=area_find_or_create(name=area),
            description=description,
            employees_affected=4,
        )

    return make
