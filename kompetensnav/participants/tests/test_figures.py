"""The course and attendance key figures on a hand-built data set with known answers."""

import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetensnav.figures.registry import Period, compute
from kompetensnav.participants import figures
from tests.factories import OrganisationFactory, ProjectFactory

from .factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")
P = Period(date(2025, 1, 1), date(2025, 12, 31))


def _session(course, when: datetime, hours="3"):
    return SessionFactory(
        course=course, start=when, end=when + timedelta(hours=3), hours=Decimal(hours)
    )


@pytest.fixture
def data(own_org):
    other = OrganisationFactory(name="Annan anordnare")
    project = ProjectFactory(name="ESF", external_id="p1")
    excel = CourseFactory(provider=own_org, project=project, pilot=True)
    svenska = CourseFactory(provider=other)
    old = CourseFactory(provider=own_org)
    # sessions: two in P for excel, one in P for svenska; one of svenska just after P
    e1 = _session(excel, datetime(2025, 3, 1, 9, tzinfo=STHLM))
    e2 = _session(excel, datetime(2025, 3, 8, 9, tzinfo=STHLM))
    s1 = _session(svenska, datetime(2025, 12, 31, 23, 30, tzinfo=STHLM), hours="4")
    s2 = _session(svenska, datetime(2026, 1, 1, 0, 30, tzinfo=STHLM), hours="4")
    o1 = _session(old, datetime(2024, 12, 31, 23, 0, tzinfo=STHLM))
    anna = ParticipantFactory(gender="F")
    bo = ParticipantFactory(gender="M")
    kim = ParticipantFactory(gender="")
    eva = ParticipantFactory(gender="X")
    # registrations: dated in P except one; one cancelled
    RegistrationFactory(participant=anna, course=excel, registered=date(2025, 2, 1))
    RegistrationFactory(participant=bo, course=excel, registered=date(2025, 2, 2))
    RegistrationFactory(participant=kim, course=svenska, registered=date(2025, 11, 1))
    RegistrationFactory(
        participant=eva, course=excel, registered=date(2025, 2, 3), status="cancelled"
    )
    RegistrationFactory(participant=eva, course=old, registered=date(2024, 12, 1))
    RegistrationFactory(participant=anna, course=svenska, registered=date(2025, 11, 2))
    # attendance
    AttendanceFactory(session=e1, participant=anna, hours=Decimal("3"))
    AttendanceFactory(session=e2, participant=anna, hours=Decimal("1.5"))
    AttendanceFactory(session=e1, participant=bo, hours=Decimal("0"), present=False)
    AttendanceFactory(session=e2, participant=bo, hours=Decimal("2"))
    AttendanceFactory(session=s1, participant=kim, hours=Decimal("4"))
    AttendanceFactory(session=s2, participant=kim, hours=Decimal("4"))  # after P
    AttendanceFactory(session=s1, participant=anna, hours=Decimal("4"))
    AttendanceFactory(session=o1, participant=eva, hours=Decimal("3"))  # before P
    return {"project": project, "provider": own_org, "other": other}


def test_figures_whole_network(data):
    assert figures.courses_delivered(P) == 2
    assert figures.pilot_courses_delivered(P) == 1
    assert figures.sessions(P) == 3
    assert figures.participants_registered(P) == 3  # anna, bo, kim (eva cancelled, old)
    assert figures.participants_attended(P) == 3  # anna, bo, kim
    assert figures.attendance_hours_total(P) == Decimal("14.5")
    assert figures.attendance_hours_mean(P) == Decimal("4.8")
    assert figures.attendance_hours_max(P) == Decimal("8.5")  # anna 3 + 1.5 + 4
    assert figures.participants_by_gender(P) == {"F": 1, "M": 1, "X": 0, "unknown": 1}


