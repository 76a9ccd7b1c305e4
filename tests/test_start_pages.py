"""Each role's start page answers "what do I do now" (issue: each role's day): a broker's
follow-ups, visits of the week and courses to offer; a coordinator's review queue, project
warnings, needs without an offer and imports; a course provider's courses, sessions and
attendance to record; the board's review queue; a viewer's key figures. Each sees their
own sections and not the others', in a fixed number of queries."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis.models import NeedMatch, NeedVector
from kompetensnav.interchange.models import ImportJob
from kompetensnav.participants.tests.factories import (
    CourseFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSiteFactory,
)
from kompetensnav.projects.models import Project
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "broker": ["Din dag", "Kurser att erbjuda företagen du besökt"],
    "coordinator": [
        "Väntar på styrelsen",
        "Projektvarningar",
        "Behov utan erbjudande",
        "Importer",
        "Nätverket",
    ],
    "provider": ["Era kurser"],
    "board": ["Väntar på styrelsen"],
    "viewer": ["Nätverket i siffror"],
}


@pytest.fixture
def day(make_user, own_org, network_org):
    today = timezone.localdate()
    people = {
        "broker": make_user(Role.BROKER, own_org),
        "coordinator": make_user(Role.COORDINATOR, network_org),
        "provider": make_user(Role.COURSE_PROVIDER, own_org),
        "board": make_user(Role.BOARD, own_org),
        "viewer": make_user(Role.VIEWER, own_org),
    }
    broker = people["broker"]
    overdue = VisitFactory(
        organisation=own_org,
        visited_by=[broker],
        date=today - timedelta(days=40),
        follow_up_date=today - timedelta(days=2),
        company__name="Sen Uppföljning AB",
    )
    this_week = VisitFactory(
        organisation=own_org, visited_by=[broker], date=today, company__name="Veckans Företag AB"
    )
    need = NeedFactory(visit=this_week, area__name="Svetsning")
    offered = CourseFactory(provider=own_org, title_sv="Svetsning MIG")
    NeedMatch.objects.create(need=need, course=offered, rank=1, score=0.9)
    CourseFactory(provider=own_org, status="submitted", title_sv="Väntande kurs")
    unmet = NeedFactory(visit=overdue, area__name="Logistik")
    NeedVector.objects.create(need=unmet, vector=b"", text_hash="x", matched_at=timezone.now())
    Project.objects.create(
        name="ESF Kompetens",
        funder="esf",
        end=today + timedelta(days=200),
        forecast_warned_on=today,
    )
    ImportJob.objects.create(
        kind="companies",
        filename="foretag.csv",
        file_format="csv",
        content=b"x",
        size=1,
        status=ImportJob.Status.INVALID,
    )
    week_session = SessionFactory(course=offered, start=timezone.now() + timedelta(minutes=5))
    SessionSiteFactory(session=week_session, organisation=own_org)
    past = SessionFactory(
        course=offered,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=3),
        hours=Decimal(3),
    )
    RegistrationFactory(course=offered, site=own_org)
    return {"people": people, "overdue": overdue, "past": past, "offered": offered}


def _page(client_for, user):
    return client_for(user).get(reverse("common:home")).text


@pytest.mark.parametrize("role", SECTIONS)
def test_each_role_sees_its_own_sections_only(role, day, client_for):
    html = _page(client_for, day["people"][role])
    # the sections' headings, without a year ("Nätverket i siffror, 2026")
    headings = [re.sub(r", \d{4}$", "", h) for h in re.findall(r"<h2[^>]*>([^<]*)</h2>", html)]
    for heading in SECTIONS[role]:
        assert heading in headings, (heading, headings)
    others = {h for r, hs in SECTIONS.items() if r != role for h in hs} - set(SECTIONS[role])
    for heading in others:
        assert heading not in headings, (heading, headings)


def test_a_brokers_day(day, client_for):
    html = _page(client_for, day["people"]["broker"])
    assert "Sen Uppföljning AB" in html and "försenad" in html
    assert "Veckans Företag AB" in html and "(1 behov)" in html
    assert "Svetsning MIG" in html and "Tipsa företaget" in html
    assert reverse("visits:visit_create") in html


def test_a_coordinators_day(day, client_for):
    html = _page(client_for, day["people"]["coordinator"])
    assert "1 kurs inskickad för granskning" in html
    assert "ESF Kompetens" in html and "prognosen för medfinansieringen räcker inte" in html
    assert "1 aktuellt behov saknar kurs" in html
    assert "foretag.csv" in html and "behöver dig" in html


def test_a_course_providers_day(day, client_for):
    html = _page(client_for, day["people"]["provider"])
    assert "Publicerad</a>: 1" in html and "Inskickad för granskning</a>: 1" in html
    assert "Tillfällen den här veckan" in html and "Svetsning MIG" in html
    assert reverse("participants:attendance", args=[day["past"].pk]) in html
    assert "inte registrerad" in html


def test_a_viewers_day_shows_this_years_key_figures(day, client_for):
    html = _page(client_for, day["people"]["viewer"])
    year = timezone.localdate().year
    assert f"Nätverket i siffror, {year}" in html
    assert f"from={year}-01-01&amp;to={year}-12-31" in html


@pytest.mark.parametrize("role", SECTIONS)
def test_start_pages_use_few_queries(role, day, client_for, django_assert_max_num_queries):
    client = client_for(day["people"][role])
    client.get(reverse("common:home"))
    with django_assert_max_num_queries(30):
        client.get(reverse("common:home"))
