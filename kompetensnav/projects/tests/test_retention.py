"""Retention that runs (participants/retention.py): the daily run anonymises exactly the
participants whose every course has passed its retention period, erases their names, e-mail
addresses, identity numbers and what the audit log said of them, keeps every figure, and says
so in the audit log; the registration form states the course's real period. (In projects'
tests: the run reaches projects' identity numbers by a signal.)"""

import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from kompetensnav.participants.models import Attendance, Participant, Registration
from kompetensnav.participants.retention import participants_anonymise, participants_due
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    course_with_sites,
)
from kompetensnav.projects.crypto import encrypt
from kompetensnav.projects.models import IdentityNumber
from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _course(project=None, *, last_session: date):
    course = CourseFactory(project=project)
    start = datetime(last_session.year, last_session.month, last_session.day, 9, tzinfo=STOCKHOLM)
    session = SessionFactory(course=course, start=start, end=start.replace(hour=12))
    return course, session


def _person(name: str, gender: str, *courses) -> Participant:
    person = ParticipantFactory(full_name=name, email=f"{name.lower()}@example.se", gender=gender)
    for course, session in courses:
        RegistrationFactory(participant=person, course=course)
        AttendanceFactory(participant=person, session=session, hours=Decimal("3"))
    return person


@pytest.fixture
def people():
    ended_long_ago = ProjectFactory(start=date(2012, 1, 1), end=date(2016, 6, 30))  # to 2026-06-30
    ended_lately = ProjectFactory(start=date(2020, 1, 1), end=date(2024, 6, 30))  # to 2034
    short_rule = ProjectFactory(start=date(2022, 1, 1), end=date(2023, 12, 31), retention_years=2)
    open_ended = ProjectFactory(start=date(2015, 1, 1), end=None)
    old = _course(ended_long_ago, last_session=date(2016, 5, 10))
    recent = _course(ended_lately, last_session=date(2024, 5, 10))
    short = _course(short_rule, last_session=date(2023, 11, 1))  # kept to 2025-12-31
    endless = _course(open_ended, last_session=date(2016, 5, 10))
    outside_old = _course(None, last_session=date(2023, 3, 1))  # three years: to 2026-03-01
    outside_new = _course(None, last_session=date(2024, 3, 1))  # to 2027-03-01
    return {
        "old": _person("Anna", "F", old),
        "old_and_recent": _person("Bo", "M", old, recent),
        "short": _person("Cia", "F", short),
        "endless": _person("Dan", "M", endless),
        "outside_old": _person("Eva", "X", outside_old),
        "outside_new": _person("Fia", "F", outside_new),
        "no_registration": ParticipantFactory(full_name="Gun", email="gun@example.se"),
    }


def _figures(year: str) -> dict:
    out = io.StringIO()
    call_command("figures", "--json", f"--from={year}-01-01", f"--to={year}-12-31", stdout=out)
    return json.loads(out.getvalue())


def test_the_run_anonymises_exactly_the_people_past_their_period(people):
    due = set(participants_due(today=TODAY).values_list("full_name", flat=True))
    assert due == {"Anna", "Cia", "Eva"}

    IdentityNumber.objects.create(
        participant=people["old"], personal_identity_number=encrypt("19800101-1234"),
        last_digits="34",
    )  # fmt: skip
    IdentityNumber.objects.create(
        participant=people["old_and_recent"], personal_identity_number=encrypt("19810101-1234"),
        last_digits="34",
    )  # fmt: skip
    figures = {year: _figures(year) for year in ("2016", "2023", "2024")}
    hours = sum(Attendance.objects.values_list("hours", flat=True))

    run = participants_anonymise(today=TODAY)

    gone = {people[key].pk for key in ("old", "short", "outside_old")}
    assert set(run.anonymised) == gone
    for person in Participant.objects.filter(pk__in=gone):
        assert (person.full_name, person.email) == ("", "")
        assert person.anonymised_at is not None
    kept = Participant.objects.exclude(pk__in=gone)
    assert all(p.full_name and p.email and p.anonymised_at is None for p in kept)
    # the figures keep their values: people, hours, gender
    assert {year: _figures(year) for year in figures} == figures
    assert sum(Attendance.objects.values_list("hours", flat=True)) == hours
    assert Participant.objects.get(pk=people["outside_old"].pk).gender == "X"
    assert Registration.objects.filter(participant_id__in=gone).count() == 3
    # the identity number goes with the name; another person's stays
    assert list(IdentityNumber.objects.values_list("participant_id", flat=True)) == [
        people["old_and_recent"].pk
    ]
    # nothing in the audit log names them any more; the run itself is recorded
    for entry in LogEntry.objects.all():
        text = f"{entry.object_repr} {entry.changes} {entry.changes_text} {entry.serialized_data}"
        assert "Anna" not in text and "anna@example.se" not in text, text
        assert "eva@example.se" not in text and "Cia" not in text, text
    assert any("Bo" in entry.object_repr for entry in LogEntry.objects.all())
    record = LogEntry.objects.get(additional_data__retention="participants_anonymise")
    assert record.actor is None and "3" in record.object_repr

    # a second run finds nobody
    assert participants_anonymise(today=TODAY).anonymised == []


def test_the_command_has_a_dry_run_that_changes_nothing(people):
    out = io.StringIO()
    call_command("anonymise_participants", "--dry-run", stdout=out)
    # today's date: the fixture's dates are all far enough from it (2026-12 and later)
    due = participants_due().count()
    assert f"{due} participants would be anonymised (dry run)" in out.getvalue()
    assert not Participant.objects.filter(anonymised_at__isnull=False).exists()
    assert not LogEntry.objects.filter(additional_data__retention="participants_anonymise")

    call_command("anonymise_participants", stdout=io.StringIO())
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == due


def test_daily_runs_the_retention(people):
    call_command("daily", stdout=io.StringIO(), stderr=io.StringIO())
    assert Participant.objects.get(pk=people["old"].pk).anonymised_at is not None


def test_the_registration_form_states_the_courses_real_period(client, own_org):
    project = ProjectFactory(
        name="Kompetenslyftet", start=date(2026, 1, 1), end=date(2027, 12, 31), retention_years=10
    )
    site = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(provider=own_org, sites=[site], project=project)
    page = client.get(reverse("registration:register", kwargs={"pk": course.pk})).text
    assert "31 december 2037" in page and "Kompetenslyftet" in page
    assert "10 år" in page

    outside = course_with_sites(provider=own_org, sites=[site])
    page = client.get(reverse("registration:register", kwargs={"pk": outside.pk})).text
    assert "3 år efter kursens sista tillfälle" in page