def test_figures_for_a_project(data):
    period = Period(P.start, P.end, project=data["project"])
    assert figures.courses_delivered(period) == 1
    assert figures.sessions(period) == 2
    assert figures.participants_registered(period) == 2
    assert figures.participants_attended(period) == 2
    assert figures.attendance_hours_total(period) == Decimal("6.5")
    assert figures.attendance_hours_mean(period) == Decimal("3.3")  # 6.5 / 2 = 3.25 → 3.3
    assert figures.attendance_hours_max(period) == Decimal("4.5")
    assert figures.participants_by_gender(period) == {"F": 1, "M": 1, "X": 0, "unknown": 0}


def test_figures_for_a_provider(data):
    period = Period(P.start, P.end, organisation=data["other"])
    assert figures.courses_delivered(period) == 1
    assert figures.pilot_courses_delivered(period) == 0
    assert figures.attendance_hours_total(period) == Decimal("8")
    assert figures.participants_registered(period) == 2


def test_empty_period_gives_zeros(data):
    period = Period(date(2030, 1, 1), date(2030, 12, 31))
    assert figures.attendance_hours_mean(period) == 0
    assert figures.attendance_hours_max(period) == 0
    assert figures.participants_by_gender(period) == {"F": 0, "M": 0, "X": 0, "unknown": 0}


def test_figures_command_json(data):
    out = io.StringIO()
    call_command(
        "figures",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--project",
        "p1",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["courses_delivered"] == 1
    assert result["attendance_hours_total"] == 6.5
    assert result["attendance_hours_mean"] == 3.3
    assert result["participants_by_gender"] == {"F": 1, "M": 1, "X": 0, "unknown": 0}


def test_a_projects_mean_hours_is_one_value_on_the_totals_page_and_in_the_key_figures(
    own_org, make_user, client_for
):
    """3.25 hours per participant: 3.3 everywhere (half up), not 3.2 on the project page."""
    from django.urls import reverse

    from kompetensnav.figures.registry import compute
    from kompetensnav.participants.selectors import project_totals

    project = ProjectFactory(name="Kompetenslyft", external_id="p-mean")
    course = CourseFactory(provider=own_org, project=project)
    first = _session(course, datetime(2025, 3, 3, 9, tzinfo=STHLM), hours="3.5")
    second = _session(course, datetime(2025, 12, 31, 23, 30, tzinfo=STHLM), hours="3")
    late = _session(course, datetime(2026, 1, 1, 0, 30, tzinfo=STHLM), hours="3")
    one, two = ParticipantFactory(), ParticipantFactory()
    for person in (one, two):
        RegistrationFactory(participant=person, course=course)
    AttendanceFactory(session=first, participant=one, hours=Decimal("3.5"))
    AttendanceFactory(session=second, participant=two, hours=Decimal("3"))
    AttendanceFactory(session=late, participant=two, hours=Decimal("3"))  # next year
    coordinator = make_user("coordinator", OrganisationFactory(kind="network"))
    (row,) = project_totals(actor=coordinator, start=P.start, end=P.end)
    key = compute(Period(P.start, P.end, project=project))
    assert row["mean"] == key["attendance_hours_mean"] == Decimal("3.3")
    assert row["hours"] == key["attendance_hours_total"] == Decimal("6.5")
    assert row["attended"] == key["participants_attended"] == 2
    page = client_for(coordinator).get(
        reverse("participants:project_totals"), {"from": "2025-01-01", "to": "2025-12-31"}
    )
    assert "3,3" in page.content.decode()


def test_the_five_attendance_figures_share_one_scan_of_attendance(db):
    """participants_attended, the hours (total, mean, largest) and the genders read one pass
    over the period's attendance within compute() (figures.registry.scan)."""
    with CaptureQueriesContext(connection) as queries:
        compute(Period(date(2025, 1, 1), date(2025, 12, 31)))
    scans = [q for q in queries.captured_queries if "participants_attendance" in q["sql"]]
    assert len(scans) == 1
