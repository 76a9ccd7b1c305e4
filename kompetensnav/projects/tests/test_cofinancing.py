"""Co-financing from participant hours: a data set with known answers for the forecast."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kompetensnav.campus.models import Course, Session
from kompetensnav.participants.models import Attendance, Participant
from kompetensnav.projects.cofinancing import cofinancing
from kompetensnav.projects.models import BudgetLine, Project

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def esf(own_org):
    project = Project.objects.create(
        name="Kompetenslyftet",
        funder="esf",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        cofinancing_sek_per_hour=Decimal(300),
    )
    BudgetLine.objects.create(
        project=project, category="participants_time", budgeted_sek=Decimal(360_000)
    )
    course = Course.objects.create(provider=own_org, title_sv="Kundbemötande", project=project)
    other = Course.objects.create(provider=own_org, title_sv="Utan projekt")
    people = [Participant.objects.create(full_name=f"Deltagare {n}") for n in range(10)]

    def session(course, day: date, hours: int) -> Session:
        start = datetime(day.year, day.month, day.day, 9, tzinfo=STOCKHOLM)
        return Session.objects.create(
            course=course, start=start, end=start.replace(hour=9 + hours), hours=hours
        )

    # January–April: 10 people × 5 hours = 50 hours a month; a session at midnight's edge
    # of a month counts in the month it starts (Stockholm time).
    for month in (1, 2, 3, 4):
        s = session(course, date(2026, month, 10), 5)
        for person in people:
            Attendance.objects.create(session=s, participant=person, hours=5)
    # absent people and other courses do not count
    absent = session(course, date(2026, 4, 20), 5)
    Attendance.objects.create(session=absent, participant=people[0], present=False, hours=0)
    unrelated = session(other, date(2026, 2, 2), 5)
    Attendance.objects.create(session=unrelated, participant=people[1], hours=5)
    # May so far (the current month): 20 hours
    may = session(course, date(2026, 5, 5), 4)
    for person in people[:5]:
        Attendance.objects.create(session=may, participant=person, hours=4)
    return project


def test_cofinancing_forecast_known_answers(esf):
    result = cofinancing(esf, today=date(2026, 5, 15))
    assert [m.hours for m in result.months] == [50, 50, 50, 50, 20]
    assert [m.value for m in result.months] == [15000, 15000, 15000, 15000, 6000]
    assert result.accumulated == Decimal(66000)
    assert result.complete_months == 4
    assert result.pace == Decimal(15000)
    assert result.remaining_months == 8  # May–December
    # 60 000 from complete months + 15 000 × 8
    assert result.forecast == Decimal(180000)
    assert result.shortfall == Decimal(180000)
    assert result.forecast_pct == Decimal("50.0")
    # (360 000 − 66 000) / 300 kr / 8 months
    assert result.hours_needed_per_month == Decimal("122.5")
    # the budget spread evenly: 30 000 a month
    assert [m.planned_accumulated for m in result.months] == [30000, 60000, 90000, 120000, 150000]
    assert result.months[0].participants == 10


def test_cofinancing_no_forecast_in_the_first_month(esf):
    result = cofinancing(esf, today=date(2026, 1, 20))
    assert result.forecast is None and result.shortfall is None
    assert result.accumulated == Decimal(15000)


def test_cofinancing_after_the_end_is_what_was_reached(esf):
    result = cofinancing(esf, today=date(2027, 2, 1))
    assert result.forecast == Decimal(66000)
    assert result.remaining_months == 0


def test_cofinancing_on_track_has_no_shortfall(esf):
    BudgetLine.objects.filter(project=esf).update(budgeted_sek=Decimal(150_000))
    result = cofinancing(esf, today=date(2026, 5, 15))
    assert result.forecast == Decimal(180000)
    assert result.shortfall is None


def test_cofinancing_without_rate_is_unavailable(esf):
    esf.cofinancing_sek_per_hour = None
    assert cofinancing(esf, today=date(2026, 5, 15)).available is False


def test_shortfall_warning_mails_coordinators_once_a_month(
    esf, coordinator, broker, django_capture_on_commit_callbacks
):
    from django.core import mail

    from kompetensnav.projects.services import cofinancing_warnings_send
    from tests.tasks import run_queued_tasks

    with django_capture_on_commit_callbacks(execute=True):
        warned = cofinancing_warnings_send(today=date(2026, 5, 15))
    assert warned == [esf]
    run_queued_tasks()
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert "prognos 180\xa0000 kr av budgeterade 360\xa0000 kr" in message.body
    assert "Kompetenslyftet" in message.body and "180\xa0000 kr" in message.body
    assert f"/projects/{esf.pk}/" in message.body
    # not again within a month
    assert cofinancing_warnings_send(today=date(2026, 6, 1)) == []
    assert cofinancing_warnings_send(today=date(2026, 6, 20)) == [esf]


def test_no_warning_when_on_track(esf, coordinator):
    from kompetensnav.projects.services import cofinancing_warnings_send

    BudgetLine.objects.filter(project=esf).update(budgeted_sek=Decimal(100_000))
    assert cofinancing_warnings_send(today=date(2026, 5, 15)) == []


def test_attendance_in_a_project_course_rechecks_its_forecast_at_once(
    own_org, coordinator, django_capture_on_commit_callbacks
):
    """No waiting for the daily check: the list that is saved triggers the warning, for its
    own project only, and still at most once a month."""
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from kompetensnav.participants.models import Registration
    from kompetensnav.participants.services import AttendanceMark, attendance_save
    from kompetensnav.projects.services import cofinancing_warnings_send
    from tests.tasks import run_queued_tasks

    today = timezone.localdate()

    def project(name):
        p = Project.objects.create(
            name=name,
            funder="esf",
            start=today - timedelta(days=200),
            end=today + timedelta(days=200),
            cofinancing_sek_per_hour=Decimal(300),
        )
        BudgetLine.objects.create(
            project=p, category="participants_time", budgeted_sek=Decimal(5_000_000)
        )
        return p

    short, other = project("Kort om timmar"), project("Också kort")
    course = Course.objects.create(provider=own_org, title_sv="Svetsning", project=short)
    person = Participant.objects.create(full_name="Deltagare", email="d@example.se")
    Registration.objects.create(course=course, participant=person, remote=True)
    sessions = []
    for days_ago in (100, 60):
        start = timezone.now() - timedelta(days=days_ago)
        sessions.append(
            Session.objects.create(course=course, start=start, end=start + timedelta(hours=3))
        )

    def save(session):
        with django_capture_on_commit_callbacks(execute=True):
            attendance_save(
                actor=coordinator,
                session=session,
                marks=[AttendanceMark(person.pk, True, Decimal(3))],
            )
        run_queued_tasks()

    save(sessions[0])
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert "Kort om timmar" in message.body and "Också kort" not in message.body
    short.refresh_from_db()
    other.refresh_from_db()
    assert short.forecast_warned_on == today and other.forecast_warned_on is None
    save(sessions[1])  # within the month: no second warning
    assert len(mail.outbox) == 1
    # the daily check still finds the other project
    assert cofinancing_warnings_send() == [other]


def test_participants_time_has_one_actual_value_computed_from_attendance(
    esf, client_for, coordinator
):
    """The budget line of participants' time shows the computed co-financing, never a typed
    figure beside it: the form refuses one, and so does the database."""
    from django.db import IntegrityError, transaction
    from django.urls import reverse

    reached = cofinancing(esf).accumulated
    client = client_for(coordinator)
    line = esf.budget_lines.get()
    edit = reverse("projects:budget_line_edit", args=[line.pk])
    refused = client.post(
        edit, {"category": "participants_time", "budgeted_sek": "360000", "actual_sek": "99"}
    )
    assert refused.status_code == 200
    assert "beräknas från närvarotimmarna" in refused.content.decode()
    line.refresh_from_db()
    assert line.actual_sek == 0
    page = client.get(reverse("projects:project_detail", args=[esf.pk])).content.decode()
    budget = page[page.index('id="budget-heading"') : page.index('id="cofinancing-heading"')]
    from kompetensnav.common.templatetags.swedish import sek

    assert sek(reached) in budget and sek(reached) in page[page.index('id="cofinancing-heading"') :]
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(actual_sek=Decimal(5))
