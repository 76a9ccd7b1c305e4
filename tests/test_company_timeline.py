"""A company's timeline (the company as a customer): its visits with their needs, the courses
it was told about, its employees' registrations and attended hours, newest first, in one
list on the company's page, paginated; counts only about employees (the page is shared
across the network), and a visit of another organisation without its link."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.analysis.models import CourseTip
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)
from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory
from tests.factories import CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(own_org, broker):
    company = CompanyFactory(name="Tidslinjen AB")
    own = VisitFactory(
        company=company, organisation=own_org, visited_by=[broker], date=date(2026, 3, 2)
    )
    NeedFactory(visit=own, area__name="Svetsning")
    VisitFactory(
        company=company, organisation=OrganisationFactory(name="Annan Skola"), date=date(2026, 5, 4)
    )
    course = CourseFactory(title_sv="MIG-svetsning")
    CourseTip.objects.create(
        visit=own,
        course=course,
        sent_to="vd@tidslinjen.se",
        subject="Tips",
        body="…",
        sent_at=timezone.make_aware(timezone.datetime(2026, 3, 10, 9)),
    )
    session = SessionFactory(
        course=course,
        start=timezone.make_aware(timezone.datetime(2026, 4, 7, 8)),
    )
    for name in ("Anna Anställd", "Bo Anställd"):
        person = ParticipantFactory(full_name=name, employer=company)
        RegistrationFactory(participant=person, course=course, registered=date(2026, 3, 20))
        AttendanceFactory(participant=person, session=session, hours=Decimal("2.5"))
    return company


def test_the_timeline_tells_the_companys_story_newest_first(company, broker, client_for):
    response = client_for(broker).get(reverse("companies:company_detail", args=[company.pk]))
    rows = [
        (e.when.isoformat(), str(e.kind), e.text)
        for e in response.context["timeline"]["object_list"]
    ]
    assert rows == [
        ("2026-05-04", "Besök", "Besök av Annan Skola"),
        ("2026-04-07", "Närvaro", "2 anställda närvarade på MIG-svetsning: 5,0 timmar"),
        ("2026-03-20", "Anmälningar", "2 anställda anmälda till MIG-svetsning"),
        ("2026-03-10", "Kurstips", "Företaget fick tips om MIG-svetsning"),
        ("2026-03-02", "Besök", "Besök av Lärcentrum Egen: behov inom Svetsning"),
    ]
    html = response.text
    assert "Anna Anställd" not in html and "vd@tidslinjen.se" not in html
    entries = response.context["timeline"]["object_list"]
    assert entries[0].url == ""  # another organisation's visit: not opened from here
    assert entries[-1].url.startswith("/visits/")


def test_a_long_timeline_is_paginated(company, broker, client_for, own_org):
    for n in range(25):
        VisitFactory(
            company=company,
            organisation=own_org,
            visited_by=[broker],
            date=date(2025, 1, 1) + timedelta(days=n),
        )
    client = client_for(broker)
    url = reverse("companies:company_detail", args=[company.pk])
    first = client.get(url).context["timeline"]
    assert len(first["object_list"]) == 20 and first["page_obj"].paginator.count == 30
    last = client.get(url, {"page": "2"}).context["timeline"]["object_list"]
    assert len(last) == 10 and last[-1].when == date(2025, 1, 1)


def test_the_timeline_costs_a_fixed_number_of_queries(
    company, broker, client_for, own_org, django_assert_max_num_queries
):
    VisitFactory.create_batch(10, company=company, organisation=own_org, visited_by=[broker])
    client = client_for(broker)
    url = reverse("companies:company_detail", args=[company.pk])
    client.get(url)
    with django_assert_max_num_queries(32):
        client.get(url)


def test_an_empty_timeline_says_so(make_user, own_org, client_for):
    company = CompanyFactory()
    html = (
        client_for(make_user(Role.VIEWER, own_org))
        .get(reverse("companies:company_detail", args=[company.pk]))
        .text
    )
    assert "Inget har hänt med företaget ännu" in html
